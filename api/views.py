"""The profile page's API tokens: create one (shown once), see your tokens, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularSwaggerSplitView
from knox.models import AuthToken

from api import actions
from api.access import access_token
from api.forms import TokenCreateForm, TokenRevokeForm


@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if form.is_valid():
        try:
            _instance, new_token = actions.do_create_api_token(request.user, days=form.cleaned_data["days"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("API token created. Copy it now: it will not be shown again."))
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": AuthToken.objects.filter(user=request.user).order_by("-created"),
        "now": timezone.now(),
    }
    # The page that shows a new token must not be cached or restored from the browser's history.
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request):
    form = TokenRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a token to revoke."))
        return redirect("api:tokens")
    token = access_token(request.user, form.cleaned_data["key"])
    actions.do_revoke_api_token(request.user, token)
    messages.success(request, _("API token revoked."))
    return redirect("api:tokens")


# Swagger UI from our own static files (drf-spectacular-sidecar), its start-up script a separate
# file (?script): the CSP allows 'self' scripts only. The page needs a login like every other page.
docs = login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
