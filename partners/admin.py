from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from partners import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__sector"]
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
    search_fields = ["name"]
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
    list_display = ["organisation", "program", "role", "endorsement_status"]
    list_filter = ["role", "endorsement_status"]
    list_select_related = ["organisation", "program"]
    raw_id_fields = ["organisation", "program"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "partner"]
    list_filter = ["role"]
    list_select_related = ["user", "program", "partner__organisation"]
    raw_id_fields = ["user", "program", "partner"]


@admin.register(models.Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["description", "partner", "kind", "value_idr", "date"]
    list_filter = ["kind"]
    list_select_related = ["partner__organisation", "partner__program"]
    raw_id_fields = ["partner"]


@admin.register(models.ScopingChecklist)
class ScopingChecklistAdmin(admin.ModelAdmin):
    list_display = ["organisation", "assessed_on"]
    raw_id_fields = ["organisation"]


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["program", "actor", "kind", "label", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["program", "actor"]
    raw_id_fields = ["program", "actor"]
