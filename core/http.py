"""Redirects that cannot be turned against the user or the server."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def is_safe_path(request, target):
    """True for a path on this site ("/..."), never another host, a scheme or a view name."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_redirect(request, target, fallback):
    """Redirect to `target` (user input such as `next`) when it is a path on this site, else to `fallback`.

    Every redirect to a user-supplied place goes through here. `target` is used as a URL as it
    is and never resolved as a view name (`redirect()` would try, and answer a 500 when it is
    neither); `fallback` comes from our code (a view name, an object or a path).
    """
    if is_safe_path(request, target):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def already_saved(request, replay, *to):
    """The answer to a replayed create form (core.actions.AlreadySubmittedError): where the first one landed.

    `to` (redirect() arguments) is the view's own success page when it does not depend on the new
    object; otherwise the page the first submit stored (the object's own page).
    """
    messages.info(request, _("This was already saved, so it was not saved a second time."))
    if to:
        return redirect(*to)
    return safe_redirect(request, replay.result_url, "home")
