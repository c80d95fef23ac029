from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("p/<slug:slug>/", views.program, name="program"),
    path("p/<slug:slug>/data.json", views.program_json, name="program_json"),
    path("p/<slug:slug>/bulletin/", views.bulletin, name="bulletin"),
    path("program/<int:pk>/", views.publication, name="publication"),
    path("program/<int:pk>/publish/", views.publish, name="publish"),
    path("program/<int:pk>/consent/", views.consent, name="consent"),
]
