"""Celery tasks of core. They take no arguments and are safe to run twice."""

from celery import shared_task

from core.actions import do_purge_form_submissions


@shared_task(name="core.tasks.purge_form_submissions")
def purge_form_submissions():
    return do_purge_form_submissions()
