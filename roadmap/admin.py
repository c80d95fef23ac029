from django.contrib import admin

from roadmap import models


@admin.register(models.Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["statement", "program", "order"]
    list_select_related = ["program"]
    raw_id_fields = ["program"]


@admin.register(models.Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ["statement", "outcome", "order"]
    list_select_related = ["outcome"]
    raw_id_fields = ["outcome"]


@admin.register(models.Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "owner", "status", "progress", "due_date"]
    list_filter = ["status"]
    list_select_related = ["program", "owner__organisation"]
    raw_id_fields = ["program", "output", "owner", "responsible", "depends_on"]
    search_fields = ["title"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["milestone", "author", "state", "progress", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["milestone", "author"]
    raw_id_fields = ["milestone", "author", "reviewed_by"]


@admin.register(models.Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["item_label", "field", "actor", "created_at"]
    list_select_related = ["actor"]
    raw_id_fields = ["program", "actor"]
