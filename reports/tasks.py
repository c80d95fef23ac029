"""Long exports. Tasks take ids only and are idempotent: a job is claimed (queued -> running)
by a conditional UPDATE, so a redelivered message or a second worker does nothing.

A job whose message never reached the broker (Redis down when it was requested) stays queued;
`requeue_stale_exports`, run by beat every five minutes, publishes it again."""

import datetime
import logging
import os
import tempfile

from celery import shared_task
from django.http import QueryDict
from django.utils import timezone, translation

from core.queue import enqueue
from partners.models import Program
from reports import actions
from reports.exports import csv_lines, export_filename, period_text, render_program_pdf, write_xlsx
from reports.forms import Period
from reports.models import ExportJob
from reports.results_tables import results_tables
from reports.selectors import build_program_report, portfolio_milestones
from reports.sources import export_source, find_table, table_file_name, table_heading
from reports.tables import milestone_list, program_tables

logger = logging.getLogger(__name__)

# A job still queued this long after it was requested is published again (a job already
# in the queue only runs once: the claim turns the second message into a no-op).
REQUEUE_AFTER = datetime.timedelta(minutes=5)
REQUEUE_BATCH = 500


@shared_task(name=actions.RUN_EXPORT_TASK)
def run_export(job_id):
    if not actions.do_claim_export(job_id):
        return
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    handle, path = tempfile.mkstemp(suffix=".tmp")
    os.close(handle)
    try:
        with translation.override(job.params.get("language") or job.requested_by.language or "id"):
            result = build_export(job, path)
        if result is None:
            actions.do_mark_export_empty(job_id)
        else:
            file_name, rows = result
            actions.do_finish_export(job, path, file_name, rows)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job for the requester
        logger.exception("export %s failed", job_id)
        actions.do_fail_export(job_id, exc)
    finally:
        os.unlink(path)


@shared_task(name="reports.tasks.requeue_stale_exports")
def requeue_stale_exports():
    """Publish again the exports that are still queued (never claimed) after REQUEUE_AFTER, and mark
    failed those left running by a worker that died (EXPORT_STALE_AFTER_MINUTES).

    Oldest first; stops at the first job the broker does not take (the next run goes on).
    """
    actions.do_fail_stale_exports()
    cutoff = timezone.now() - REQUEUE_AFTER
    job_ids = list(ExportJob.objects.waiting_since(cutoff).values_list("pk", flat=True)[:REQUEUE_BATCH])
    sent = 0
    for job_id in job_ids:
        if not enqueue(run_export, job_id):
            break
        sent += 1
    return {"waiting": len(job_ids), "sent": sent}


def build_export(job, path):
    """Write the file to `path`; return (download name, rows) or None when there is nothing to export."""
    params = job.params
    kind = job.kind

    def progress(value):
        actions.do_set_export_progress(job.pk, value)

    if kind in (ExportJob.Kind.TABLE_XLSX, ExportJob.Kind.TABLE_CSV):
        return build_table_export(job, path, progress)
    period = Period.from_params(params)

    if kind in (ExportJob.Kind.PROGRAM_PDF, ExportJob.Kind.PROGRAM_XLSX):
        program = Program.objects.get(pk=params["program"])
        report = build_program_report(program, period, hide_individual_scores=params.get("hide_scores", True))
        if report.is_empty:
            return None
        progress(50)
        tables = program_tables(report)
        name = export_filename(program.name, period.start, period.end)
        if kind == ExportJob.Kind.PROGRAM_PDF:
            render_program_pdf(report, tables, path)
            return f"{name}.pdf", 0
        heading = f"{program.name} · {period_text(period)}"
        rows = write_xlsx([*tables, *results_tables(program)], path, heading=heading)
        return f"{name}.xlsx", rows

    milestones = portfolio_milestones(params)
    expected = milestones.count()
    if not expected:
        return None
    table = milestone_list(milestones, with_program=True)
    name = export_filename("milestones", period.start, period.end)
    if kind == ExportJob.Kind.MILESTONES_XLSX:
        return f"{name}.xlsx", write_xlsx(
            [table], path, progress=progress, expected_rows=expected, heading=period_text(period)
        )
    with open(path, "w", encoding="utf-8", newline="") as out:
        for line in csv_lines(table):
            out.write(line)
    return f"{name}.csv", expected


def build_table_export(job, path, progress):
    """One table of a report page, rebuilt for the requester from the page's query string: the
    same rows, title row and file name as the inline download (reports.views._send_table)."""
    params = job.params
    source = export_source(job.requested_by, params["source"], params.get("pk"), QueryDict(params.get("query", "")))
    if source.tables is None:
        raise ValueError(source.error)
    table = find_table(source, params["table"])
    if table is None:
        raise ValueError(f"no table {params['table']!r}")
    expected = table.row_count()
    if not expected:
        return None
    if job.kind == ExportJob.Kind.TABLE_XLSX:
        rows = write_xlsx([table], path, progress=progress, expected_rows=expected, heading=table_heading(source))
        return f"{table_file_name(source, table)}.xlsx", rows
    with open(path, "w", encoding="utf-8", newline="") as out:
        for line in csv_lines(table):
            out.write(line)
    return f"{table_file_name(source, table)}.csv", expected
