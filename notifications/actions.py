"""Every write of the notifications app. Other apps call do_notify."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core.queue import enqueue_on_commit
from notifications.models import Notification, Preference, Reminder, ReminderSettings
from notifications.tasks import deliver_reminders


@transaction.atomic
def do_notify(users, kind, label="", message="", url="", *, program=None, about=None):
    """Create one in-app notification per user, and queue its email in the reminder ledger.

    People who chose immediate emails get theirs from a task enqueued after commit;
    everyone else gets it in the next sweep's digest. Returns the notifications.
    `program` names the program in the label; `about` = (object_type, object_id) says what the
    notification is about, so it is marked done with `do_resolve_notifications` and dropped from a
    digest once that work is done (notifications.registry.register_done_check).

    `label` and `message` are stored text. Where they hold words of the interface (not only names or
    someone's note), pass a function without arguments that returns them: it is called in each
    recipient's own language (User.language), so an English reader never gets the Indonesian of
    whoever triggered the notification (issue 16, item 11).
    """
    users = [user for user in users if user is not None]
    object_type, object_id = about if about else ("", None)
    texts = {}

    def in_language_of(user):
        language = getattr(user, "language", None) or settings.LANGUAGE_CODE
        if language not in texts:
            with translation.override(language):
                text_label = str(label() if callable(label) else label)
                text_message = str(message() if callable(message) else message)
            if program is not None and program.name not in text_label:
                text_label = f"{program.name} · {text_label}" if text_label else program.name
            texts[language] = (text_label[:300], text_message)
        return texts[language]

    rows = []
    for user in users:
        text_label, text_message = in_language_of(user)
        rows.append(
            Notification(
                user=user,
                kind=kind,
                label=text_label,
                message=text_message,
                url=url,
                object_type=object_type,
                object_id=object_id,
            )
        )
    created = Notification.objects.bulk_create(rows)
    now = timezone.now()
    program_id = program.pk if program is not None else None
    ledger = [
        Reminder(
            user_id=row.user_id, kind=kind, object_type="notification", object_id=row.pk, program_id=program_id,
            label=row.label, message=row.message, url=url, notified=True, created_at=now,
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
def do_resolve_notifications(object_type, object_id, users=None):
    """The work `object_type` #`object_id` asked for is done: its unread notifications are marked read,
    so they stop showing as new (issue 16, item 13). Returns how many.

    `users` limits it to those people: work each person does for themselves (their own answer, their
    own submission) is done for them while others still have theirs to do."""
    notifications = Notification.objects.filter(object_type=object_type, object_id=object_id, read_at=None)
    if users is not None:
        notifications = notifications.filter(user__in=[getattr(user, "pk", user) for user in users])
    return notifications.update(read_at=timezone.now())


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


def _delete_in_batches(queryset, batch_size):
    """Delete the rows of `queryset` a batch at a time (short transactions, no long lock)."""
    deleted = 0
    while True:
        with transaction.atomic():
            pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not pks:
                return deleted
            queryset.model.objects.filter(pk__in=pks).delete()
        deleted += len(pks)


def do_purge_read_notifications(now=None, *, batch_size=2000):
    """Delete notifications that were read and are older than NOTIFICATION_RETENTION_DAYS.

    Unread ones stay however old they are: nobody has seen them yet. A notification is a pointer
    to something that stays (a milestone, a report, a meeting), so deleting it loses no history.
    Safe to run twice. Returns the number deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    return _delete_in_batches(Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff), batch_size)


def do_purge_reminder_ledger(now=None, *, batch_size=2000):
    """Delete reminder-ledger rows that were handled and are older than REMINDER_LEDGER_RETENTION_DAYS.

    A row keeps a reminder from being sent twice, so it is useful while the sweep could still find
    the same (person, kind, object, period) again. Due-soon and overdue reminders are keyed by the
    due date and the sweep looks back only REMINDER_OVERDUE_LOOKBACK_DAYS (60); weekly ones by the
    ISO week; the weekly digest reads the last 7 days. A stale milestone or a report still waiting
    for review a year on is reminded again once, which is the intent. Rows not yet handled
    (sent_at empty: the delivery queue) are never deleted. Safe to run twice.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REMINDER_LEDGER_RETENTION_DAYS)
    return _delete_in_batches(Reminder.objects.filter(sent_at__isnull=False, created_at__lt=cutoff), batch_size)
