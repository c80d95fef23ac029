from django.contrib import admin

from notifications.models import DigestRun, Notification, Preference, Reminder, ReminderSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "label", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The ledger. Rows with sent_at set and no emailed_at/outcome were claimed by a run that
    stopped before finishing (at-most-once: they are not resent; see docs/notifications.md)."""

    list_display = ["user", "kind", "label", "period", "created_at", "sent_at", "emailed_at", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "program"]
    search_fields = ["label", "user__username"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "weekly_digest"]
    list_filter = ["email", "weekly_digest"]
    raw_id_fields = ["user"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "due_soon_days", "stale_after_days", "review_after_days"]
    raw_id_fields = ["program"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["period", "started_at", "finished_at"]
