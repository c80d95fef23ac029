"""The road map is changed only through roadmap.actions (revisions, version checks): read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from roadmap import models


@admin.register(models.Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["statement", "program", "order"]
    list_select_related = ["program"]


@admin.register(models.Output)
class OutputAdmin(ReadOnlyAdmin):
    list_display = ["statement", "outcome", "order"]
    list_select_related = ["outcome"]


@admin.register(models.Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "owner", "status", "progress", "due_date"]
    list_filter = ["status"]
    list_select_related = ["program", "owner__organisation"]
    search_fields = ["title"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["milestone", "author", "state", "progress", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["milestone", "author"]


@admin.register(models.Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["item_label", "field", "actor", "created_at"]
    list_select_related = ["actor"]
