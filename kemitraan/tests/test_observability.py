"""Errors reach someone and logs can be followed: request ids, JSON logs, Sentry, mail to ADMINS."""

import copy
import io
import json
import logging
import logging.config
import os
import subprocess
import sys

import pytest
from celery import shared_task
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import path

from kemitraan import observability

pytestmark = pytest.mark.django_db
log = logging.getLogger("kemitraan.tests.observability")


@shared_task(name="kemitraan.tests.log_in_a_task")
def log_in_a_task():
    log.warning("inside the task")


def broken_view(request):
    raise RuntimeError("boom for the admins")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def json_log():
    """The project's LOGGING in JSON mode, writing to a buffer; restored afterwards."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"].update(formatter="json", stream=stream)
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    logging.config.dictConfig(settings.LOGGING)


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept_and_a_bad_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="caddy-1234-abcd")["X-Request-ID"] == "caddy-1234-abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\nx")["X-Request-ID"]
    assert forged != "<script>\nx" and len(forged) == 32


def test_the_request_id_reaches_the_log_records_of_the_request_as_json(client, json_log):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-0001-proof")
    records = json_log()
    (not_found,) = [r for r in records if r["logger"] == "django.request"]
    assert not_found["request_id"] == "req-0001-proof"
    assert not_found["level"] == "WARNING"
    assert "Not Found" in not_found["message"]
    assert set(not_found) >= {"time", "level", "logger", "message", "request_id"}


def test_a_log_line_outside_any_request_says_so(json_log):
    log.warning("from a management command")
    (record,) = [r for r in json_log() if r["logger"] == log.name]
    assert record == {**record, "request_id": "-", "message": "from a management command"}


def test_the_request_id_travels_in_the_task_message_headers():
    token = observability._request_id.set("req-0002-publish")
    try:
        headers = {}
        observability._add_request_id_to_task(sender="x", headers=headers)
    finally:
        observability._request_id.reset(token)
    assert headers == {observability.TASK_HEADER: "req-0002-publish"}


def test_a_task_logs_with_the_request_id_from_its_headers(json_log):
    log_in_a_task.apply(headers={observability.TASK_HEADER: "req-0003-worker"})
    (record,) = [r for r in json_log() if r["message"] == "inside the task"]
    assert record["request_id"] == "req-0003-worker"
    assert observability.current_request_id() is None  # cleared after the task


def test_a_task_without_a_request_gets_its_own_id(json_log):
    result = log_in_a_task.apply()
    (record,) = [r for r in json_log() if r["message"] == "inside the task"]
    assert record["request_id"] == f"task-{result.id}"


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Tim TI", "ti@kemitraan.example.id")], DEBUG=False)
def test_a_server_error_is_mailed_to_the_admins(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    (message,) = mail.outbox
    assert message.to == ["ti@kemitraan.example.id"]
    assert "boom for the admins" in message.body


def test_scrub_event_keeps_the_user_id_and_removes_personal_data():
    event = {
        "user": {"id": "7", "email": "siti@desa.id", "username": "siti", "ip_address": "10.1.2.3"},
        "request": {
            "url": "https://k.example.id/partners/",
            "data": {"password": "x"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "extra": {"note": "mail siti@desa.id now", "nested": [{"phone": "0812", "ok": 1}]},
    }
    scrubbed = observability.scrub_event(event)
    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["request"] == {"url": "https://k.example.id/partners/", "headers": {"User-Agent": "Firefox"}}
    assert scrubbed["extra"] == {"note": "mail [email] now", "nested": [{"phone": "[Filtered]", "ok": 1}]}


SENTRY_PROBE = (
    "import sentry_sdk; c = sentry_sdk.get_client(); "
    "print(c.is_active(), c.options.get('send_default_pii'), c.options['before_send'] is not None)"
)


@pytest.mark.parametrize(
    ("dsn", "expected"), [("", "False None False"), ("https://public@glitchtip.example.id/3", "True False True")]
)
def test_sentry_is_on_only_when_sentry_dsn_is_set_and_never_sends_pii(dsn, expected):
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    env.update(SENTRY_DSN=dsn, DJANGO_ENV="development")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SENTRY_PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
