"""Background preview and apply of large imports. Tasks take ids; the job is claimed by a
conditional UPDATE, so a second delivery of the message does nothing."""

from celery import shared_task

from imports import actions


@shared_task(name=actions.PREVIEW_TASK)
def preview_import(job_id):
    actions.do_preview_import(job_id)


@shared_task(name=actions.APPLY_TASK)
def apply_import(job_id):
    actions.do_run_apply(job_id)
