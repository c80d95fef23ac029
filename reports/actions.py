"""Every write of the reports app: export jobs."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from reports.models import ExportJob


@transaction.atomic
def do_request_export(actor, kind, params):
    """Create a queued export and hand it to Celery once the row is committed."""
    job = ExportJob.objects.create(requested_by=actor, kind=kind, params=params)
    from reports.tasks import run_export  # here, not at the top: reports.tasks imports this module (claim/finish)

    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


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
