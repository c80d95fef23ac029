from django.urls import path

from results import views

app_name = "results"
urlpatterns = [
    path("program/<int:pk>/", views.iptt, name="iptt"),
    path("program/<int:pk>/periods/", views.periods_generate, name="periods_generate"),
    path("program/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicator/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("indicator/<int:pk>/period/<int:period_pk>/report/", views.result_create, name="result_create"),
    path("result/<int:pk>/", views.result_detail, name="result_detail"),
    path("result/<int:pk>/edit/", views.result_edit, name="result_edit"),
    path("result/<int:pk>/submit/", views.result_submit, name="result_submit"),
    path("result/<int:pk>/correct/", views.result_correct, name="result_correct"),
    path("result/<int:pk>/review/", views.result_review, name="result_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
]
