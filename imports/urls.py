from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("program/<id:pk>/roadmap/", views.program_roadmap, name="program_roadmap"),
    path("program/<id:pk>/roadmap/template.<str:fmt>", views.program_roadmap_template, name="program_roadmap_template"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/template.<str:fmt>", views.organisations_template, name="organisations_template"),
    path("jobs/<id:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<id:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<id:pk>/apply/", views.job_apply, name="job_apply"),
]
