from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("p/<slug:slug>/", views.program, name="program"),
    path("p/<slug:slug>/data.json", views.program_json, name="program_json"),
    path("p/<slug:slug>/bulletin/", views.bulletin, name="bulletin"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("program/<id:pk>/", views.publication, name="publication"),
    path("program/<id:pk>/publish/", views.publish, name="publish"),
    path("program/<id:pk>/consent/", views.consent, name="consent"),
    path("program/<id:pk>/bulletin/schedule/", views.bulletin_schedule, name="bulletin_schedule"),
    path("program/<id:pk>/bulletin/recipients/", views.recipient_add, name="recipient_add"),
    path("program/<id:pk>/bulletin/partner-contacts/", views.partner_contacts_add, name="partner_contacts_add"),
    path("program/<id:pk>/bulletin/pack/", views.bulletin_pack, name="bulletin_pack"),
    path("recipients/<id:pk>/remove/", views.recipient_remove, name="recipient_remove"),
]
