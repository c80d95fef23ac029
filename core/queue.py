"""Publishing Celery tasks from web requests and actions without ever blocking or failing them.

Every app enqueues through `enqueue_on_commit`: the task is published only after the
surrounding transaction commits, with a bounded retry, and a broker outage is logged,
never raised. Whatever was not published is found again by the periodic sweeps, which
derive their work from the database.
"""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# Publishing from a web request: try at most twice, 0.2 s apart, then give up and log.
# The sweep derives everything from the database, so a lost enqueue is only a delay.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


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
        logger.warning("Could not enqueue %s; the next sweep will catch up.", task.name, exc_info=True)
        return False


def enqueue_on_commit(task, *args, countdown=None):
    """Enqueue after the surrounding transaction commits (never for a rolled-back write)."""
    transaction.on_commit(lambda: enqueue(task, *args, countdown=countdown))
