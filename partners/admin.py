from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import models as db_models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from partners import actions, models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    """Accounts are the admin's own reference data. People are deactivated, never deleted:
    their assessments, answers and reports stay under their name."""

    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__sector"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Kemitraan"), {"fields": ["role", "organisation", "facilitator_kind", "job_title", "phone", "language"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Kemitraan"), {"fields": ["role", "organisation", "email"]}),)
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected people"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for user in queryset.order_by("pk"):
            try:
                count += actions.do_deactivate_user(request.user, user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
        message = ngettext("%(count)d person was deactivated.", "%(count)d people were deactivated.", count) % {
            "count": count
        }
        self.message_user(request, message, messages.SUCCESS)


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]


class CapacityInline(ReadOnlyInline, admin.TabularInline):
    model = models.CapacityItem


@admin.register(models.Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "sector", "province", "regency"]
    list_filter = ["sector", "province"]
    search_fields = ["name", "regency__name", "regency_name", "contact_name"]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["province", "regency"]
    raw_id_fields = ["regency"]
    inlines = [CapacityInline]


class ProgramPartnerInline(ReadOnlyInline, admin.TabularInline):
    model = models.ProgramPartner
    fields = ["organisation", "role", "endorsement_status", "is_initial_funder", "left_on"]


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    model = models.Membership


@admin.register(models.Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["name", "phase", "start_date", "end_date", "is_emergency"]
    list_filter = ["phase", "is_emergency", "provinces"]
    raw_id_fields = ["regencies", "districts", "villages"]
    search_fields = ["name"]
    inlines = [ProgramPartnerInline, MembershipInline]


@admin.register(models.ProgramPartner)
class ProgramPartnerAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "program", "role", "endorsement_status", "is_initial_funder", "left_on"]
    list_filter = ["role", "endorsement_status", "is_initial_funder"]
    search_fields = ["organisation__name", "program__name", "endorsed_by_name"]
    list_select_related = ["organisation", "program"]


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "program", "role", "partner", "is_representative"]
    list_filter = ["role", "is_representative"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "program__name"]
    list_select_related = ["user", "program", "partner__organisation"]

    def get_queryset(self, request):
        # Also the memberships of partners that have left (hidden from Membership.objects).
        return models.Membership.all_objects.all()


@admin.register(models.Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["description", "partner", "kind", "value_idr", "date"]
    list_filter = ["kind", "date"]
    search_fields = ["description", "partner__organisation__name", "partner__program__name"]
    date_hierarchy = "date"
    list_select_related = ["partner__organisation", "partner__program"]


@admin.register(models.CapacityItem)
class CapacityItemAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "kind", "notes"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "notes"]


@admin.register(models.ScopingChecklist)
class ScopingChecklistAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "assessed_on", "assessed_by"]
    list_select_related = ["organisation", "assessed_by"]
    search_fields = ["organisation__name"]


@admin.register(models.Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["program", "actor", "kind", "label", "created_at"]
    list_filter = ["kind"]
    search_fields = ["label", "program__name"]
    date_hierarchy = "created_at"
    list_select_related = ["program", "actor"]


class DocumentVersionInline(ReadOnlyInline, admin.TabularInline):
    model = models.DocumentVersion
    fields = ["number", "original_name", "size", "note", "uploaded_by", "uploaded_at"]


@admin.register(models.Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "partner", "kind", "visibility", "date"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "program__name", "partner__organisation__name"]
    date_hierarchy = "date"
    list_select_related = ["program", "partner__organisation"]
    inlines = [DocumentVersionInline]


@admin.register(models.Regency)
class RegencyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(models.District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]


@admin.register(models.Village)
class VillageAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]
