from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from assessments import actions, models
from core.admin import ReadOnlyAdmin, ReadOnlyInline


class FrozenReadOnlyMixin:
    """A framework version used by a round is read-only: edits go into a new version."""

    def _frozen(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._frozen(obj):
            return False
        return super().has_delete_permission(request, obj)


class CompetencyInline(admin.TabularInline):
    model = models.Competency
    extra = 0
    fields = ["order", "code", "name_id", "name_en"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen


@admin.register(models.Framework)
class FrameworkAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name_id", "name_en", "kind", "version", "is_published", "frozen_at"]
    list_filter = ["kind", "is_published"]
    readonly_fields = ["frozen_at"]
    inlines = [CompetencyInline]
    actions = ["new_version"]

    def _frozen(self, obj):
        return obj.is_frozen

    @admin.action(description=_("Create a new editable version"))
    def new_version(self, request, queryset):
        for framework in queryset:
            copy = actions.do_new_framework_version(request.user, framework)
            self.message_user(request, _("Created %(name)s.") % {"name": copy}, messages.SUCCESS)


class BehaviourInline(admin.StackedInline):
    model = models.Behaviour
    extra = 0
    show_change_link = True


@admin.register(models.Competency)
class CompetencyAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name_id", "name_en", "framework", "order"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    inlines = [BehaviourInline]

    def _frozen(self, obj):
        return obj.framework.is_frozen


class LevelInline(admin.TabularInline):
    model = models.BehaviourLevel
    extra = 0
    max_num = 5


@admin.register(models.Behaviour)
class BehaviourAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name_id", "competency", "order"]
    list_filter = ["competency__framework"]
    list_select_related = ["competency__framework"]
    inlines = [LevelInline]

    def _frozen(self, obj):
        return obj.competency.framework.is_frozen


class DimensionLevelInline(admin.TabularInline):
    model = models.DimensionLevel
    extra = 0
    max_num = 5


@admin.register(models.HealthDimension)
class HealthDimensionAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "order"]
    inlines = [DimensionLevelInline]


# Below: records written by assessments.actions (history and program work): read-only here.
# Frameworks, behaviours and health dimensions above are the admin's reference data.


@admin.register(models.DevelopmentSuggestion)
class DevelopmentSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["competency_code", "text_id", "order"]
    list_filter = ["competency_code"]


@admin.register(models.Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["program", "kind", "held_on", "closes_on", "status", "framework"]
    list_filter = ["kind", "status"]
    list_select_related = ["program", "framework"]


@admin.register(models.Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["round", "subject", "rater", "kind", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["round", "subject", "rater"]


class TrainingInline(ReadOnlyInline, admin.TabularInline):
    model = models.Training


@admin.register(models.CapacityPlan)
class CapacityPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "person", "partner"]
    list_select_related = ["program", "person", "partner__organisation"]
    inlines = [TrainingInline]


@admin.register(models.FacilitatorCredential)
class FacilitatorCredentialAdmin(ReadOnlyAdmin):
    list_display = ["facilitator", "title", "provider", "completed_on", "is_certified", "valid_until"]
    list_select_related = ["facilitator"]
