"""End-to-end journeys in a real Chromium (pytest-playwright, Debian's /usr/bin/chromium).

Three people, three stories: the facilitator's day, a partner staff member's report, and the
program manager's reports. Each test drives the browser through the real pages of a live server
and then checks the database, so a page that only looks right cannot pass.

Each journey runs at desktop width and on a phone (390x844, tests/browser/conftest.py); on every page
the main action (the button or link the person uses next) must be on screen without scrolling sideways.

Run only these: `python -m pytest tests/browser -m browser`.
"""

import datetime
import io

import pytest
from django.utils import timezone

from tests.browser.layout import main_action_visible, new_page

# Transactional: the live server runs in another thread and must see the committed data. The flush
# at the end empties the reference data too; tests/browser/conftest.py loads it again.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-demo-123"  # partners.tests.factories.UserFactory
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LONG_NAME = "Yayasan Pengembangan Masyarakat Pesisir Nusa Tenggara Timur"


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def submit(page, selector="main form button[type=submit]"):
    main_action_visible(page, selector).click()
    page.wait_for_load_state()


def labels_on_screen(page, titles):
    """The timeline's milestone names are shown inside its box and inside the viewport, wherever the
    box has been scrolled to (it opens scrolled to today); the page itself does not scroll sideways."""
    box = page.locator("[data-testid=timeline]")
    main_action_visible(page, box)  # the box itself fits the page
    edge = box.bounding_box()
    for title in titles:
        shown = [
            b
            for b in (label.bounding_box() for label in page.locator("svg text.tl-label", has_text=title).all())
            if b and b["x"] >= edge["x"] - 1 and b["x"] + b["width"] <= edge["x"] + edge["width"] + 1
        ]
        assert shown, f"the timeline label {title!r} is not on screen (box at x={edge['x']:.0f}, w={edge['width']:.0f})"
    # The road map's bars are there to scroll to.
    assert page.locator("svg.timeline rect.tl-bar").count() >= len(titles)


# The widest line of a bar chart's names, measured in its own font, against the width of its name axis.
CHART_NAMES = """canvas => {
  const chart = Chart.getChart(canvas);
  const axis = chart.options.indexAxis === "y" ? chart.scales.y : chart.scales.x;
  chart.ctx.save();
  chart.ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
  const widths = axis.ticks.flatMap(t => [].concat(t.label).map(line => chart.ctx.measureText(line).width));
  chart.ctx.restore();
  return {
    indexAxis: chart.options.indexAxis, widest: Math.max(...widths), room: axis.width - axis.options.ticks.padding,
    left: axis.left, canvas: canvas.getBoundingClientRect().width,
    names: axis.ticks.map(t => [].concat(t.label).join(" ")),
  };
}"""


def test_facilitator_journey(story, page, live_server, browser):
    from facilitation.models import ActionItem, Meeting
    from governance.models import Recommendation, RecommendationResponse
    from roadmap.models import Milestone, ProgressUpdate

    login(page, live_server, "fasilitator")
    # Lands on the dashboard, with the needs-attention queue.
    queue = page.locator("[data-testid=attention-queue]")
    queue.wait_for()
    assert page.locator("[data-testid=program-card]").count() >= 1
    review_links = queue.locator("a[href*='/review/']")
    assert review_links.count() == 2
    main_action_visible(page, review_links)

    # Approve the first submitted update straight from the queue ...
    review_links.first.click()
    page.select_option("select[name=decision]", "approve")
    submit(page)
    # ... and return the other with a note.
    page.goto(f"{live_server.url}/facilitation/")
    main_action_visible(page, "[data-testid=attention-queue] a[href*='/review/']").click()
    page.select_option("select[name=decision]", "return")
    page.fill("textarea[name=note]", "Mohon lampirkan daftar hadir pelatihan.")
    submit(page)
    states = dict(ProgressUpdate.objects.filter(pk__in=[u.pk for u in story.submitted]).values_list("pk", "state"))
    assert sorted(states.values()) == ["approved", "returned"]
    returned = ProgressUpdate.objects.get(state="returned")
    assert returned.review_note == "Mohon lampirkan daftar hadir pelatihan."

    # Record a meeting with a decision and an action item ...
    today = timezone.localdate()
    page.goto(f"{live_server.url}/facilitation/programs/{story.program.pk}/meetings/new/")
    page.fill("input[name=title]", "Rapat koordinasi bulanan")
    page.select_option("select[name=kind]", "coordination")
    page.select_option("select[name=status]", "held")
    page.fill("input[name=date]", today.isoformat())
    page.fill("textarea[name=decisions]", "Jadwal pelatihan kader dimajukan satu minggu.")
    page.fill("input[name=items-0-description]", "Siapkan modul pelatihan kader")
    page.select_option("select[name=items-0-owner_partner]", str(story.partner_a.pk))
    page.fill("input[name=items-0-due_date]", (today + datetime.timedelta(days=21)).isoformat())
    submit(page)
    meeting = Meeting.objects.get(title="Rapat koordinasi bulanan")
    assert [d.text for d in meeting.decisions.all()] == ["Jadwal pelatihan kader dimajukan satu minggu."]
    item = ActionItem.objects.get(meeting=meeting)
    # ... and turn the action item into a road-map milestone.
    assert f"/meetings/{meeting.pk}/" in page.url
    main_action_visible(page, f"a[href$='/action-items/{item.pk}/milestone/']").click()
    page.select_option("select[name=output]", str(story.output.pk))
    submit(page)
    milestone = Milestone.objects.get(title="Siapkan modul pelatihan kader")
    assert milestone.owner == story.partner_a
    item.refresh_from_db()
    assert item.milestone_id == milestone.pk

    # The road map timeline keeps its labels on screen, also on a phone where its bars scroll sideways.
    page.goto(f"{live_server.url}/roadmap/program/{story.program.pk}/timeline/")
    labels_on_screen(page, ["Pelatihan kader desa 1", "Siapkan modul pelatihan kader"])

    # Propose a recommendation (a phase change) ...
    page.goto(f"{live_server.url}/governance/programs/{story.program.pk}/recommendations/new/?kind=phase")
    page.fill("input[name=title]", "Masuk ke tahap peninjauan")
    page.fill("textarea[name=rationale]", "Separuh tonggak capaian terlambat.")
    page.fill("textarea[name=alternatives]", "Menambah pendamping lapangan.")
    page.select_option("select[name=new_phase]", "reviewing")
    submit(page)
    recommendation = Recommendation.objects.get(title="Masuk ke tahap peninjauan")

    # ... which a partner lead then accepts, in their own browser session.
    lead = new_page(browser, page)
    login(lead, live_server, "lead_a")
    lead.goto(f"{live_server.url}/governance/recommendations/{recommendation.pk}/")
    lead.check("input[name=verdict][value=agree]")
    submit(lead, "form[action$='/respond/'] button[type=submit]")
    response = RecommendationResponse.objects.get(recommendation=recommendation, partner=story.partner_a)
    assert response.verdict == "agree"


def test_partner_staff_journey(story, page, live_server, tmp_path):
    from roadmap.models import Evidence, ProgressUpdate

    login(page, live_server, "staf_a")
    # Lands on "my milestones".
    assert "/roadmap/my/" in page.url
    assert page.locator("html").get_attribute("lang") == "id"

    # Switch the interface to English and back.
    # Choosing a language does not change the page by itself (WCAG 3.2.2): the button applies it.
    page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "id"
    page.click("[data-lang-submit]")
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement.lang === 'en'")
    nav = page.locator("a.nav-link[href$='/partners/programs/']")
    assert nav.inner_text().strip() == "My programs"
    assert "/roadmap/my/" in page.url  # the switch keeps the person on their page
    page.select_option("#language-select", "id")
    page.click("[data-lang-submit]")
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement.lang === 'id'")
    assert nav.inner_text().strip() == "Program saya"
    story.staf_a.refresh_from_db()
    assert story.staf_a.language == "id"  # the choice is remembered on the profile

    # Report progress on one of their organisation's milestones, with an evidence file.
    target = story.milestones[3]
    main_action_visible(page, f"a[href$='/milestone/{target.pk}/report/']").click()
    page.select_option("select[name=new_status]", "in_progress")
    page.fill("input[name=progress]", "75")
    page.fill("textarea[name=narrative]", "Pelatihan kader selesai di dua desa.")
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.set_input_files("input[name=evidence]", str(evidence))
    submit(page, "button[name=submit]")
    update = ProgressUpdate.objects.get(milestone=target, author=story.staf_a)
    assert update.state == "submitted"
    assert update.progress == 75
    assert Evidence.objects.get(update=update).original_name == "daftar-hadir.pdf"

    # Another partner's milestone: the update form is refused.
    refused = page.goto(f"{live_server.url}/roadmap/milestone/{story.milestone_b.pk}/report/")
    assert refused.status == 403
    assert not ProgressUpdate.objects.filter(milestone=story.milestone_b).exists()

    # Fill a self-assessment.
    if story.round_ is None:
        pytest.skip("assessments app not available")
    from assessments.models import Assessment

    page.goto(f"{live_server.url}/assessments/rounds/{story.round_.pk}/people/{story.staf_a.pk}/")
    radios = page.locator("input[type=radio][value='4']")
    assert radios.count() >= 5
    for i in range(radios.count()):
        radios.nth(i).check()
    submit(page, "button[name=action][value=submit]")
    assessment = Assessment.objects.get(round=story.round_, subject=story.staf_a, rater=story.staf_a)
    assert assessment.kind == "self"
    assert assessment.status == "submitted"
    assert set(assessment.scores.values_list("value", flat=True)) == {4}


def test_program_manager_journey(story, page, live_server):
    import openpyxl
    from pypdf import PdfReader

    story.milestones[1].status = "done"
    story.milestones[1].save()
    story.partner_b.organisation.name = LONG_NAME
    story.partner_b.organisation.save()
    login(page, live_server, "manajer")
    # Lands on the portfolio report, which lists both programs.
    assert "/reports/" in page.url
    assert page.locator(f"a[href*='/reports/program/{story.program.pk}/']").count() >= 1
    other_link = page.locator("a", has_text="Lumbung Pangan Jawa Timur")
    assert other_link.count() >= 1

    # Filter by province (NTT): only the NTT program stays.
    page.select_option("select[name=province]", label="Nusa Tenggara Timur")
    submit(page, "form[method=get] button[type=submit]")
    assert "province=" in page.url
    assert page.locator("a", has_text="Lumbung Pangan Jawa Timur").count() == 0

    # Drill into the program.
    main_action_visible(page, f"a[href*='/reports/program/{story.program.pk}/']").click()
    page.wait_for_load_state()
    assert f"/reports/program/{story.program.pk}/" in page.url

    # The partner chart names every partner in full, on a phone too: nothing is cut off at its edge.
    canvas = page.locator("canvas[data-chart=chart-partners]")
    canvas.wait_for()
    names = canvas.evaluate(CHART_NAMES)
    assert names["indexAxis"] == "y", names
    assert LONG_NAME in names["names"], names
    assert names["left"] >= 0 and names["widest"] <= names["room"] + 1, names

    # Excel export of a report table: it opens in openpyxl.
    with page.expect_download() as download_info:
        main_action_visible(page, "a[href*='/export/milestones/xlsx/']").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert any("Pelatihan kader desa 1" in str(cell) for row in rows for cell in row if cell)

    # The PDF bulletin: requested as an export job, then downloaded; it opens in pypdf.
    page.select_option("select[name=kind]", "program_pdf")
    submit(page, "form[action*='/exports/'] button[type=submit]")
    download_button = page.locator("[data-testid=download]")
    download_button.wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        main_action_visible(page, download_button).click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert story.program.name in " ".join(text.split())


def test_agreement_and_consent_journey(story, page, live_server, browser):
    """Issue 15: a partner lead signs the agreement; the facilitator changes it and sign-off is asked
    again; a partner without a lead accepts a recommendation through its designated staff member."""
    from governance.actions import do_propose_recommendation, do_respond_to_recommendation, do_save_agreement
    from governance.models import AgreementSignOff, PartneringAgreement, Recommendation, RecommendationResponse
    from governance.tests.factories import SECTION_TEXT
    from partners.models import Membership
    from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramPartnerFactory, UserFactory

    program = story.program
    goals = {p.pk: "Tujuan sendiri" for p in program.partners.all()}
    do_save_agreement(story.fasilitator, program, sections=SECTION_TEXT, partner_goals=goals)
    agreement_url = f"{live_server.url}/governance/programs/{program.pk}/agreement/"

    # 1. The partner lead signs the agreement.
    lead = new_page(browser, page)
    login(lead, live_server, "lead_a")
    lead.goto(agreement_url)
    submit(lead, "[data-testid=sign-agreement]")
    assert AgreementSignOff.objects.get().partner == story.partner_a
    assert lead.locator("[data-testid=sign-agreement]").count() == 0

    # 2. The facilitator changes the agreement: a new version, with the change shown, asks again.
    login(page, live_server, "fasilitator")
    page.goto(f"{agreement_url}edit/")
    page.fill("textarea[name=communication]", "Buletin bulanan dan rapat daring dua mingguan.")
    submit(page)
    assert PartneringAgreement.objects.get(program=program).version == 2
    diff = page.locator("[data-testid=agreement-diff]")
    assert "rapat daring dua mingguan" in diff.inner_text()
    lead.goto(agreement_url)
    assert lead.locator("[data-testid=sign-agreement]").count() == 1
    submit(lead, "[data-testid=sign-agreement]")
    assert AgreementSignOff.objects.filter(version=2, partner=story.partner_a).exists()

    # 3. A partner without a lead accepts a recommendation through its designated staff member.
    partner_c = ProgramPartnerFactory(program=program, organisation=OrganisationFactory(name="Koperasi Tanpa Pimpinan"))
    staf_c = UserFactory(username="staf_c", role="partner_staff", organisation=partner_c.organisation)
    MembershipFactory(
        program=program, user=staf_c, role=Membership.Role.PARTNER_STAFF, partner=partner_c, is_representative=True
    )
    rec = do_propose_recommendation(
        story.fasilitator,
        program,
        kind="due_dates",
        title="Mundurkan pelatihan",
        rationale="Musim tanam.",
        alternatives="Pelatihan malam.",
        milestone_dates={story.milestones[1]: story.milestones[1].due_date + datetime.timedelta(days=30)},
    )
    do_respond_to_recommendation(story.lead_a, rec, verdict="agree")
    do_respond_to_recommendation(story.lead_b, rec, verdict="agree")
    staff = new_page(browser, page)
    login(staff, live_server, "staf_c")
    staff.goto(f"{live_server.url}/governance/recommendations/{rec.pk}/")
    staff.check("input[name=verdict][value=agree]")
    submit(staff, "form[action$='/respond/'] button[type=submit]")
    response = RecommendationResponse.objects.get(recommendation=rec, partner=partner_c)
    assert response.user == staf_c
    assert Recommendation.objects.get(pk=rec.pk).status == "applied"


def test_mediation_lessons_journey(story, page, live_server):
    """Issue 15, item 5: a mediation case is closed only with its lessons, and a lesson is published
    to the library shared across programs, with the parties' names hidden."""
    from facilitation.models import Lesson, MediationCase
    from facilitation.tests.factories import MediationCaseFactory

    case = MediationCaseFactory(
        program=story.program,
        title="Sengketa biaya transportasi pelatihan",
        parties=[story.partner_a, story.partner_b],
        status="in_mediation",
    )
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/facilitation/mediation/{case.pk}/edit/")
    page.select_option("select[name=status]", "resolved")
    page.fill("textarea[name=resolution]", "Biaya dibagi sesuai jumlah peserta dari wilayah masing-masing mitra.")
    submit(page)
    # Refused: no lessons learnt yet (the message is in Indonesian, the default language).
    assert page.locator("#error_1_id_lessons_learnt, .invalid-feedback").filter(has_text="hikmah").count() >= 1
    assert MediationCase.objects.get(pk=case.pk).status == "in_mediation"
    page.fill(
        "textarea[name=lessons_learnt]",
        "Yayasan Mitra A dan PT Mitra B sepakat lebih cepat ketika pendamping menyajikan data jumlah peserta.",
    )
    submit(page)
    assert MediationCase.objects.get(pk=case.pk).status == "resolved"

    page.goto(f"{live_server.url}/facilitation/mediation/{case.pk}/")
    main_action_visible(page, f"a[href='/facilitation/mediation/{case.pk}/publish-lesson/']").click()
    page.wait_for_load_state()
    page.select_option("select[name=sector]", "civil_society")
    page.select_option("select[name=problem]", "funding")
    submit(page)
    lesson = Lesson.objects.get(mediation_case=case)
    assert not lesson.names_agreed
    body = page.locator("main").inner_text()
    assert "Mitra A" in body and "Yayasan Mitra A" not in body and "PT Mitra B" not in body

    # It appears in the library, found by its tag, still anonymised.
    page.goto(f"{live_server.url}/facilitation/library/?problem=funding")
    listing = page.locator("[data-testid=library-list]")
    assert listing.locator(f"a[href='/facilitation/library/{lesson.pk}/']").count() == 1
    main_action_visible(page, listing.locator(f"a[href='/facilitation/library/{lesson.pk}/']"))
    assert "Yayasan Mitra A" not in page.content() and "PT Mitra B" not in page.content()
