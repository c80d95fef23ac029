"""Meetings, mediation cases, lessons, journal entries and hand-overs change only through facilitation.actions:
read-only here."""

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


@admin.register(models.Lesson)
class LessonAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "sector", "province", "problem", "names_agreed", "published_at"]
    list_filter = ["kind", "sector", "problem", "names_agreed"]
    list_select_related = ["province"]
    search_fields = ["title"]


@admin.register(models.JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "role", "program", "author"]
    list_filter = ["role"]
    list_select_related = ["program", "author"]


@admin.register(models.HandOver)
class HandOverAdmin(ReadOnlyAdmin):
    list_display = ["program", "from_user", "to_user", "date"]
    list_select_related = ["program", "from_user", "to_user"]
