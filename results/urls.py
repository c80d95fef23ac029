from django.urls import path

from results import views

app_name = "results"
urlpatterns = [
    path("program/<id:pk>/", views.iptt, name="iptt"),
    path("program/<id:pk>/periods/", views.periods_generate, name="periods_generate"),
    path("program/<id:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicator/<id:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicator/<id:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<id:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("indicator/<id:pk>/period/<id:period_pk>/report/", views.result_create, name="result_create"),
    path("indicator/<id:pk>/period/<id:period_pk>/sync/", views.result_sync, name="result_sync"),
    path("result/<id:pk>/", views.result_detail, name="result_detail"),
    path("result/<id:pk>/edit/", views.result_edit, name="result_edit"),
    path("result/<id:pk>/submit/", views.result_submit, name="result_submit"),
    path("result/<id:pk>/correct/", views.result_correct, name="result_correct"),
    path("result/<id:pk>/review/", views.result_review, name="result_review"),
    path("evidence/<id:pk>/", views.evidence_download, name="evidence_download"),
    path("my/", views.my_indicators, name="my_indicators"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/<id:pk>/edit/", views.standard_edit, name="standard_edit"),
]
