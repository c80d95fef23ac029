from django.urls import path

from partners import document_views, search_views, views

app_name = "partners"

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<id:pk>/", views.program_detail, name="program_detail"),
    path("programs/<id:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<id:pk>/partners/add/", views.partner_add, name="partner_add"),
    path("programs/<id:pk>/partners/search/", search_views.partner_search, name="partner_search"),
    path("programs/<id:pk>/members/add/", views.member_add, name="member_add"),
    path("programs/<id:pk>/members/search/", search_views.member_search, name="member_search"),
    path("members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path("programs/<id:pk>/contributions/add/", views.contribution_add, name="contribution_add"),
    path("programs/<id:pk>/reminders/", views.program_reminders, name="program_reminders"),
    path("partners/<id:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<id:pk>/leave/", views.partner_leave, name="partner_leave"),
    path("partners/<id:pk>/endorsement/", views.endorsement_edit, name="endorsement_edit"),
    path("partners/<id:pk>/endorsement/override/", views.endorsement_override, name="endorsement_override"),
    path("partners/<id:pk>/endorsement/letter/", views.endorsement_letter, name="endorsement_letter"),
    path("contributions/<id:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<id:pk>/delete/", views.contribution_delete, name="contribution_delete"),
    path("programs/<id:pk>/documents/", document_views.document_list, name="document_list"),
    path("programs/<id:pk>/documents/new/", document_views.document_add, name="document_add"),
    path("documents/<id:pk>/", document_views.document_detail, name="document_detail"),
    path("documents/<id:pk>/versions/new/", document_views.document_version_add, name="document_version_add"),
    path("document-versions/<id:pk>/download/", document_views.document_download, name="document_download"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<id:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<id:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<id:pk>/capacity/", views.organisation_capacity, name="organisation_capacity"),
    path("organisations/<id:pk>/scoping/", views.organisation_scoping, name="organisation_scoping"),
]
