"""What /healthz and `manage.py check_health` report: the database, the broker, and how long ago
beat last ticked and a worker last answered.

Beat publishes `kemitraan.tasks.heartbeat` every minute. Publishing it records the beat tick
(`before_task_publish`, in the beat process); a worker running it records the worker heartbeat.
Both are rows in the database (Heartbeat), so every web process reads the same answer.

    status "ok"        everything answers
    status "degraded"  the database is up (200) but the broker is down or beat or the workers are
                       behind: pages work, reminders and exports wait
    status "down"      the database is down (503)
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from core.queue import broker_status
from kemitraan.actions import do_record_heartbeat
from kemitraan.models import Heartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "kemitraan.tasks.heartbeat"


def record_beat_tick(sender=None, **kwargs):
    """before_task_publish: beat is publishing the heartbeat, so beat is alive."""
    if sender == HEARTBEAT_TASK:
        try:
            do_record_heartbeat(Heartbeat.BEAT)
        except DatabaseError:  # the database being down is /healthz's news, not beat's crash
            pass


def _age(name, beats, now, max_age):
    at = beats.get(name)
    if at is None:
        return {"status": "never", "last": None, "age_seconds": None}
    age = max(0, int((now - at).total_seconds()))
    return {"status": "ok" if age <= max_age else "late", "last": at.isoformat(), "age_seconds": age}


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as exc:
        logger.error("health: database unreachable: %s", exc)
        return False


def _queue_side(database_ok, now):
    """(beat, worker) reports."""
    if not settings.REDIS_URL:
        # No broker: tasks run inside the web process; there is no beat or worker to watch.
        return {"status": "in-process"}, {"status": "in-process"}
    if not database_ok:
        return {"status": "unknown"}, {"status": "unknown"}
    try:
        beats = dict(Heartbeat.objects.values_list("name", "at"))
    except DatabaseError:  # migrations not applied yet
        return {"status": "unknown"}, {"status": "unknown"}
    return (
        _age(Heartbeat.BEAT, beats, now, settings.HEALTH_BEAT_MAX_AGE),
        _age(Heartbeat.WORKER, beats, now, settings.HEALTH_WORKER_MAX_AGE),
    )


def check(now=None):
    """(report, http_status): 503 only when the database is down."""
    now = now or timezone.now()
    database_ok = _database_ok()
    beat, worker = _queue_side(database_ok, now)
    broker = broker_status()
    if not database_ok:
        status = "down"
    elif broker == "down" or {beat["status"], worker["status"]} & {"never", "late", "unknown"}:
        status = "degraded"
    else:
        status = "ok"
    report = {
        "status": status,
        "ok": database_ok,
        "database": "ok" if database_ok else "down",
        "broker": broker,
        "beat": beat,
        "worker": worker,
    }
    return report, (200 if database_ok else 503)
