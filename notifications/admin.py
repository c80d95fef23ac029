from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "label", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
