"""Inboxes, the reminder ledger and settings are written only by notifications.actions and its
tasks: read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from notifications.models import DigestRun, Notification, Preference, Reminder, ReminderSettings


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "label", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The ledger. Rows with sent_at set and no emailed_at/outcome were claimed by a run that
    stopped before finishing (at-most-once: they are not resent; see docs/notifications.md)."""

    list_display = ["user", "kind", "label", "period", "created_at", "sent_at", "emailed_at", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["user"]
    search_fields = ["label", "user__username"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email", "weekly_digest"]
    list_filter = ["email", "weekly_digest"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(ReadOnlyAdmin):
    list_display = ["program", "due_soon_days", "stale_after_days", "review_after_days"]


@admin.register(DigestRun)
class DigestRunAdmin(ReadOnlyAdmin):
    list_display = ["period", "started_at", "finished_at"]
