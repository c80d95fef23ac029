from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("program/<id:pk>/roadmap/", views.program_roadmap, name="program_roadmap"),
    path("program/<id:pk>/roadmap/template.<str:fmt>", views.program_roadmap_template, name="program_roadmap_template"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/template.<str:fmt>", views.organisations_template, name="organisations_template"),
    path("people/", views.people, name="people"),
    path("people/template.<str:fmt>", views.people_template, name="people_template"),
    path("program/<id:pk>/members/", views.program_members, name="program_members"),
    path("program/<id:pk>/members/template.<str:fmt>", views.program_members_template, name="program_members_template"),
    path("program/<id:pk>/results/", views.program_results, name="program_results"),
    path("program/<id:pk>/results/template.<str:fmt>", views.program_results_template, name="program_results_template"),
    path("jobs/<id:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<id:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<id:pk>/apply/", views.job_apply, name="job_apply"),
]
