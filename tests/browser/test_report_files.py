"""Issue 16, items 6, 7 and 14 in a real browser: the program manager reads the long report through
its table of contents, then takes the Excel file and the PDF bulletin and opens both.

Each step failed before its fix: the report had no contents; the Excel sheet had no title row,
no bold frozen header or filter, numbers stored as text and no period in its name; the PDF dropped
the contribution columns and the total, and its pages did not say which period they cover.
"""

import io

import pytest
from django.utils import timezone

from tests.browser.layout import main_action_visible
from tests.browser.test_journeys import login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIG = 1_250_000_000


@pytest.fixture
def contributions(story):
    """Six more partners; every partner gives Rp 1.250.000.000 of each kind of contribution today."""
    from partners.models import ContributionKind
    from partners.tests.factories import ContributionFactory, OrganisationFactory, ProgramPartnerFactory

    partners = [story.partner_a, story.partner_b]
    for i in range(6):
        organisation = OrganisationFactory(name=f"Koperasi Nusa Tenggara {i + 1}")
        partners.append(ProgramPartnerFactory(program=story.program, organisation=organisation))
    for partner in partners:
        for kind in ContributionKind.values:
            ContributionFactory(partner=partner, kind=kind, value_idr=BIG, date=timezone.localdate())
    return partners


def test_manager_reads_the_report_and_opens_its_files(story, contributions, page, live_server, browser):
    import openpyxl
    from pypdf import PdfReader

    from partners.models import ContributionKind

    program = story.program
    report_url = f"{live_server.url}/reports/program/{program.pk}/"
    login(page, live_server, "manajer")
    page.goto(report_url)

    # Item 14: a table of contents at the top, open on a wide screen; each entry jumps to its section.
    contents = page.get_by_role("navigation", name="Daftar isi laporan")
    if page.viewport_size["width"] < 992:  # folded on a phone (test below): one tap opens it
        contents.locator("summary").click()
    assert contents.locator("details").evaluate("d => d.open")
    main_action_visible(page, contents.get_by_role("link", name="Kontribusi per mitra (Rp)")).click()
    assert page.url.endswith("#contributions")
    # (Bootstrap scrolls smoothly: wait until the heading has arrived near the top.)
    page.wait_for_function(
        "() => { const top = document.getElementById('contributions').getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight / 3; }",
        timeout=5_000,
    )
    assert page.locator("[data-testid=contribution-total]").inner_text() == "Rp\xa050.000.000.000"

    # Item 7: the contribution table as Excel, named with its period, opens formatted for reading.
    page.goto(report_url)
    with page.expect_download() as download_info:
        main_action_visible(page, "a[href*='/export/contributions/xlsx/']").click()
    download = download_info.value
    start = timezone.localdate().replace(month=3 * ((timezone.localdate().month - 1) // 3) + 1, day=1)
    assert f"-contributions-{start.isoformat()}-" in download.suggested_filename
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).worksheets[0]
    title = sheet["A1"].value
    assert program.name in title and f"Triwulan {(start.month - 1) // 3 + 1} {start.year}" in title
    headers = [c for c in sheet[2] if c.value]
    names = [c.value for c in headers]
    assert names[0] == "Mitra" and "Tunai" in names and all(c.font.bold for c in headers)
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    figures = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value == BIG]
    assert len(figures) == len(contributions) * len(ContributionKind.values)
    assert all(c.data_type == "n" and c.number_format == "#,##0" for c in figures)

    # Item 6: the PDF bulletin, prepared in the background, then downloaded and opened.
    page.select_option("select[name=kind]", "program_pdf")
    submit(page, "form[action*='/exports/'] button[type=submit]")
    download_button = page.locator("[data-testid=download]")
    download_button.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        main_action_visible(page, download_button).click()
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    texts = [" ".join(p.extract_text().replace("\xa0", " ").split()) for p in reader.pages]
    period = f"Triwulan {(start.month - 1) // 3 + 1} {start.year}"
    for number, text in enumerate(texts, start=1):
        assert program.name in text and period in text, f"page {number}"
        assert "Dibuat " in text and f"Halaman {number} dari {len(texts)}" in text, f"page {number}"
    landscape = [t for p, t in zip(reader.pages, texts, strict=True) if p.mediabox.width > p.mediabox.height]
    assert landscape, "the contribution table is on a landscape page"
    table = " ".join(landscape)
    for label in ("Tunai", "Natura (barang)", "Keahlian", "Fasilitas", "Jejaring", "Total dalam periode"):
        assert label in table
    for partner in contributions:
        assert partner.organisation.name in table
    assert "1.250.000.000" in table and "6.250.000.000" in table  # a kind; one partner's total
    assert "50.000.000.000" in table  # the total of all partners
    assert "Rp 6.250.000.000" in texts[0]  # the thank-you list


def test_on_a_phone_the_contents_fold_away_and_open_on_a_tap(story, browser, live_server):
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    login(phone, live_server, "manajer")
    phone.goto(f"{live_server.url}/reports/program/{story.program.pk}/")
    contents = phone.get_by_role("navigation", name="Daftar isi laporan")
    assert not contents.locator("details").evaluate("d => d.open")
    assert contents.evaluate("n => n.getBoundingClientRect().height") < 120  # folded: one line
    link = contents.get_by_role("link", name="Keputusan penting dalam periode")
    assert not link.is_visible()
    contents.locator("summary").click()
    link.click()
    assert phone.url.endswith("#decisions")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
