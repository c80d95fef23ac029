from django.contrib import admin

from governance.models import PartneringAgreement, PhaseChange, Recognition, Recommendation, SustainabilityPlan


@admin.register(PartneringAgreement)
class PartneringAgreementAdmin(admin.ModelAdmin):
    list_display = ["program", "agreed_on", "updated_at"]
    list_select_related = ["program"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ["program", "from_phase", "to_phase", "actor", "created_at"]
    list_select_related = ["program", "actor"]
    readonly_fields = ["program", "from_phase", "to_phase", "actor", "override_reason", "gate_missing"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["program"]
    raw_id_fields = ["outcome", "output", "organisation", "partner", "revisions"]


@admin.register(SustainabilityPlan)
class SustainabilityPlanAdmin(admin.ModelAdmin):
    list_display = ["program", "path", "carrying_partner"]
    list_select_related = ["program", "carrying_partner__organisation"]
    raw_id_fields = ["transition_milestones"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "date", "awarded_by"]
    list_select_related = ["partner__organisation", "partner__program"]
