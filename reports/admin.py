from django.contrib import admin

from core.admin import ReadOnlyAdmin
from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    """Read-only view for support: who asked for what and why it failed. Files are not linked here."""

    list_display = ["pk", "kind", "requested_by", "status", "progress", "row_count", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    exclude = ["file"]
