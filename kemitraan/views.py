import hashlib
import json
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kemitraan import health
from partners.actions import do_set_user_language

logger = logging.getLogger(__name__)

# The navbar's green (Bootstrap's success colour): the phone's status bar takes it.
THEME_COLOUR = "#198754"


@login_required
def home(request):
    """Role-aware front door: each role lands where its work is."""
    user = request.user
    if user.role == user.Role.FACILITATOR:
        return redirect("facilitation:dashboard")
    if user.is_partner_person:
        return redirect("roadmap:my_milestones")
    if user.role == user.Role.MANAGER:
        return redirect("reports:portfolio")
    return redirect("partners:program_list")


class LogoutView(auth_views.LogoutView):
    """Django's logout, and the browser forgets what it kept for the person: the pages cached for
    offline use and the drafts in IndexedDB (static/js/offline.js clears them too, before the POST)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@require_POST
def set_language(request):
    """Django's set_language, plus remembering the choice on the user's profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        do_set_user_language(user, language)
    return response


@never_cache
def healthz(request):
    """Database, broker, last beat tick and worker heartbeat (kemitraan/health.py): 503 only when
    the database is down; 200 with status "degraded" when only the queue side is behind."""
    report, status = health.check()
    return JsonResponse(report, status=status)


# The installable web app (docs/reach.md, part 3) ----------------------------------------------

# What the service worker keeps so that cached pages still have their look and scripts offline.
OFFLINE_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/kemitraan.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/kemitraan.js",
    "js/offline.js",
    "icons/icon-192.png",
]


def _service_worker_source():
    path = finders.find("js/sw.js")
    return Path(path).read_text(encoding="utf-8")


@never_cache
def service_worker(request):
    """static/js/sw.js served from the site's root, so that its scope covers every page.

    The script gets its settings first: the static files to keep (their hashed names in
    production), a version that changes with them, and the offline notice in the request's language.
    """
    assets = [static(name) for name in OFFLINE_ASSETS]
    source = _service_worker_source()
    version = hashlib.sha256(("\n".join(assets) + source).encode()).hexdigest()[:12]
    settings_js = {
        "version": version,
        "assets": assets,
        "fallback": reverse("roadmap:my_milestones"),
        "offlineTitle": _("You are offline"),
        "offlineText": _("This page was not saved on this device. Open My milestones to write a report offline."),
    }
    body = f"self.KEM = {json.dumps(settings_js)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request):
    """The web app manifest: installable on Android's Chrome, opening on My milestones."""
    data = {
        "name": "Kemitraan",
        "short_name": "Kemitraan",
        "description": _("Report progress on your milestones, also without a connection."),
        "lang": get_language(),
        "start_url": reverse("roadmap:my_milestones"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for size in (192, 512)
            for purpose in ("any", "maskable")
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
@login_required
def offline_token(request):
    """A fresh CSRF token for the drafts about to be sent, and proof the session is still signed in
    (signed out, this redirects to the login page and offline.js keeps the drafts)."""
    return JsonResponse({"csrf": get_token(request), "user": request.user.pk})
