"""Celery tasks. They take ids, never model instances, and are safe to run twice.

Delivery is idempotent through the reminder ledger: a duplicated message, a second
beat process or a redelivery after a killed worker finds nothing left to claim.
No task here uses an ETA or countdown (Redis redelivers unacknowledged messages after
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]; an ETA longer than that would run twice).
"""

import datetime
import logging

from celery import shared_task

from notifications import reminders

logger = logging.getLogger(__name__)


@shared_task(name="notifications.tasks.sweep_reminders")
def sweep_reminders():
    # The sweep records and claims; each claimed batch's emails go out from a task of their own,
    # published after the batch's claim commits (issue 19: the sweep itself stays short).
    sweep = reminders.run_sweep(emails=reminders.QUEUE)
    stats = dict(sweep.stats)
    stats.update(reminders.catch_up_weekly_digest())
    return stats


@shared_task(name="notifications.tasks.send_weekly_digest")
def send_weekly_digest():
    return dict(reminders.send_weekly_digest())


@shared_task(name="notifications.tasks.deliver_reminders")
def deliver_reminders(user_ids):
    return dict(reminders.deliver_pending(user_ids=[int(pk) for pk in user_ids]))


@shared_task(name="notifications.tasks.send_reminder_emails")
def send_reminder_emails(claim, now=None, user_ids=None):
    """The emails of one claimed batch (safe twice: the batch is handed over to a new claim first)."""
    when = datetime.datetime.fromisoformat(now) if now else None
    people = [int(pk) for pk in user_ids] if user_ids else None
    return dict(reminders.send_claimed(claim, when, people))
