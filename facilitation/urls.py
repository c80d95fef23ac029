from django.urls import path

from facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("programs/<id:pk>/activity/", views.activity, name="activity"),
    path("programs/<id:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("programs/<id:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<id:pk>/answer/", views.meeting_record_answer, name="meeting_record_answer"),
    path("action-items/<id:pk>/done/", views.action_item_done, name="action_item_done"),
    path("action-items/<id:pk>/milestone/", views.action_item_milestone, name="action_item_milestone"),
    path("programs/<id:pk>/mediation/", views.mediation_list, name="mediation_list"),
    path("programs/<id:pk>/mediation/new/", views.mediation_create, name="mediation_create"),
    path("programs/<id:pk>/post-emergency-review/", views.post_emergency_review, name="post_emergency_review"),
    path("mediation/<id:pk>/", views.mediation_detail, name="mediation_detail"),
    path("mediation/<id:pk>/edit/", views.mediation_edit, name="mediation_edit"),
    path("mediation/<id:pk>/publish-lesson/", views.mediation_publish_lesson, name="mediation_publish_lesson"),
    path("programs/<id:pk>/library/publish/", views.lesson_publish, name="lesson_publish"),
    path("library/", views.library, name="library"),
    path("library/<id:pk>/", views.lesson_detail, name="lesson_detail"),
    path("programs/<id:pk>/journal/", views.journal, name="journal"),
    path("programs/<id:pk>/journal/new/", views.journal_create, name="journal_create"),
    path("facilitators/<id:pk>/", views.facilitator_profile, name="facilitator_profile"),
    path("facilitators/<id:pk>/edit/", views.facilitator_edit, name="facilitator_edit"),
    path("programs/<id:pk>/facilitators/", views.program_facilitators, name="program_facilitators"),
    path("programs/<id:pk>/facilitators/institution/", views.institution_edit, name="institution_edit"),
    path("programs/<id:pk>/facilitators/hand-over/", views.hand_over, name="hand_over"),
]
