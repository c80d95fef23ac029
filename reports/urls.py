from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export/<slug:table>/<str:fmt>/", views.portfolio_export, name="portfolio_export"),
    path("exports/portfolio/", views.portfolio_export_job, name="portfolio_export_job"),
    path("program/<int:pk>/", views.program_report, name="program"),
    path("program/<int:pk>/export/<slug:table>/<str:fmt>/", views.program_export, name="program_export"),
    path("program/<int:pk>/exports/", views.program_export_job, name="program_export_job"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
