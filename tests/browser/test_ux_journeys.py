"""Issue 16 in a real browser: each step here failed before the fix it names.

Items: 1 (irreversible steps ask first; no default review decision; reopening), 3 (a returned
report is fixed from "my milestones"), 4 (a submitted self-assessment is read-only), 9 (date
inputs keep their ISO default values), 13 (error pages that do not mislead, also with DEBUG).
"""

import datetime

import pytest
from django.utils import timezone

from tests.browser.layout import main_action_visible, new_page
from tests.browser.test_journeys import login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_confirms_irreversible_steps(story, page, live_server, browser):
    from governance.actions import do_propose_recommendation
    from governance.models import PhaseChange, Recommendation
    from partners.models import Program
    from roadmap.models import ProgressUpdate

    program = story.program
    login(page, live_server, "fasilitator")

    # Item 1: the review decision has no default; saving without choosing is refused.
    update = story.submitted[0]
    page.goto(f"{live_server.url}/roadmap/update/{update.pk}/review/")
    assert page.locator("select[name=decision]").input_value() == ""
    submit(page)
    assert page.locator("#id_decision").evaluate("e => e.classList.contains('is-invalid')")
    assert ProgressUpdate.objects.get(pk=update.pk).state == "submitted"

    # Item 1: skipping a phase needs a reason and a confirmation; the reason shows in the history.
    phase_url = f"{live_server.url}/governance/programs/{program.pk}/phase/"
    page.goto(phase_url)
    page.select_option("select[name=phase]", "sustaining")
    submit(page)
    assert Program.objects.get(pk=program.pk).phase == "managing"
    assert page.locator("#id_reason").evaluate("e => e.classList.contains('is-invalid')")
    page.select_option("select[name=phase]", "sustaining")
    page.fill("textarea[name=reason]", "Peninjauan digabung dengan rapat tahunan.")
    page.check("input[name=confirm]")
    submit(page)
    assert Program.objects.get(pk=program.pk).phase == "sustaining"
    assert "Peninjauan digabung" in page.locator("[data-testid=phase-reason]").first.inner_text()

    # Item 1: closing asks for the confirmation box.
    page.select_option("select[name=phase]", "closed")
    submit(page)
    assert Program.objects.get(pk=program.pk).phase == "sustaining"
    page.select_option("select[name=phase]", "closed")
    page.check("input[name=confirm]")
    submit(page)
    assert Program.objects.get(pk=program.pk).phase == "closed"
    assert page.locator("[data-testid=reopen-program]").count() == 0  # a facilitator cannot reopen

    # Item 1: an administrator reopens it, with a reason.
    admin = new_page(browser, page)
    login(admin, live_server, "admin")
    admin.goto(phase_url)
    reopen = admin.locator("[data-testid=reopen-program]")
    reopen.locator("textarea[name=reason]").fill("Ditutup karena salah pilih.")
    reopen.locator("input[name=confirm]").check()
    main_action_visible(admin, reopen.locator("button[type=submit]")).click()
    admin.wait_for_load_state()
    assert Program.objects.get(pk=program.pk).phase == "sustaining"
    last = PhaseChange.objects.order_by("-pk").first()
    assert (last.from_phase, last.reason) == ("closed", "Ditutup karena salah pilih.")

    # Item 1: "Tarik" (withdraw) does nothing until the box is ticked.
    rec = do_propose_recommendation(
        story.fasilitator,
        program,
        kind="due_dates",
        title="Mundurkan pelatihan",
        rationale="Musim tanam.",
        alternatives="Pelatihan malam.",
        milestone_dates={story.milestones[1]: story.milestones[1].due_date + datetime.timedelta(days=30)},
    )
    page.goto(f"{live_server.url}/governance/recommendations/{rec.pk}/")
    withdraw = page.locator("[data-testid=withdraw-form]")
    main_action_visible(page, withdraw.locator("button[type=submit]")).click()
    page.wait_for_load_state()
    assert Recommendation.objects.get(pk=rec.pk).status == "proposed"
    withdraw.locator("input[name=confirm]").check()
    withdraw.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Recommendation.objects.get(pk=rec.pk).status == "withdrawn"


def test_partner_staff_fixes_a_returned_report_and_keeps_a_submitted_assessment(story, page, live_server):
    from roadmap.models import ProgressUpdate

    # Item 3: the facilitator returned one of staf_a's reports.
    returned = story.submitted[1]
    ProgressUpdate.objects.filter(pk=returned.pk).update(
        state="returned", review_note="Mohon lampirkan daftar hadir pelatihan.", reviewed_by=story.fasilitator
    )
    login(page, live_server, "staf_a")
    box = page.locator("[data-testid=returned-report]")
    assert box.count() == 1
    assert "Mohon lampirkan daftar hadir pelatihan." in box.inner_text()
    main_action_visible(page, box.locator("a", has_text="Perbaiki dan kirim ulang")).click()
    page.wait_for_load_state()
    assert f"/update/{returned.pk}/edit/" in page.url
    page.fill("input[name=progress]", "80")
    page.fill("textarea[name=narrative]", "Daftar hadir terlampir.")
    submit(page, "button[name=submit]")
    assert ProgressUpdate.objects.filter(milestone=returned.milestone).count() == 1
    returned.refresh_from_db()
    assert (returned.state, returned.progress) == ("submitted", 80)
    page.goto(f"{live_server.url}/roadmap/my/")
    assert page.locator("[data-testid=returned-report]").count() == 0

    # Item 4: once submitted, the self-assessment cannot be saved back to a draft.
    if story.round_ is None:
        pytest.skip("assessments app not available")
    from assessments.models import Assessment

    url = f"{live_server.url}/assessments/rounds/{story.round_.pk}/people/{story.staf_a.pk}/"
    page.goto(url)
    radios = page.locator("input[type=radio][value='4']")
    for i in range(radios.count()):
        radios.nth(i).check()
    submit(page, "button[name=action][value=submit]")
    page.goto(url)
    page.locator("[data-testid=assessment-read-only]").wait_for()
    assert page.locator("button[name=action]").count() == 0
    assert page.locator("input[type=radio][value='2']").first.is_disabled()
    assert Assessment.objects.get(round=story.round_, rater=story.staf_a).status == "submitted"


def test_date_inputs_and_error_pages(story, page, live_server, settings):
    # Item 9: the assessment round form shows its default dates (ISO values in type=date).
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/assessments/programs/{story.program.pk}/rounds/new/")
    assert page.locator("input[name=held_on]").input_value() == timezone.localdate().isoformat()
    assert page.locator("input[name=closes_on]").input_value() != ""

    # Item 13: the 403 page does not claim the person can see the page.
    staff = new_page(page.context.browser, page)
    login(staff, live_server, "staf_a")
    refused = staff.goto(f"{live_server.url}/roadmap/milestone/{story.milestone_b.pk}/report/")
    assert refused.status == 403
    text = staff.locator("main").inner_text()
    assert "dapat melihat" not in text and "Peran Anda tidak mengizinkan" in text

    # Item 13: with DEBUG on (make run), a 404 shows the app's own page, not Django's yellow one.
    settings.DEBUG = True
    missing = staff.goto(f"{live_server.url}/tidak-ada/")
    assert missing.status == 404
    assert "Halaman tidak ditemukan" in staff.locator("main").inner_text()
    assert "Using the URLconf" not in staff.content()


def test_dates_are_confirmed_and_own_goals_have_one_source(story, page, live_server):
    from governance.actions import do_save_agreement
    from governance.tests.factories import SECTION_TEXT
    from roadmap.models import Milestone

    program = story.program
    login(page, live_server, "fasilitator")

    # Item 8: a due date after the program ends shows a warning and a box; saved once ticked.
    page.goto(f"{live_server.url}/roadmap/output/{story.output.pk}/milestones/new/")
    page.fill("input[name=title]", "Evaluasi akhir program")
    page.select_option("select[name=owner]", str(story.partner_a.pk))
    page.fill("input[name=start_date]", timezone.localdate().isoformat())
    page.fill("input[name=due_date]", (program.end_date + datetime.timedelta(days=30)).isoformat())
    assert page.locator("input[type=checkbox][name=confirm_dates]").count() == 0
    submit(page)
    assert not Milestone.objects.filter(title="Evaluasi akhir program").exists()
    page.check("input[type=checkbox][name=confirm_dates]")
    submit(page)
    assert Milestone.objects.get(title="Evaluasi akhir program").due_date > program.end_date

    # Item 10: the program page shows the agreement's own goals, as the gate does, with a link to fix.
    do_save_agreement(story.fasilitator, program, sections=SECTION_TEXT, partner_goals={story.partner_a.pk: "Tujuan A"})
    page.goto(f"{live_server.url}/partners/programs/{program.pk}/")
    assert "Tujuan A" in page.locator(f"[data-testid=own-goals-{story.partner_a.pk}]").inner_text()
    missing = page.locator(f"[data-testid=own-goals-missing-{story.partner_b.pk}]")
    main_action_visible(page, missing.locator("a")).click()
    page.wait_for_load_state()
    assert f"/governance/programs/{program.pk}/agreement/edit/" in page.url
