"""Errors that reach someone, logs that can be followed.

- A request id: RequestIdMiddleware takes a proxy's X-Request-ID (when it looks like an id) or
  makes one, returns it in the response, and RequestIdFilter puts it on every log record. Celery
  carries it into tasks: `before_task_publish` adds it to the message headers, `task_prerun`
  sets it in the worker for the task's duration.
- JSON logs (LOG_FORMAT=json, the default in production): one object per line with the time,
  level, logger, message and request id (python-json-logger).
- Sentry (sentry-sdk), only when SENTRY_DSN is set; works with a self-hosted Sentry or
  GlitchTip. No personal data: send_default_pii is off and `scrub_event` removes what could
  still name a person.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished

HEADER = "X-Request-ID"
TASK_HEADER = "kemitraan_request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id = contextvars.ContextVar("kemitraan_request_id", default=None)


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID if it is sane, else a new one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx/5xx response after the middleware returns.
        # `request_finished` (when the server closes the response) clears it.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _clear_request_id(**kwargs):
    _request_id.set(None)


request_finished.connect(_clear_request_id, dispatch_uid="kemitraan.request_id.finished")


class RequestIdFilter(logging.Filter):
    """Put the current request id (or '-') on every record, for the formatters."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        return True


@before_task_publish.connect(dispatch_uid="kemitraan.request_id.publish")
def _add_request_id_to_task(headers=None, **kwargs):
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens = {}


@task_prerun.connect(dispatch_uid="kemitraan.request_id.prerun")
def _set_request_id_in_task(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    if request_id is None and current_request_id():
        return  # an eager task in a web request: the request's id is already set
    _task_tokens[task_id] = _request_id.set(request_id or f"task-{task_id}")


@task_postrun.connect(dispatch_uid="kemitraan.request_id.postrun")
def _clear_request_id_after_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _request_id.reset(token)


# Keys whose values are removed from Sentry events wherever they appear (on top of sentry-sdk's own
# list: passwords, tokens, cookies, authorization, session ids...).
PERSONAL_KEYS = {"email", "username", "first_name", "last_name", "full_name", "name", "phone", "ip_address"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _scrub(value):
    if isinstance(value, dict):
        return {k: ("[Filtered]" if str(k).lower() in PERSONAL_KEYS else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return _EMAIL.sub("[email]", value)
    return value


def scrub_event(event, hint=None):
    """Sentry before_send: keep only the user's id, drop request bodies and cookies, and mask
    personal keys and email addresses anywhere in the event."""
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() not in {"cookie", "authorization"}}
    return _scrub(event)


def init_sentry(dsn, *, environment, release=None, traces_sample_rate=0.0):
    """Start sentry-sdk (called from settings only when SENTRY_DSN is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *PERSONAL_KEYS], recursive=True),
        before_send=scrub_event,
    )
