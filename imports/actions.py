"""Writes of the imports app: the job row, and running a preview or an apply.

The domain rows themselves are written by the apps' actions (see importers.py). A job moves
queued -> previewing -> previewed|refused -> apply_queued -> applying -> applied|refused|failed,
each step claimed by a conditional UPDATE, so a redelivered task does nothing.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit
from imports.importers import CREATE, IMPORTERS, REFUSE, UNCHANGED, UPDATE, run_import
from imports.models import ImportJob
from imports.parsing import FileRefusedError, read_rows

logger = logging.getLogger(__name__)

PREVIEW_TASK = "imports.tasks.preview_import"
APPLY_TASK = "imports.tasks.apply_import"


def _claim(job_id, from_status, to_status):
    return ImportJob.objects.filter(pk=job_id, status=from_status).update(status=to_status, progress=10) == 1


def _reason(job):
    return _("Imported from %(file)s") % {"file": job.file_name}


@transaction.atomic
def do_start_import(actor, kind, program, upload):
    """Store the file and check it. Raises FileRefusedError (nothing stored) for a file that cannot be read.

    Small files are previewed at once; large ones (over IMPORT_SYNC_ROWS rows) by a background task.
    """
    rows, _fmt = read_rows(upload, _columns(kind))
    if not rows:
        raise FileRefusedError(_("The file has no data rows."))
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        program=program,
        requested_by=actor,
        language=translation.get_language() or "id",
        file_name=upload.name[:255],
        row_count=len(rows),
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    if len(rows) > settings.IMPORT_SYNC_ROWS:
        enqueue_on_commit(PREVIEW_TASK, job.pk)
    else:
        job.status = ImportJob.Status.PREVIEWING
        job.save(update_fields=["status"])
        _process(job, rows, apply=False)
    return job


def _columns(kind):
    return IMPORTERS[kind].columns


def _read(job):
    with job.file.open("rb") as handle:
        content = ContentFile(handle.read(), name=job.file_name)
    rows, _fmt = read_rows(content, _columns(job.kind))
    return rows


def _process(job, rows, *, apply):
    results = run_import(job.kind, job.requested_by, job.program, rows, _reason(job), apply=apply)
    counts = {action: 0 for action in (CREATE, UPDATE, UNCHANGED, REFUSE)}
    for result in results:
        counts[result.action] += 1
    if counts[REFUSE]:
        status = ImportJob.Status.REFUSED
    elif apply:
        status = ImportJob.Status.APPLIED
    else:
        status = ImportJob.Status.PREVIEWED
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        progress=100,
        rows=[r.as_dict() for r in results],
        created=counts[CREATE],
        updated=counts[UPDATE],
        unchanged=counts[UNCHANGED],
        refused=counts[REFUSE],
        applied_at=timezone.now() if status == ImportJob.Status.APPLIED else None,
    )
    job.refresh_from_db()
    return job


def _run(job_id, from_status, to_status, *, apply):
    if not _claim(job_id, from_status, to_status):
        return None
    job = ImportJob.objects.select_related("requested_by", "program").get(pk=job_id)
    with translation.override(job.language):
        try:
            rows = _read(job)
        except FileRefusedError as refused:
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportJob.Status.REFUSED, error=refused.message, progress=100
            )
            return job
        except Exception as exc:  # noqa: BLE001 - recorded on the job for the requester
            logger.exception("import %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, error=str(exc)[:500])
            return job
        return _process(job, rows, apply=apply)


@transaction.atomic
def do_preview_import(job_id):
    """The dry run of a queued job (the task's body)."""
    return _run(job_id, ImportJob.Status.QUEUED, ImportJob.Status.PREVIEWING, apply=False)


@transaction.atomic
def do_run_apply(job_id):
    """Apply a job whose apply was requested (the task's body)."""
    return _run(job_id, ImportJob.Status.APPLY_QUEUED, ImportJob.Status.APPLYING, apply=True)


@transaction.atomic
def do_apply_import(actor, job):
    """Apply a previewed job: at once for a small file, by a background task for a large one.

    Returns the job; its status says whether it applied (or was refused: the data may have changed
    since the preview, and then nothing is written)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED, refused=0).update(
        status=ImportJob.Status.APPLY_QUEUED, progress=0
    )
    if claimed != 1:
        job.refresh_from_db()
        return job
    if job.row_count > settings.IMPORT_SYNC_ROWS:
        enqueue_on_commit(APPLY_TASK, job.pk)
        job.refresh_from_db()
        return job
    return do_run_apply(job.pk) or job
