"""Every API error is JSON of one shape, with the right status:

    {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}

`fields` maps a field name to its messages (400 only); `non_field_errors` holds the rest.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback


def _messages(detail):
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    return [str(detail)]


def _convert(exc):
    """Django's own exceptions (raised by access.py and actions) as DRF ones."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {key: [str(m) for e in errs for m in e] for key, errs in exc.message_dict.items()}
            )
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    return exc


def error_body(code, message, fields=None):
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    exc = _convert(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 page and the error log
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = error_body("invalid", _("The request has invalid values."), _messages(detail))
    else:
        # DRF's own code for the kind of error: not_authenticated, authentication_failed,
        # permission_denied, not_found, method_not_allowed, unsupported_media_type, parse_error, throttled ...
        code = getattr(exc.detail, "code", None) or exc.default_code
        body = error_body(code, str(exc.detail))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)
