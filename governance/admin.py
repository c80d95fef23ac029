"""Governance records are changed only through governance.actions: read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from governance.models import PartneringAgreement, PhaseChange, Recognition, Recommendation, SustainabilityPlan


@admin.register(PartneringAgreement)
class PartneringAgreementAdmin(ReadOnlyAdmin):
    list_display = ["program", "agreed_on", "updated_at"]
    list_select_related = ["program"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(ReadOnlyAdmin):
    list_display = ["program", "from_phase", "to_phase", "actor", "created_at"]
    list_select_related = ["program", "actor"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["program"]


@admin.register(SustainabilityPlan)
class SustainabilityPlanAdmin(ReadOnlyAdmin):
    list_display = ["program", "path", "carrying_partner"]
    list_select_related = ["program", "carrying_partner__organisation"]


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["title", "partner", "date", "awarded_by"]
    list_select_related = ["partner__organisation", "partner__program"]
