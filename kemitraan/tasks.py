"""Housekeeping tasks of the project itself (run by beat; ids-free and safe to run twice)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="kemitraan.tasks.clear_expired_sessions")
def clear_expired_sessions():
    """Delete expired sessions (Django's clearsessions); running it twice deletes nothing more."""
    call_command("clearsessions")
