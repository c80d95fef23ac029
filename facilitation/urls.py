from django.urls import path

from facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("programs/<int:pk>/activity/", views.activity, name="activity"),
    path("programs/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("programs/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("action-items/<int:pk>/done/", views.action_item_done, name="action_item_done"),
    path("action-items/<int:pk>/milestone/", views.action_item_milestone, name="action_item_milestone"),
    path("programs/<int:pk>/mediation/", views.mediation_list, name="mediation_list"),
    path("programs/<int:pk>/mediation/new/", views.mediation_create, name="mediation_create"),
    path("mediation/<int:pk>/", views.mediation_detail, name="mediation_detail"),
    path("mediation/<int:pk>/edit/", views.mediation_edit, name="mediation_edit"),
]
