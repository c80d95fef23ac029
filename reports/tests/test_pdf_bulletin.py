"""The PDF bulletin keeps all its data on A4: no table runs off the page, every partner and every
contribution column (and the total) is printed, figures read the Indonesian way, and each page says
which program and period it covers, when it was made, and which page it is."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from core.numbers import format_number
from partners.models import ContributionKind
from partners.tests.factories import ContributionFactory, OrganisationFactory, ProgramPartnerFactory
from reports.exports import bulletin_document
from reports.forms import PeriodForm
from reports.selectors import build_program_report
from results.tests.factories import IndicatorFactory
from roadmap.models import Revision

pytestmark = pytest.mark.django_db

EXTRA_PARTNERS = 12
BIG = Decimal("1250000000")


@pytest.fixture
def many_partners(cast, road):
    """Twelve more partners, each giving Rp 1.250.000.000 of every kind of contribution this quarter."""
    names = []
    for i in range(EXTRA_PARTNERS):
        organisation = OrganisationFactory(name=f"Koperasi Serba Usaha Nusa Tenggara {i:02d}")
        partner = ProgramPartnerFactory(program=cast.program, organisation=organisation)
        for kind in ContributionKind.values:
            ContributionFactory(partner=partner, kind=kind, value_idr=BIG, date=road.start)
        names.append(organisation.name)
    # The other tables get rows too: an indicator with big figures, a revision with a long unbroken word.
    IndicatorFactory(outcome=road.outcome, target_value=Decimal("1250000000.5"), baseline_value=Decimal("99999999"))
    Revision.objects.create(
        program=cast.program,
        item_type="output",
        item_id=road.out1.pk,
        item_label="Pelatihan usaha",
        field="statement",
        old_value="Pelatihan",
        new_value="Pelatihan usaha " + "x" * 120,
        reason="https://example.org/" + "permintaan-mitra-" * 8,
        actor=cast.fasilitator,
    )
    return names


def bulletin(program, language):
    with translation.override(language):
        period = PeriodForm().period_or_default()
        report = build_program_report(program, period, hide_individual_scores=True)
        return report, bulletin_document(report)


def page_texts(document):
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]


def overflowing_boxes(page):
    """Boxes on the page whose right edge lies beyond the page's content area (with 0.5 pt of slack)."""
    page_box = page._page_box
    right = page_box.content_box_x() + page_box.width + 0.5
    found = []
    for box in page_box.descendants():
        if isinstance(box, (boxes.PageBox, boxes.MarginBox)) or box.width is None:
            continue
        if box.position_x + box.margin_width() > right:
            found.append(box)
    return found


def test_no_table_runs_off_the_page(cast, many_partners):
    report, document = bulletin(cast.program, "id")
    assert len(report.partners) == EXTRA_PARTNERS + 2
    tables = [b for page in document.pages for b in page._page_box.descendants() if isinstance(b, boxes.TableBox)]
    assert len(tables) >= 7
    for number, page in enumerate(document.pages, start=1):
        assert overflowing_boxes(page) == [], f"page {number}"


def test_the_contribution_table_is_complete_on_a_landscape_page(cast, many_partners):
    report, document = bulletin(cast.program, "id")
    landscape = [i for i, page in enumerate(document.pages) if page.width > page.height]
    assert landscape, "the contribution table has a landscape page"
    texts = page_texts(document)
    table_text = " ".join(texts[i] for i in landscape)
    for label, _total in report.contribution_kinds:
        assert str(label) in table_text
    assert "Total dalam periode" in table_text and "Total sampai saat ini" in table_text
    for name in many_partners + ["Yayasan Mitra A", "PT Mitra B"]:
        assert name in table_text
    assert "1.250.000.000" in table_text
    assert "6.250.000.000" in table_text  # one partner's total in the period
    grand = format_number(report.contribution_total)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", grand)
    assert f"Total {' '.join(format_number(t) for _l, t in report.contribution_kinds)} {grand}" in table_text
    # Only that section is landscape: the report goes on in portrait after it.
    assert landscape == list(range(landscape[0], landscape[-1] + 1))
    assert "Kapasitas saat penjajakan vs kontribusi" not in table_text
    assert document.pages[landscape[-1] + 1].width < document.pages[landscape[-1] + 1].height


def test_every_page_names_program_period_date_and_page(cast, many_partners):
    report, document = bulletin(cast.program, "id")
    texts = page_texts(document)
    assert len(texts) >= 3
    with translation.override("id"):
        made = f"Dibuat {date_format(timezone.localdate(), 'j F Y')}"
    label = str(report.period.label)
    for number, text in enumerate(texts, start=1):
        assert "Desa Sejahtera NTT" in text, f"page {number}"
        assert label in text and str(report.period.start.year) in text, f"page {number}"
        assert made in text, f"page {number}"
        assert f"Halaman {number} dari {len(texts)}" in text


def test_rupiah_follow_the_language(cast, many_partners):
    texts = page_texts(bulletin(cast.program, "id")[1])
    assert "Rp 6.250.000.000" in texts[0]  # the thank-you list on the first page
    assert "1.250.000.000,5" in " ".join(texts)  # the indicator's target
    texts = page_texts(bulletin(cast.program, "en")[1])
    assert "Rp 6,250,000,000" in texts[0]
    assert "1,250,000,000" in " ".join(texts)
    assert f"Page 1 of {len(texts)}" in texts[0]
    assert "Generated " in texts[-1]
