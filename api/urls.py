from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import endpoints, views

app_name = "api"

urlpatterns = [
    # Pages (session login)
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/revoke/", views.token_revoke, name="token_revoke"),
    path("docs/", views.docs, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The API, version 1
    path("v1/programs/", endpoints.ProgramList.as_view(), name="program_list"),
    path("v1/programs/<id:pk>/", endpoints.ProgramDetail.as_view(), name="program_detail"),
    path("v1/programs/<id:pk>/partners/", endpoints.PartnerList.as_view(), name="partner_list"),
    path("v1/programs/<id:pk>/contributions/", endpoints.ContributionList.as_view(), name="contribution_list"),
    path("v1/programs/<id:pk>/outcomes/", endpoints.OutcomeList.as_view(), name="outcome_list"),
    path("v1/programs/<id:pk>/outputs/", endpoints.OutputList.as_view(), name="output_list"),
    path("v1/programs/<id:pk>/milestones/", endpoints.MilestoneList.as_view(), name="milestone_list"),
    path(
        "v1/programs/<id:pk>/progress-updates/",
        endpoints.ProgressUpdateList.as_view(),
        name="progress_update_list",
    ),
    path("v1/programs/<id:pk>/health-checks/", endpoints.HealthSummary.as_view(), name="health_summary"),
    path("v1/organisations/", endpoints.OrganisationList.as_view(), name="organisation_list"),
    path("v1/organisations/<id:pk>/", endpoints.OrganisationDetail.as_view(), name="organisation_detail"),
    path("v1/milestones/<id:pk>/", endpoints.MilestoneDetail.as_view(), name="milestone_detail"),
    path(
        "v1/milestones/<id:pk>/progress-updates/",
        endpoints.ProgressUpdateCreate.as_view(),
        name="progress_update_create",
    ),
    path("v1/progress-updates/<id:pk>/", endpoints.ProgressUpdateDetail.as_view(), name="progress_update_detail"),
    path(
        "v1/progress-updates/<id:pk>/submit/",
        endpoints.ProgressUpdateSubmit.as_view(),
        name="progress_update_submit",
    ),
    path("v1/programs/<id:pk>/indicators/", endpoints.IndicatorList.as_view(), name="indicator_list"),
    path(
        "v1/programs/<id:pk>/reporting-periods/",
        endpoints.ReportingPeriodList.as_view(),
        name="reporting_period_list",
    ),
    path("v1/programs/<id:pk>/results/", endpoints.ResultList.as_view(), name="result_list"),
    path("v1/results/<id:pk>/", endpoints.ResultDetail.as_view(), name="result_detail"),
    path(
        "v1/indicators/<id:pk>/periods/<id:period_pk>/results/",
        endpoints.ResultCreate.as_view(),
        name="result_create",
    ),
    path("v1/portfolio/", endpoints.PortfolioSummary.as_view(), name="portfolio"),
    path("v1/portfolio/export/<slug:table>/<str:fmt>/", endpoints.TableExport.as_view(), name="portfolio_export"),
    path("v1/programs/<id:pk>/export/<slug:table>/<str:fmt>/", endpoints.TableExport.as_view(), name="program_export"),
    path("v1/exports/<id:pk>/", endpoints.ExportJobDetail.as_view(), name="export_detail"),
    path("v1/exports/<id:pk>/download/", endpoints.ExportJobDownload.as_view(), name="export_download"),
    path("v1/portfolio/programs/", endpoints.PortfolioPrograms.as_view(), name="portfolio_programs"),
]
