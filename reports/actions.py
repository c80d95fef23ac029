"""Every write of the reports app: export jobs.

The export task (reports/tasks.py) calls these actions; the actions name the task instead of
importing it, so the two modules do not depend on each other in a circle.
"""

import datetime
import logging

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.actions import submit_once
from core.queue import enqueue_on_commit
from reports.models import STALE_ERROR_PREFIX, ExportJob

RUN_EXPORT_TASK = "reports.tasks.run_export"

logger = logging.getLogger(__name__)


@submit_once
def do_request_export(actor, kind, params):
    """Create a queued export and publish its task once the row is committed.

    `job.enqueued.sent` is False after commit when the queue could not take it: the job stays
    queued and the periodic requeue (reports.tasks.requeue_stale_exports) publishes it later.
    """
    job = ExportJob.objects.create(requested_by=actor, kind=kind, params=params)
    job.enqueued = enqueue_on_commit(RUN_EXPORT_TASK, job.pk)
    return job


@submit_once
def do_request_table_export(actor, kind, params):
    """A table export too long for a request. Asking again for the same table with the same filters
    while the first job is still queued or running returns that job instead of starting another
    (a double click, a reload of the download link), so the export is requested at most once."""
    unfinished = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    existing = (
        ExportJob.objects.select_for_update()
        .filter(requested_by=actor, kind=kind, params=params, status__in=unfinished)
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        existing.enqueued = None
        return existing
    return do_request_export(actor, kind, params)


def do_claim_export(job_id):
    """Move a queued job to running; False if someone else (or an earlier run) already has it."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress=1
    )
    return claimed == 1


def do_set_export_progress(job_id, progress):
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(progress=progress)


@transaction.atomic
def do_finish_export(job, path, file_name, row_count):
    with open(path, "rb") as handle:
        job.file.save(file_name, File(handle), save=False)
    job.file_name = file_name
    job.row_count = row_count
    job.status = ExportJob.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "file_name", "row_count", "status", "progress", "finished_at"])
    return job


def do_mark_export_empty(job_id):
    ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.EMPTY, progress=100, finished_at=timezone.now())


def do_fail_export(job_id, error):
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


STALE_ERROR = f"{STALE_ERROR_PREFIX} still running after the time limit (its worker stopped)"


def do_fail_stale_exports(now=None):
    """Mark failed the jobs left running longer than EXPORT_STALE_AFTER_MINUTES: their worker died
    (killed, out of memory, host restarted) and nobody will finish them. The requester sees the
    failure and can ask again. Returns how many were marked."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.EXPORT_STALE_AFTER_MINUTES)
    return ExportJob.objects.filter(status=ExportJob.Status.RUNNING, started_at__lt=cutoff).update(
        status=ExportJob.Status.FAILED, error=STALE_ERROR, finished_at=now
    )


def do_purge_expired_exports(now=None, *, batch_size=500):
    """Delete exports requested more than EXPORT_RETENTION_DAYS ago: the row and its file.

    An export is a copy of data that stays in the app, so nothing is lost; the person asks again.
    The row goes too (a row without its file is a dead link in the list). Files are deleted after
    the rows' transaction commits; a second run finds nothing older, so it is safe to repeat.
    Returns the number of exports deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    storage = ExportJob._meta.get_field("file").storage
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                ExportJob.objects.filter(created_at__lt=cutoff).order_by("pk").values_list("pk", "file")[:batch_size]
            )
            if not rows:
                return deleted
            ExportJob.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
            names = [name for _, name in rows if name]
            transaction.on_commit(lambda names=names: _delete_files(storage, names))
        deleted += len(rows)


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError as exc:  # a missing or locked file must not stop the others
            logger.warning("export file %s not deleted: %s", name, exc)
