"""Meetings and mediation cases are changed only through facilitation.actions: read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from facilitation import models


class DecisionInline(ReadOnlyInline, admin.TabularInline):
    model = models.Decision


class ActionItemInline(ReadOnlyInline, admin.TabularInline):
    model = models.ActionItem


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "kind", "status", "date"]
    list_filter = ["kind", "status"]
    list_select_related = ["program"]
    search_fields = ["title"]
    inlines = [DecisionInline, ActionItemInline]


@admin.register(models.MediationCase)
class MediationCaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "status", "opened_on"]
    list_filter = ["status"]
    list_select_related = ["program"]
