from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("program/<int:pk>/roadmap/", views.program_roadmap, name="program_roadmap"),
    path(
        "program/<int:pk>/roadmap/template.<str:fmt>", views.program_roadmap_template, name="program_roadmap_template"
    ),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/template.<str:fmt>", views.organisations_template, name="organisations_template"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/apply/", views.job_apply, name="job_apply"),
]
