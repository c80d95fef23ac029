from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kemitraan import views
from kemitraan.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/token/", views.offline_token, name="offline_token"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("partners/", include("partners.urls")),
    path("regions/", include("partners.region_urls")),
    path("roadmap/", include("roadmap.urls")),
    path("assessments/", include("assessments.urls")),
    path("facilitation/", include("facilitation.urls")),
    path("governance/", include("governance.urls")),
    path("results/", include("results.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("public/", include("public.urls")),
]
