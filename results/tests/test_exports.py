"""Exports of the IPTT and the breakdown tables (CSV, Excel) from the IPTT page, and the results section
of the PDF bulletin: typed cells, a title row with program and period, headers in the user's language."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import ExportJob
from results.models import BreakdownValue, PeriodTarget, Result
from results.tests.factories import ResultFactory
from roadmap.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db
APPROVED = Result.State.APPROVED


@pytest.fixture
def reported(cast, framework):
    """HH-1: 40 (female 18, male 20) in the first past quarter, target 50; 30 in the second, no breakdown."""
    first, second = framework.past[0], framework.past[1]
    PeriodTarget.objects.create(indicator=framework.indicator, period=first, value=50)
    one = ResultFactory(
        indicator=framework.indicator,
        period=first,
        partner=cast.partner_a,
        author=cast.staf_a,
        state=APPROVED,
        value=40,
    )
    BreakdownValue.objects.create(result=one, option=framework.female, value=18)
    BreakdownValue.objects.create(result=one, option=framework.male, value=20)
    ResultFactory(
        indicator=framework.indicator,
        period=second,
        partner=cast.partner_a,
        author=cast.staf_a,
        state=APPROVED,
        value=30,
    )
    # Not counted anywhere: still in review.
    ResultFactory(
        indicator=framework.on_output,
        period=first,
        partner=cast.partner_b,
        author=cast.staf_b,
        state=Result.State.SUBMITTED,
        value=999,
    )
    return framework


def _url(program, table, fmt, query=""):
    return reverse("reports:results_export", args=[program.pk, table, fmt]) + (f"?{query}" if query else "")


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _sheet(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_iptt_excel_has_a_title_row_english_headers_and_numbers(cast, reported, login, settings):
    client = login(cast.manajer)
    _english(client, settings)
    response = client.get(_url(cast.program, "iptt", "xlsx"))
    assert response.status_code == 200
    rows = _sheet(response)
    title, headers, *lines = rows
    assert title[0] == f"Indicator tracking table: {cast.program.name}"
    assert title[1].startswith("Period: ") and reported.periods[0].label in title[1]
    assert headers[:6] == ("Code", "Indicator", "Unit", "Level", "Measures", "Baseline")
    assert headers[-4:] == ("Target to date", "Actual to date", "Percent of target", "Status")
    hh = next(line for line in lines if line[0] == "HH-1")
    first = 6 + 3 * reported.periods.index(reported.past[0])
    assert hh[first : first + 3] == (50, 40, 80)
    assert isinstance(hh[first + 1], (int, float))
    assert hh[-3] == 70  # actual to date: 40 + 30
    hh2 = next(line for line in lines if line[0] == "HH-2")
    assert hh2[-3] is None  # the value in review counts nowhere; an empty figure is an empty cell


def test_iptt_csv_in_indonesian_by_default(cast, reported, login):
    rows = _csv(login(cast.manajer).get(_url(cast.program, "iptt", "csv")))
    title, headers, *lines = rows
    assert title[0] == f"Tabel pemantauan kinerja indikator: {cast.program.name}"
    assert title[1].startswith("Periode: ")
    assert headers[:2] == ["Kode", "Indikator"]
    assert "Realisasi s.d. saat ini" in headers
    hh = next(line for line in lines if line[0] == "HH-1")
    assert Decimal(hh[headers.index("Realisasi s.d. saat ini")]) == 70


def test_breakdown_export_lists_every_part_and_what_is_not_broken_down(cast, reported, login, settings):
    client = login(cast.manajer)
    _english(client, settings)
    title, headers, *lines = _sheet(client.get(_url(cast.program, "breakdowns", "xlsx")))
    assert title[0] == f"Breakdowns: {cast.program.name}"
    assert headers == ("Code", "Indicator", "Unit", "Breakdown", "Period", "Part", "Value", "Period total")
    first = [line for line in lines if line[4] == reported.past[0].label]
    assert [(line[3], line[5], line[6], line[7]) for line in first] == [
        ("Sex", "Female", 18, 40),
        ("Sex", "Male", 20, 40),
        ("Sex", "Not broken down", 2, 40),
    ]
    second = [line for line in lines if line[4] == reported.past[1].label]
    assert [(line[5], line[6]) for line in second] == [("Female", None), ("Male", None), ("Not broken down", 30)]


def test_the_export_applies_the_iptt_filters_and_names_them(cast, reported, login, settings):
    client = login(cast.manajer)
    _english(client, settings)
    query = f"partner={cast.partner_b.pk}"
    iptt = client.get(reverse("results:iptt", args=[cast.program.pk]) + f"?{query}")
    assert _url(cast.program, "iptt", "csv", query).encode() in iptt.content.replace(b"&amp;", b"&")
    title, headers, *lines = _csv(client.get(_url(cast.program, "iptt", "csv", query)))
    assert title[2] == f"Partner: {cast.partner_b.organisation.name}"
    assert [line[0] for line in lines] == ["HH-2"]  # partner B reports only HH-2
    by_option = _csv(client.get(_url(cast.program, "iptt", "csv", f"option={reported.female.pk}")))
    hh = next(line for line in by_option[2:] if line[0] == "HH-1")
    assert Decimal(hh[by_option[1].index("Actual to date")]) == 18


def test_a_text_starting_like_a_formula_stays_text(cast, reported, login):
    reported.indicator.name = "=HYPERLINK(1)"
    reported.indicator.save()
    rows = _csv(login(cast.manajer).get(_url(cast.program, "iptt", "csv")))
    assert any(line[1] == "'=HYPERLINK(1)" for line in rows[2:])


@pytest.mark.parametrize("table, fmt", [("nope", "csv"), ("iptt", "pdf")])
def test_unknown_table_or_format_is_404(cast, reported, login, table, fmt):
    assert login(cast.manajer).get(_url(cast.program, table, fmt)).status_code == 404


def test_nothing_to_export_goes_back_to_the_iptt_with_a_message(cast, login):
    response = login(cast.manajer).get(_url(cast.program, "iptt", "csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("results:iptt", args=[cast.program.pk]))


def test_outsiders_get_404_and_partner_people_read(cast, reported, login):
    assert login(cast.luar).get(_url(cast.program, "iptt", "csv")).status_code == 404
    assert login(cast.staf_b).get(_url(cast.program, "breakdowns", "xlsx")).status_code == 200


def test_program_workbook_carries_the_results_sheets(cast, reported, login, django_capture_on_commit_callbacks):
    MilestoneFactory(output=reported.output, owner=cast.partner_a)
    client = login(cast.manajer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:program_export_job", args=[cast.program.pk]), {"kind": "program_xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Tabel pemantauan kinerja indikator"[:31] in workbook.sheetnames  # sheet names hold 31 characters
    assert "Rincian" in workbook.sheetnames


def test_pdf_bulletin_has_the_results_summary_and_the_breakdowns(
    cast, reported, login, settings, django_capture_on_commit_callbacks
):
    MilestoneFactory(output=reported.output, owner=cast.partner_a)
    client = login(cast.manajer)
    _english(client, settings)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:program_export_job", args=[cast.program.pk]), {"kind": "program_pdf"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Results (indicators)" in text
    assert "HH-1" in text and "HH-2" in text
    assert "HH-1 · by Sex" in text
    assert "Not broken down" in text
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert height > width  # A4 portrait


def test_the_program_report_links_the_iptt_export(cast, reported, login):
    page = login(cast.manajer).get(reverse("reports:program", args=[cast.program.pk]))
    assert _url(cast.program, "iptt", "xlsx").encode() in page.content


def test_long_iptt_is_written_by_the_worker_with_the_same_content(
    cast, reported, login, settings, django_capture_on_commit_callbacks
):
    """Issue 19: above EXPORT_INLINE_MAX_ROWS the IPTT is a background job; its file is the inline one."""
    client = login(cast.manajer)
    inline = b"".join(client.get(_url(cast.program, "iptt", "csv")).streaming_content)
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url(cast.program, "iptt", "csv"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.kind == ExportJob.Kind.TABLE_CSV and job.status == ExportJob.Status.DONE
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == inline
    assert login(cast.luar).get(_url(cast.program, "iptt", "csv")).status_code == 404
    assert ExportJob.objects.count() == 1
