"""Drafts written offline and sent later (static/js/offline.js): what every sync endpoint shares.

A sync endpoint is an ordinary POST (session cookie, CSRF token in the X-CSRFToken header, the
same form and action as the page's own submit) that answers JSON the device can keep next to its
draft: {"status": ..., "message": ...}. The statuses:

- "saved" (201) / "already_saved" (200): the record exists; the device deletes its draft;
- "conflict" (409), "invalid" (400), "refused" (403/404): nothing saved; the device keeps the
  draft and shows the message beside it.

A request that is not signed in never reaches the view (login_required redirects it), and a forged
CSRF token gets Django's 403 page: the device keeps the draft in both cases too.
"""

import functools
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

# The largest version a PositiveIntegerField column holds on PostgreSQL.
_MAX_VERSION = 2**31 - 1


def answer(status, message, http_status=200, **extra):
    return JsonResponse({"status": status, "message": str(message), **extra}, status=http_status)


def client_id_from(request):
    """The draft's UUID (made on the device with crypto.randomUUID), or None."""
    try:
        return uuid.UUID(str(request.POST.get("client_id", "")))
    except ValueError:
        return None


def seen_version_from(request):
    """The version of the record the device saw when the draft was written, or None."""
    try:
        version = int(request.POST.get("seen_version", ""))
    except ValueError:
        return None
    return version if 0 <= version <= _MAX_VERSION else None


def form_errors(form):
    """One line of every error of a bound form, each after its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}: {error}" if label else str(error))
    return " ".join(parts)


def incomplete():
    return answer("invalid", _("This draft has no id; it cannot be sent. Write it again."), 400)


def sync_endpoint(view):
    """Turn the access refusals of a sync view into messages the device keeps with the draft."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            message = _(
                "You can no longer see this item (it was deleted, or you are no longer in its program). "
                "The draft was not sent."
            )
            return answer("refused", message, 404)
        except PermissionDenied:
            return answer("refused", _("You may no longer report on this item. The draft was not sent."), 403)

    return wrapper
