from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<id:pk>/", views.program_summary, name="program"),
    path("programs/<id:pk>/rounds/new/", views.round_create, name="round_create"),
    path("programs/<id:pk>/health/", views.health_results, name="health_results"),
    path("programs/<id:pk>/people/<id:user_pk>/", views.person_results, name="person_results"),
    path("programs/<id:pk>/partners/<id:partner_pk>/", views.organisation_results, name="organisation_results"),
    path("programs/<id:pk>/consent/", views.consent, name="consent"),
    path("programs/<id:pk>/capacity/", views.plan_list, name="plan_list"),
    path("programs/<id:pk>/capacity/new/", views.plan_create, name="plan_create"),
    path("rounds/<id:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<id:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<id:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<id:round_pk>/people/<id:user_pk>/", views.assess, name="assess"),
    path("rounds/<id:round_pk>/people/<id:user_pk>/return/", views.assessment_return, name="assessment_return"),
    path("rounds/<id:round_pk>/health/", views.health_check, name="health_check"),
    path("rounds/<id:round_pk>/health/<id:user_pk>/return/", views.health_check_return, name="health_check_return"),
    path("rounds/<id:pk>/health-plan/", views.health_plan, name="health_plan"),
    path("health-actions/<id:pk>/done/", views.health_action_done, name="health_action_done"),
    path("capacity/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("capacity/<id:pk>/trainings/new/", views.training_edit, name="training_create"),
    path("capacity/<id:pk>/trainings/<id:training_pk>/", views.training_edit, name="training_edit"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<id:pk>/", views.suggestions, name="suggestion_edit"),
    path("credentials/", views.credentials, name="credentials"),
]
