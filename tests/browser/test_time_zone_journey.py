"""Issue 16, items 16 and 4: a program in WITA, a meeting at 09.00 WITA, and a submitted health check
that cannot slip back to draft. Both steps failed before: the meeting form had no start time, and the
health check form offered "Simpan draf" after it was submitted."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.layout import main_action_visible
from tests.browser.test_journeys import login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_in_a_wita_program_starts_at_09_00_wita(story, page, live_server):
    from facilitation.models import Meeting

    story.program.time_zone = "Asia/Makassar"
    story.program.save(update_fields=["time_zone"])
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/facilitation/programs/{story.program.pk}/meetings/new/")
    assert "WITA" in page.locator("main form").inner_text()
    page.fill("input[name=title]", "Rapat koordinasi triwulan")
    page.select_option("select[name=status]", "planned")
    page.fill("input[name=date]", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.fill("input[name=start_time]", "09:00")
    submit(page)
    meeting = Meeting.objects.get(title="Rapat koordinasi triwulan")
    assert meeting.start_time == datetime.time(9, 0)
    assert f"/meetings/{meeting.pk}/" in page.url
    assert page.locator("[data-testid=meeting-start]").inner_text() == "09.00 WITA"


def test_a_submitted_health_check_offers_no_draft_and_stays_submitted(story, page, live_server):
    from assessments.models import HealthCheck, HealthDimension

    round_ = story.round_
    login(page, live_server, "lead_a")
    page.goto(f"{live_server.url}/assessments/rounds/{round_.pk}/health/")
    for dimension in HealthDimension.objects.all():
        page.locator(f"input[name=score_{dimension.pk}][value='4']").check()
    main_action_visible(page, "button[value=submit]").click()
    page.wait_for_load_state()
    assert HealthCheck.objects.get(round=round_, respondent__username="lead_a").is_submitted
    page.goto(f"{live_server.url}/assessments/rounds/{round_.pk}/health/")
    page.locator("[data-testid=health-read-only]").wait_for()
    assert page.locator("button[value=draft]").count() == 0
    assert HealthCheck.objects.get(round=round_, respondent__username="lead_a").is_submitted
