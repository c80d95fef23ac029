from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export/<slug:table>/<str:fmt>/", views.portfolio_export, name="portfolio_export"),
    path("exports/portfolio/", views.portfolio_export_job, name="portfolio_export_job"),
    path("program/<id:pk>/", views.program_report, name="program"),
    path("program/<id:pk>/export/<slug:table>/<str:fmt>/", views.program_export, name="program_export"),
    path("program/<id:pk>/results/<slug:table>/<str:fmt>/", views.results_export, name="results_export"),
    path("program/<id:pk>/exports/", views.program_export_job, name="program_export_job"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<id:pk>/", views.export_detail, name="export_detail"),
    path("exports/<id:pk>/status/", views.export_status, name="export_status"),
    path("exports/<id:pk>/download/", views.export_download, name="export_download"),
]
