"""The results journey in a real Chromium (issue 13): a partner reports a quarter's actual with a
breakdown and evidence; the facilitator returns it, the partner corrects and resubmits, the facilitator
approves; the manager then finds the same figure in the IPTT, the program report, the portfolio
roll-up, the Excel export and the PDF bulletin.

Run only these: `python -m pytest tests/browser -m browser`.
"""

import io
from decimal import Decimal

import pytest

from tests.browser.layout import main_action_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-demo-123"  # partners.tests.factories.UserFactory
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


@pytest.fixture
def framework(world):
    """HH-1 on the world's outcome, reported by partner A, broken down by sex, adopting a standard
    indicator; a target of 50 in the quarter partner A reports."""
    from results.models import BreakdownCategory, BreakdownOption, PeriodTarget
    from results.tests.factories import IndicatorFactory, StandardIndicatorFactory

    period = world.reporting_period
    sex = BreakdownCategory.objects.get(code="sex")
    standard = StandardIndicatorFactory(code="TPB 1.4.1", unit="rumah tangga")
    indicator = IndicatorFactory(
        outcome=world.outcome,
        code="HH-1",
        unit="rumah tangga",
        target_value=100,
        partners=[world.partner_a],
        categories=[sex],
        standard=standard,
    )
    PeriodTarget.objects.create(indicator=indicator, period=period, value=50)
    world.hh = indicator
    world.period = period
    world.female = BreakdownOption.objects.get(category=sex, code="female")
    world.male = BreakdownOption.objects.get(category=sex, code="male")
    return world


def switch(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def fill_breakdown(page, w, female, male):
    page.fill(f"input[name=b{w.female.pk}]", str(female))
    page.fill(f"input[name=b{w.male.pk}]", str(male))


def review(page, live_server, result, decision, note=""):
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    main_action_visible(page, f"a[href$='/results/result/{result.pk}/review/']").click()
    page.wait_for_load_state()
    page.select_option("select[name=decision]", decision)
    if note:
        page.fill("textarea[name=note]", note)
    submit(page)


def test_partner_reports_facilitator_returns_then_approves_manager_sees_it_everywhere(
    framework, page, live_server, tmp_path
):
    import openpyxl
    from pypdf import PdfReader

    from results.models import Result

    w = framework

    # 1. Partner staff report the quarter's actual, broken down by sex, with an evidence file.
    login(page, live_server, "staf_a")
    page.goto(f"{live_server.url}{w.hh.get_absolute_url()}")
    main_action_visible(page, f"a[href$='/indicator/{w.hh.pk}/period/{w.period.pk}/report/']").click()
    page.wait_for_load_state()
    page.fill("input[name=value]", "40")
    fill_breakdown(page, w, 18, 20)
    page.fill("textarea[name=narrative]", "Empat puluh rumah tangga desil 1–4 memulai usaha.")
    evidence = tmp_path / "daftar-rumah-tangga.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.set_input_files("input[name=evidence]", str(evidence))
    submit(page, "button[name=submit]")
    result = Result.objects.get(indicator=w.hh, period=w.period, partner=w.partner_a)
    assert result.state == Result.State.SUBMITTED and result.value == 40
    assert {b.option_id: b.value for b in result.breakdown.all()} == {w.female.pk: 18, w.male.pk: 20}
    assert result.evidence.get().original_name == "daftar-rumah-tangga.pdf"

    # 2. The facilitator returns it with a note...
    switch(page, live_server, "fasilitator")
    review(page, live_server, result, "return", "Dua rumah tangga di Oebelo belum tercatat.")
    result.refresh_from_db()
    assert result.state == Result.State.RETURNED

    # ... the partner corrects it and submits again ...
    switch(page, live_server, "staf_a")
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    assert "Oebelo" in page.content()  # the reviewer's note is shown
    main_action_visible(page, f"a[href$='/results/result/{result.pk}/edit/']").click()
    page.wait_for_load_state()
    page.fill("input[name=value]", "42")
    fill_breakdown(page, w, 20, 20)
    submit(page, "button[name=submit]")
    result.refresh_from_db()
    assert result.state == Result.State.SUBMITTED and result.value == 42

    # ... and the facilitator approves it: locked.
    switch(page, live_server, "fasilitator")
    review(page, live_server, result, "approve")
    result.refresh_from_db()
    assert result.state == Result.State.APPROVED

    # 3. The manager sees 42 in the IPTT, the program report and the portfolio roll-up ...
    switch(page, live_server, "manajer")
    page.goto(f"{live_server.url}/results/program/{w.program.pk}/")
    assert page.locator("[data-iptt] tr[data-indicator='HH-1'] [data-actual]").inner_text().strip() == "42"
    page.goto(f"{live_server.url}/reports/program/{w.program.pk}/")
    assert page.locator("[data-results-report] tr[data-indicator='HH-1'] [data-actual]").inner_text().strip() == "42"
    page.goto(f"{live_server.url}/results/portfolio/")
    line = page.locator("[data-portfolio-results] tr[data-standard='TPB 1.4.1'] [data-total]")
    assert line.inner_text().strip() == "42"

    # ... in the Excel export of the IPTT, downloaded from the IPTT page ...
    page.goto(f"{live_server.url}/results/program/{w.program.pk}/")
    with page.expect_download() as download_info:
        main_action_visible(page, "[data-results-exports] a[href*='/results/iptt/xlsx/']").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).worksheets[0]
    title, headers, *lines = sheet.iter_rows(values_only=True)
    assert w.program.name in title[0]
    hh = next(line for line in lines if line[0] == "HH-1")
    assert Decimal(str(hh[len(headers) - 3])) == 42  # actual to date

    # ... and in the PDF bulletin, requested from the program report and downloaded.
    page.goto(f"{live_server.url}/reports/program/{w.program.pk}/")
    page.select_option("select[name=kind]", "program_pdf")
    submit(page, "form[action*='/exports/'] button[type=submit]")
    download_button = page.locator("[data-testid=download]")
    download_button.wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        main_action_visible(page, download_button).click()
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    line = next(chunk for chunk in text.split("HH-1")[1:] if "Rumah tangga" in chunk[:80])
    assert " 42 " in f" {line[:160]} "
