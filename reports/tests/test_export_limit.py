"""Issue 19: an export longer than EXPORT_INLINE_MAX_ROWS is always written by the worker, never
inside the request; the file is the same as the inline download; jobs left running by a dead worker
are marked failed; the Excel writer streams its rows."""

import datetime
import io
import tracemalloc

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.exports import write_xlsx
from reports.models import ExportJob
from reports.tables import Table
from reports.tasks import requeue_stale_exports

pytestmark = pytest.mark.django_db

ROAD_MILESTONES = 4  # the `road` fixture's milestones, all due in the current quarter


def program_url(program, table, fmt):
    return reverse("reports:program_export", args=[program.pk, table, fmt])


def download(client, job):
    response = client.get(reverse("reports:export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def sheet_values(content):
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def test_long_table_becomes_a_job_and_is_not_sent_inline(
    cast, road, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = ROAD_MILESTONES - 1
    client = login(cast.manajer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(program_url(cast.program, "milestones", "csv"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_detail", args=[job.pk])
    assert "Content-Disposition" not in response
    assert job.kind == ExportJob.Kind.TABLE_CSV and job.requested_by == cast.manajer
    assert job.status == ExportJob.Status.DONE and job.row_count == ROAD_MILESTONES
    page = client.get(response["Location"])
    assert job.file_name.encode() in page.content  # the download button
    assert "Tabel (CSV)" in page.content.decode()  # the job's title, in Indonesian by default


def test_table_at_the_limit_still_downloads_at_once(cast, road, login, settings):
    settings.EXPORT_INLINE_MAX_ROWS = ROAD_MILESTONES
    response = login(cast.manajer).get(program_url(cast.program, "milestones", "csv"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_job_file_is_the_inline_file(cast, road, login, settings, django_capture_on_commit_callbacks, fmt):
    client = login(cast.manajer)
    inline = client.get(program_url(cast.program, "milestones", fmt))
    inline_name = inline["Content-Disposition"]
    inline_content = b"".join(inline.streaming_content)
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        client.get(program_url(cast.program, "milestones", fmt))
    job = ExportJob.objects.get()
    assert f'filename="{job.file_name}"' in inline_name
    content = download(client, job)
    if fmt == "csv":
        assert content == inline_content
    else:
        assert sheet_values(content) == sheet_values(inline_content)
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:K{2 + ROAD_MILESTONES}"  # 11 columns
        assert sheet["A2"].font.bold


def test_portfolio_follows_the_same_rule(cast, road, login, settings, django_capture_on_commit_callbacks):
    """(The IPTT's: results/tests/test_exports.py.)"""
    client = login(cast.manajer)
    settings.EXPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:portfolio_export", args=["milestones", "xlsx"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.params["source"] == "portfolio"
    assert job.kind == ExportJob.Kind.TABLE_XLSX and job.row_count == ROAD_MILESTONES
    rows = sheet_values(download(client, job))
    assert {row[1] for row in rows[2:]} == {cast.program.name}  # the portfolio list names each row's program


def test_asking_again_while_the_job_waits_starts_no_second_job(cast, road, login, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client = login(cast.manajer)
    first = client.get(program_url(cast.program, "milestones", "xlsx"))  # on-commit task not run: still queued
    second = client.get(program_url(cast.program, "milestones", "xlsx"))
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1
    client.get(program_url(cast.program, "milestones", "csv"))  # another format is another file
    assert ExportJob.objects.count() == 2


def test_refusals_start_no_job(cast, road, login, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    assert login(cast.luar).get(program_url(cast.program, "milestones", "csv")).status_code == 404
    iptt = reverse("reports:results_export", args=[cast.program.pk, "iptt", "csv"])
    assert login(cast.luar).get(iptt).status_code == 404
    # Partner people have no portfolio.
    portfolio = reverse("reports:portfolio_export", args=["milestones", "csv"])
    assert login(cast.staf_a).get(portfolio).status_code == 403
    assert login(cast.manajer).get(program_url(cast.program, "nope", "csv")).status_code == 404
    assert login(cast.manajer).get(program_url(cast.program, "milestones", "exe")).status_code == 404
    assert not ExportJob.objects.exists()


def test_another_user_cannot_see_or_download_the_job(cast, road, login, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.manajer).get(program_url(cast.program, "milestones", "csv"))
    job = ExportJob.objects.get()
    other = login(cast.fasilitator)
    assert other.get(reverse("reports:export_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_job_fails_when_the_requester_lost_access_meanwhile(
    cast, road, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client = login(cast.staf_a)
    with django_capture_on_commit_callbacks() as callbacks:
        client.get(program_url(cast.program, "milestones", "csv"))
    cast.program.memberships.filter(user=cast.staf_a).delete()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and not job.file


def test_jobs_left_running_by_a_dead_worker_are_marked_failed(cast, login):
    now = timezone.now()
    stale = ExportJob.objects.create(
        requested_by=cast.manajer,
        kind=ExportJob.Kind.TABLE_CSV,
        params={"url": program_url(cast.program, "milestones", "csv"), "program": cast.program.pk},
        status=ExportJob.Status.RUNNING,
        started_at=now - datetime.timedelta(minutes=31),
    )
    busy = ExportJob.objects.create(
        requested_by=cast.manajer,
        kind=ExportJob.Kind.PROGRAM_PDF,
        params={"program": cast.program.pk},
        status=ExportJob.Status.RUNNING,
        started_at=now - datetime.timedelta(minutes=10),
    )
    requeue_stale_exports()
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.status == ExportJob.Status.FAILED and stale.is_stale and stale.finished_at
    assert busy.status == ExportJob.Status.RUNNING
    page = login(cast.manajer).get(reverse("reports:export_detail", args=[stale.pk])).content.decode()
    assert 'data-testid="retry"' in page and program_url(cast.program, "milestones", "csv") in page
    assert "hx-trigger" not in page  # finished: the page stops polling


def test_failed_report_job_offers_its_report_page_to_try_again(cast):
    job = ExportJob(kind=ExportJob.Kind.PROGRAM_PDF, params={"program": cast.program.pk, "url": "//evil.example/"})
    assert job.retry_url == reverse("reports:program", args=[cast.program.pk])


def test_excel_writer_streams_its_rows():
    """50,000 rows from a generator: the writer holds a row at a time, not the sheet."""
    row_count = 50_000

    def rows():
        for i in range(row_count):
            yield [i, f"Tonggak nomor {i} untuk keluaran yang cukup panjang", datetime.date(2027, 1, 1), i * 1_000_000]

    table = Table("milestones", "Tonggak", ["ID", "Tonggak", "Tenggat", "Nilai"], rows())
    out = io.BytesIO()
    tracemalloc.start()
    try:
        written = write_xlsx([table], out)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == row_count
    # Held in memory, these rows would take well over 20 MB of Python objects.
    assert peak < 8 * 1024 * 1024, peak
    assert sheet_values(out.getvalue())[-1][0] == row_count - 1
