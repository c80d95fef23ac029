from django.contrib import admin

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only view for support: who asked for what and why it failed. Files are not linked here."""

    list_display = ["pk", "kind", "requested_by", "status", "progress", "row_count", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "file"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
