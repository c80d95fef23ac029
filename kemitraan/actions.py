"""Writes of the project itself: housekeeping of the tables that belong to no domain app."""

import datetime

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kemitraan.models import Heartbeat


@transaction.atomic
def do_purge_access_logs(now=None):
    """Delete django-axes login records (successful logins, failures) older than ACCESS_LOG_RETENTION_DAYS.

    They answer "who logged in from where" for a recent incident; 90 days covers an investigation
    and keeps personal data (IP addresses, browsers) no longer than needed. Current lockouts
    (AccessAttempt) are axes' own and expire with its cool-off. Safe to run twice.
    Returns the number of records deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return logs + failures


def do_record_heartbeat(name, now=None):
    """Upsert one heartbeat row (kemitraan/health.py): one UPDATE, an INSERT only the first time."""
    now = now or timezone.now()
    if not Heartbeat.objects.filter(name=name).update(at=now):
        Heartbeat.objects.get_or_create(name=name, defaults={"at": now})
    return now
