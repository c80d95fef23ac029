from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models as db_models
from django.utils.translation import gettext_lazy as _

from partners import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__sector"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Kemitraan"), {"fields": ["role", "organisation", "facilitator_kind", "job_title", "phone", "language"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Kemitraan"), {"fields": ["role", "organisation", "email"]}),)


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]


class CapacityInline(admin.TabularInline):
    model = models.CapacityItem
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "province", "regency"]
    list_filter = ["sector", "province"]
    search_fields = ["name", "regency", "contact_name"]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["province"]
    inlines = [CapacityInline]


class ProgramPartnerInline(admin.TabularInline):
    model = models.ProgramPartner
    extra = 0
    fields = ["organisation", "role", "endorsement_status", "is_initial_funder"]
    raw_id_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    raw_id_fields = ["user", "partner"]


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "phase", "start_date", "end_date", "is_emergency"]
    list_filter = ["phase", "is_emergency", "provinces"]
    search_fields = ["name"]
    filter_horizontal = ["provinces"]
    inlines = [ProgramPartnerInline, MembershipInline]


@admin.register(models.ProgramPartner)
class ProgramPartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "program", "role", "endorsement_status", "endorsed_on", "is_initial_funder"]
    list_filter = ["role", "endorsement_status", "is_initial_funder"]
    search_fields = ["organisation__name", "program__name", "endorsed_by_name"]
    list_select_related = ["organisation", "program"]
    raw_id_fields = ["organisation", "program"]
    # The letter goes through the endorsement page: content check, size cap and storage quota.
    readonly_fields = ["endorsement_letter", "endorsement_letter_name", "endorsement_letter_size"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "partner", "is_representative"]
    list_filter = ["role", "is_representative"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "program__name"]
    list_select_related = ["user", "program", "partner__organisation"]
    raw_id_fields = ["user", "program", "partner"]


@admin.register(models.Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["description", "partner", "kind", "value_idr", "date"]
    list_filter = ["kind", "date"]
    search_fields = ["description", "partner__organisation__name", "partner__program__name"]
    date_hierarchy = "date"
    list_select_related = ["partner__organisation", "partner__program"]
    raw_id_fields = ["partner"]


@admin.register(models.CapacityItem)
class CapacityItemAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "notes"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "notes"]
    raw_id_fields = ["organisation"]


@admin.register(models.ScopingChecklist)
class ScopingChecklistAdmin(admin.ModelAdmin):
    list_display = ["organisation", "assessed_on", "assessed_by"]
    list_select_related = ["organisation", "assessed_by"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "assessed_by"]


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["program", "actor", "kind", "label", "created_at"]
    list_filter = ["kind"]
    search_fields = ["label", "program__name"]
    date_hierarchy = "created_at"
    list_select_related = ["program", "actor"]
    raw_id_fields = ["program", "actor"]
