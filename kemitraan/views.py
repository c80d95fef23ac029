import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kemitraan import health
from partners.actions import do_set_user_language

logger = logging.getLogger(__name__)


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
