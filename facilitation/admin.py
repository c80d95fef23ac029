from django.contrib import admin

from facilitation import models


class DecisionInline(admin.TabularInline):
    model = models.Decision
    extra = 0


class ActionItemInline(admin.TabularInline):
    model = models.ActionItem
    extra = 0
    raw_id_fields = ["owner_person", "owner_partner", "milestone"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "kind", "status", "date"]
    list_filter = ["kind", "status"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "attendees", "attending_partners", "created_by"]
    search_fields = ["title"]
    inlines = [DecisionInline, ActionItemInline]


@admin.register(models.MediationCase)
class MediationCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "status", "opened_on"]
    list_filter = ["status"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "parties", "meetings", "created_by"]
