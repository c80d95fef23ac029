"""Sessions end after 30 minutes idle and 12 hours in all; anonymous visits create none."""

import datetime
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from kemitraan.celery import app as celery_app
from kemitraan.middleware import AbsoluteSessionTimeoutMiddleware
from kemitraan.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def page(client):
    return client.get(reverse("partners:program_list"))


def test_idle_session_expires_after_30_minutes(cast, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = login(cast.staf_a)
        assert page(client).status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert page(client).status_code == 200  # activity renews the idle limit
        traveller.shift(datetime.timedelta(minutes=29))
        assert page(client).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = page(client)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_active_session_ends_after_12_hours(cast, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = login(cast.staf_a)
        for _ in range(28):  # 28 x 25 min = 11 h 40 min, always active
            assert page(client).status_code == 200
            traveller.shift(datetime.timedelta(minutes=25))
        assert page(client).status_code == 200
        traveller.shift(datetime.timedelta(minutes=25))  # 12 h 05 min after the first request
        response = page(client)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        # The new session starts a fresh 12-hour clock after logging in again.
        client.force_login(cast.staf_a)
        assert page(client).status_code == 200


# Anonymous requests create no session (issue 12, item 10) -------------------------------------

PASSWORD = "rahasia-demo-123"  # the cast's password (partners.tests.factories)


@pytest.mark.parametrize("url_name", ["healthz", "login", "password_reset"])
def test_an_anonymous_get_creates_no_session(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_failed_login_creates_no_session(cast, client):
    response = client.post(reverse("login"), {"username": "staf_a", "password": "salah"})

    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_login_with_csrf_enforced_still_works_without_a_prior_session(cast):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("login"))
    assert Session.objects.count() == 0
    assert settings.CSRF_COOKIE_NAME in page.cookies  # the CSRF secret lives in a cookie, not a session
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)

    refused = browser.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
    assert refused.status_code == 403  # no token: CSRF still guards the login form
    response = browser.post(
        reverse("login"), {"username": "staf_a", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Session.objects.count() == 1
    assert browser.get(reverse("partners:program_list")).status_code == 200


def test_the_12_hour_clock_starts_at_login_and_an_expired_session_leaves_no_anonymous_row(cast, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
        assert client.session[AbsoluteSessionTimeoutMiddleware.KEY] == int(time.time())
        for _ in range(30):  # active every 25 minutes: the idle limit never ends it
            traveller.shift(datetime.timedelta(minutes=25))
            response = page(client)
            if response.status_code == 302:
                break
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert Session.objects.count() == 0  # logged out, and no empty session saved in its place


def test_a_logged_in_session_without_a_start_time_gets_one(cast, login):
    """Sessions opened before the clock was set at login are stamped on their next request."""
    with time_machine.travel(timezone.now(), tick=False):
        client = login(cast.staf_a)
        session = client.session
        del session[AbsoluteSessionTimeoutMiddleware.KEY]
        session.save()

        assert page(client).status_code == 200

        assert client.session[AbsoluteSessionTimeoutMiddleware.KEY] == int(time.time())


# clearsessions every day -------------------------------------------------------------------------


def test_clearsessions_is_scheduled_daily_in_jakarta_time():
    entry = PeriodicTask.objects.get(task="kemitraan.tasks.clear_expired_sessions")
    assert entry.enabled
    crontab = entry.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month) == ("15", "3", "*", "*")
    assert str(crontab.timezone) == "Asia/Jakarta"
    assert celery_app.tasks[entry.task] is clear_expired_sessions._get_current_object()


def test_the_clearsessions_task_deletes_only_expired_sessions_and_can_run_twice():
    now = timezone.now()
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=now - datetime.timedelta(minutes=1))

    clear_expired_sessions()
    clear_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [store.session_key]
