from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:pk>/", views.program_summary, name="program"),
    path("programs/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("programs/<int:pk>/health/", views.health_results, name="health_results"),
    path("programs/<int:pk>/people/<int:user_pk>/", views.person_results, name="person_results"),
    path("programs/<int:pk>/partners/<int:partner_pk>/", views.organisation_results, name="organisation_results"),
    path("programs/<int:pk>/consent/", views.consent, name="consent"),
    path("programs/<int:pk>/capacity/", views.plan_list, name="plan_list"),
    path("programs/<int:pk>/capacity/new/", views.plan_create, name="plan_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:round_pk>/people/<int:user_pk>/", views.assess, name="assess"),
    path("rounds/<int:round_pk>/health/", views.health_check, name="health_check"),
    path("capacity/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("capacity/<int:pk>/trainings/new/", views.training_edit, name="training_create"),
    path("capacity/<int:pk>/trainings/<int:training_pk>/", views.training_edit, name="training_edit"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", views.suggestions, name="suggestion_edit"),
    path("credentials/", views.credentials, name="credentials"),
]
