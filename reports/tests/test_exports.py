import io
from urllib.parse import urlencode

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import ExportJob
from reports.tasks import run_export

pytestmark = pytest.mark.django_db


def export_url(program, table, fmt, **params):
    base = reverse("reports:program_export", args=[program.pk, table, fmt])
    return base + ("?" + urlencode(params) if params else "")


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_outcomes_csv_is_streamed(cast, road, login):
    response = login(cast.manajer).get(export_url(cast.program, "outcomes", "csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    lines = streamed(response).splitlines()
    assert len(lines) == 2
    assert "Kemiskinan ekstrem turun" in lines[1]
    assert lines[0].endswith("Capaian,Kemajuan (%),Sumber kemajuan")
    # progress from the milestones: the outcome has no indicator with a figure
    assert lines[1].endswith(",70.0,dari tonggak capaian")


def test_milestone_list_csv_has_every_milestone_of_the_period(cast, road, login):
    text = streamed(login(cast.staf_a).get(export_url(cast.program, "milestones", "csv")))
    rows = text.splitlines()[1:]
    assert len(rows) == 4
    assert {r.split(",")[0] for r in rows} == {str(m.pk) for m in road.milestones}


def test_contributions_excel_opens_with_the_numbers(cast, road, login):
    response = login(cast.manajer).get(export_url(cast.program, "contributions", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    totals = {row[0]: row[-3] for row in rows[2:]}  # a title row, then the headers
    assert totals == {"PT Mitra B": 75_000_000, "Yayasan Mitra A": 25_000_000}


def test_excel_is_formatted_for_reading_and_names_its_period(cast, road, login):
    response = login(cast.manajer).get(export_url(cast.program, "contributions", "xlsx"))
    start = road.start  # the current quarter: its first and last day are in the name
    assert f"-contributions-{start.isoformat()}-{start.year}-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    title = sheet["A1"].value
    assert "Desa Sejahtera NTT" in title and str(start.year) in title
    assert sheet["A1"].font.bold
    headers = [c for c in sheet[2] if c.value]
    assert headers and all(c.font.bold for c in headers)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:")
    assert all(sheet.column_dimensions[c.column_letter].width >= 10 for c in headers)
    total = next(c for row in sheet.iter_rows(min_row=3) for c in row if c.value == 75_000_000)
    assert total.data_type == "n" and total.number_format == "#,##0"  # never 7.5E+07


def test_excel_dates_are_date_cells_and_csv_headers_follow_the_language(cast, road, login):
    client = login(cast.manajer)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(export_url(cast.program, "milestones", "xlsx")).streaming_content))
    ).worksheets[0]
    dates = [c for row in sheet.iter_rows(min_row=3) for c in row if c.is_date]
    assert dates and all(c.number_format == "dd mmm yyyy" for c in dates)
    indonesian = streamed(client.get(export_url(cast.program, "outcomes", "csv"))).splitlines()[0]
    client.post(reverse("set_language"), {"language": "en"})
    english = streamed(client.get(export_url(cast.program, "outcomes", "csv"))).splitlines()[0]
    assert "Kemajuan (%)" in indonesian and "Progress (%)" in english


def test_portfolio_tables_export(cast, road, login):
    response = login(cast.manajer).get(reverse("reports:portfolio_export", args=["programs", "csv"]))
    text = streamed(response)
    assert "Desa Sejahtera NTT" in text
    response = login(cast.manajer).get(reverse("reports:portfolio_export", args=["milestones", "csv"]))
    assert len(streamed(response).splitlines()) == 5


def test_empty_export_says_no_data(cast, login):
    client = login(cast.manajer)
    response = client.get(export_url(cast.program, "milestones", "csv"))
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert any("no data" in str(m).lower() or "tidak ada data" in str(m).lower() for m in follow.context["messages"])


@pytest.mark.parametrize("table, fmt", [("nope", "csv"), ("outcomes", "pdf"), ("outcomes", "exe")])
def test_unknown_table_or_format_is_404(cast, road, login, table, fmt):
    assert login(cast.manajer).get(export_url(cast.program, table, fmt)).status_code == 404


def test_invalid_period_on_export_redirects_with_error(cast, road, login):
    response = login(cast.manajer).get(export_url(cast.program, "outcomes", "csv", period="custom", start="x"))
    assert response.status_code == 302


def start_job(client, program, kind, django_capture_on_commit_callbacks, **params):
    url = reverse("reports:program_export_job", args=[program.pk])
    if params:
        url += "?" + urlencode(params)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": kind})
    return response


def test_pdf_bulletin_acknowledges_partners_and_is_only_for_the_requester(
    cast, road, login, django_capture_on_commit_callbacks
):
    client = login(cast.manajer)
    response = start_job(client, cast.program, "program_pdf", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reports:export_detail", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    page = client.get(response["Location"])
    assert reverse("reports:export_download", args=[job.pk]).encode() in page.content
    assert b"hx-trigger" not in page.content  # finished: no more polling
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert download.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Yayasan Mitra A" in text and "PT Mitra B" in text
    assert "75.000.000" in text or "75,000,000" in text
    assert "Terima kasih" in text or "With thanks" in text
    assert login(cast.fasilitator).get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_pdf_follows_the_chosen_language(cast, road, login, django_capture_on_commit_callbacks):
    client = login(cast.manajer)
    client.post(reverse("set_language"), {"language": "en"})
    start_job(client, cast.program, "program_pdf", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.params["language"] == "en"
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert "With thanks to our partners" in text


def test_program_excel_workbook_has_every_table(cast, road, login, django_capture_on_commit_callbacks):
    client = login(cast.fasilitator)
    start_job(client, cast.program, "program_xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert len(workbook.sheetnames) >= 6
    assert job.row_count >= 4 + 2 + 2


def test_export_with_nothing_in_it_is_marked_no_data(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.manajer)
    start_job(client, cast.program, "milestones_xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.EMPTY
    page = client.get(reverse("reports:export_detail", args=[job.pk]))
    assert b"alert-info" in page.content
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_portfolio_milestone_export_job(cast, road, login, django_capture_on_commit_callbacks):
    client = login(cast.manajer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:portfolio_export_job"), {"kind": "milestones_csv"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.row_count == 4
    text = b"".join(client.get(reverse("reports:export_download", args=[job.pk])).streaming_content).decode("utf-8-sig")
    assert "Desa Sejahtera NTT" in text


def test_bad_export_kind_starts_nothing(cast, road, login):
    client = login(cast.manajer)
    response = client.post(reverse("reports:program_export_job", args=[cast.program.pk]), {"kind": "everything"})
    assert response.status_code == 302
    response = client.post(reverse("reports:portfolio_export_job"), {"kind": "program_pdf"})
    assert response.status_code == 302
    assert not ExportJob.objects.exists()


def test_task_is_idempotent(cast, road, login, django_capture_on_commit_callbacks):
    client = login(cast.manajer)
    start_job(client, cast.program, "milestones_csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    before = (job.file.name, job.finished_at)
    run_export(job.pk)  # a redelivered message
    job.refresh_from_db()
    assert (job.file.name, job.finished_at) == before


def test_failed_export_is_recorded(cast, road, login, django_capture_on_commit_callbacks, monkeypatch):
    def boom(job, path):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.tasks.build_export", boom)
    client = login(cast.manajer)
    start_job(client, cast.program, "program_pdf", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "disk full" in job.error
    assert b"alert-danger" in client.get(reverse("reports:export_detail", args=[job.pk])).content


def test_running_job_page_polls_with_htmx(cast, login):
    job = ExportJob.objects.create(
        requested_by=cast.manajer, kind="program_pdf", params={}, progress=40, status=ExportJob.Status.RUNNING
    )
    response = login(cast.manajer).get(reverse("reports:export_status", args=[job.pk]))
    assert b'hx-trigger="every 2s"' in response.content
    assert b"width: 40%" in response.content
    assert b"<script" not in response.content


def test_job_pages_query_count(cast, login, assert_queries):
    client = login(cast.manajer)
    client.get(reverse("reports:export_list"))  # the first request after login also stamps the session
    for _ in range(2):
        ExportJob.objects.create(requested_by=cast.manajer, kind="milestones_csv", params={"label": "Q1"})
    with assert_queries(5):
        client.get(reverse("reports:export_list"))
    for _ in range(5):
        ExportJob.objects.create(requested_by=cast.manajer, kind="program_pdf", params={"program": cast.program.pk})
    with assert_queries(5):
        client.get(reverse("reports:export_list"))
    detail = reverse("reports:export_detail", args=[ExportJob.objects.first().pk])
    with assert_queries(5):
        client.get(detail)


def test_formulas_typed_by_partners_are_exported_as_text(cast, road, login):
    milestone = road.milestones[0]
    milestone.title = '=HYPERLINK("http://evil.example","klik")'
    milestone.save()
    client = login(cast.manajer)
    text = streamed(client.get(export_url(cast.program, "milestones", "csv")))
    assert "'=HYPERLINK" in text
    response = client.get(export_url(cast.program, "milestones", "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert len(cells) == 1
    assert cells[0].data_type == "s"


def test_page_pdf_and_csv_show_the_same_change_sentence(cast, road, login, django_capture_on_commit_callbacks):
    from django.utils import translation

    from roadmap.changelog import describe
    from roadmap.models import Revision

    revision = Revision.objects.create(
        program=cast.program,
        item_type="milestone",
        item_id=road.milestones[0].pk,
        item_label="Survei data dasar",
        field="status",
        old_value="planned",
        new_value="in_progress",
        reason="Rapat koordinasi",
        actor=cast.fasilitator,
    )
    with translation.override("id"):
        sentence = describe(revision)
    assert sentence == "Status diubah dari Direncanakan menjadi Sedang berjalan."
    client = login(cast.manajer)
    page = client.get(reverse("reports:program", args=[cast.program.pk])).content.decode()
    assert sentence in page and "in_progress" not in page
    csv_text = streamed(client.get(export_url(cast.program, "revisions", "csv")))
    assert sentence in csv_text and "in_progress" not in csv_text
    start_job(client, cast.program, "program_pdf", django_capture_on_commit_callbacks)
    download = client.get(reverse("reports:export_download", args=[ExportJob.objects.get().pk]))
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert "".join(sentence.split()) in "".join(pdf_text.split())
