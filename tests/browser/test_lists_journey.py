"""Issue 16, item 2: the lists each role works from, walked at desktop width and on a phone (390x844,
tests/browser/conftest.py). On each list the row's main button or link is on screen without scrolling
sideways, and following it lands where the work is done."""

import pytest

from tests.browser.layout import main_action_visible
from tests.browser.test_journeys import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(page, target, expected):
    main_action_visible(page, target).click()
    page.wait_for_load_state()
    assert expected in page.url, (page.url, expected)


def test_each_role_reaches_its_main_action_from_its_lists(story, page, live_server, browser):
    from facilitation.tests.factories import MeetingFactory

    base, program = live_server.url, story.program
    meeting = MeetingFactory(program=program, title="Rapat koordinasi triwulan")

    # Partner staff: my milestones, then a milestone's page, each with "Report progress".
    login(page, live_server, "staf_a")
    target = story.milestones[3]
    follow(page, f"main a[href$='/milestone/{target.pk}/']", f"/milestone/{target.pk}/")
    follow(page, f"main a[href$='/milestone/{target.pk}/report/']", f"/milestone/{target.pk}/report/")

    # Facilitator: the program list, the program page, the review queue, meetings, assessments.
    page.context.clear_cookies()
    login(page, live_server, "fasilitator")
    page.goto(f"{base}/partners/programs/")
    follow(page, f"main a[href='/partners/programs/{program.pk}/']", f"/partners/programs/{program.pk}/")
    page.goto(f"{base}/roadmap/review/")
    update = story.submitted[0]
    follow(page, f"main a[href$='/update/{update.pk}/review/']", f"/update/{update.pk}/review/")
    page.goto(f"{base}/facilitation/programs/{program.pk}/meetings/")
    main_action_visible(page, "main a[href$='/meetings/new/']")
    follow(page, f"main a[href$='/meetings/{meeting.pk}/']", f"/meetings/{meeting.pk}/")
    if story.round_ is not None:
        page.goto(f"{base}/assessments/")
        follow(page, f"main a[href$='/assessments/programs/{program.pk}/']", f"/assessments/programs/{program.pk}/")
        page.goto(f"{base}/assessments/rounds/{story.round_.pk}/")
        follow(page, f"main a[href$='/people/{story.staf_a.pk}/']", f"/people/{story.staf_a.pk}/")

    # Program manager: the portfolio report's program table, then the program report.
    page.context.clear_cookies()
    login(page, live_server, "manajer")
    page.goto(f"{base}/reports/")
    follow(page, f"main table a[href*='/reports/program/{program.pk}/']", f"/reports/program/{program.pk}/")
    main_action_visible(page, "form[action*='/exports/'] button[type=submit]")
