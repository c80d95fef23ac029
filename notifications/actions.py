"""Every write of the notifications app. Other apps call do_notify."""

from django.db import transaction
from django.utils import timezone

from core.queue import enqueue_on_commit
from notifications.models import Notification, Preference, Reminder, ReminderSettings
from notifications.tasks import deliver_reminders


@transaction.atomic
def do_notify(users, kind, label="", message="", url=""):
    """Create one in-app notification per user, and queue its email in the reminder ledger.

    People who chose immediate emails get theirs from a task enqueued after commit;
    everyone else gets it in the next sweep's digest. Returns the notifications.
    """
    users = [user for user in users if user is not None]
    rows = [Notification(user=user, kind=kind, label=str(label)[:300], message=message, url=url) for user in users]
    created = Notification.objects.bulk_create(rows)
    now = timezone.now()
    ledger = [
        Reminder(
            user_id=row.user_id, kind=kind, object_type="notification", object_id=row.pk, program=None,
            label=row.label, message=message, url=url, notified=True, created_at=now,
        )
        for row in created
        if row.pk
    ]  # fmt: skip
    Reminder.objects.bulk_create(ledger, ignore_conflicts=True)
    user_ids = {row.user_id for row in created}
    immediate = sorted(
        Preference.objects.filter(user_id__in=user_ids, email=Preference.Email.IMMEDIATE).values_list(
            "user_id", flat=True
        )
    )
    if immediate:
        enqueue_on_commit(deliver_reminders, immediate)
    return created


@transaction.atomic
def do_mark_read(actor, notification):
    """Mark one of the actor's notifications read (idempotent)."""
    return Notification.objects.filter(pk=notification.pk, user=actor, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def do_mark_all_read(actor):
    return Notification.objects.filter(user=actor, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def do_update_preferences(actor, *, email, weekly_digest, muted_kinds):
    preference, _ = Preference.objects.update_or_create(
        user=actor,
        defaults={"email": email, "weekly_digest": weekly_digest, "muted_kinds": sorted(set(muted_kinds))},
    )
    return preference


@transaction.atomic
def do_update_reminder_settings(program_id, *, due_soon_days, stale_after_days, review_after_days):
    """Save a program's thresholds. The program's settings page (partners) checks who may, and
    records the change in the program's activity feed."""
    settings, _ = ReminderSettings.objects.update_or_create(
        program_id=program_id,
        defaults={
            "due_soon_days": due_soon_days,
            "stale_after_days": stale_after_days,
            "review_after_days": review_after_days,
        },
    )
    return settings
