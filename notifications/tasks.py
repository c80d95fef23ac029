"""Celery tasks. They take ids, never model instances, and are safe to run twice.

Delivery is idempotent through the reminder ledger: a duplicated message, a second
beat process or a redelivery after a killed worker finds nothing left to claim.
No task here uses an ETA or countdown (Redis redelivers unacknowledged messages after
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]; an ETA longer than that would run twice).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from notifications import reminders

logger = logging.getLogger(__name__)

# Publishing from a web request: try at most twice, 0.2 s apart, then give up and log.
# The sweep derives everything from the database, so a lost enqueue is only a delay.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


@shared_task(name="notifications.tasks.sweep_reminders")
def sweep_reminders():
    sweep = reminders.run_sweep()
    stats = dict(sweep.stats)
    stats.update(reminders.catch_up_weekly_digest())
    return stats


@shared_task(name="notifications.tasks.send_weekly_digest")
def send_weekly_digest():
    return dict(reminders.send_weekly_digest())


@shared_task(name="notifications.tasks.deliver_reminders")
def deliver_reminders(user_ids):
    return dict(reminders.deliver_pending(user_ids=[int(pk) for pk in user_ids]))


def max_countdown():
    """Seconds a message may wait in Redis before a worker takes it: below the visibility timeout."""
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - 60


def enqueue(task, *args, countdown=None):
    """Publish a task with a bounded retry; never raises for a broker outage (it is logged).

    A countdown at or above the Redis visibility timeout would make Redis hand the message
    to a second worker while the first still waits for it, so it is refused outright.
    """
    if countdown is not None and countdown > max_countdown():
        raise ValueError(f"countdown {countdown}s exceeds the broker visibility timeout; use the sweep instead")
    try:
        task.apply_async(args=args, countdown=countdown, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        return True
    except Exception:
        logger.warning("Could not enqueue %s; the next reminder sweep will catch up.", task.name, exc_info=True)
        return False


def enqueue_on_commit(task, *args, countdown=None):
    """Enqueue after the surrounding transaction commits (never for a rolled-back write)."""
    transaction.on_commit(lambda: enqueue(task, *args, countdown=countdown))
