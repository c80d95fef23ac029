"""django-axes locks a username+IP out for 15 minutes after 5 failed logins."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-demo-123"  # partners.tests.factories.UserFactory


def _post(client, username, password, ip="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail_five_times(client, username, ip="10.0.0.7"):
    for attempt in range(5):
        response = _post(client, username, "salah-sandi", ip)
        if attempt < 4:
            assert response.status_code == 200  # the form again, with an error
    return response


def test_right_password_logs_in(cast, client):
    response = _post(client, "staf_a", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.staf_a.pk)


def test_five_failures_lock_out_even_the_right_password(cast, client):
    last = _fail_five_times(client, "staf_a")
    assert last.status_code == 429
    response = _post(client, "staf_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert b'data-testid="locked-out"' in response.content


def test_lockout_message_is_in_the_users_language(cast, client):
    _fail_five_times(client, "staf_a")
    client.cookies["django_language"] = "en"
    english = _post(client, "staf_a", PASSWORD)
    assert b"Account temporarily locked" in english.content
    client.cookies["django_language"] = "id"
    indonesian = _post(client, "staf_a", PASSWORD)
    assert indonesian.status_code == 429
    assert b"Account temporarily locked" not in indonesian.content


def test_four_failures_do_not_lock(cast, client):
    for _ in range(4):
        _post(client, "staf_a", "salah-sandi")
    response = _post(client, "staf_a", PASSWORD)
    assert response.status_code == 302


def test_lockout_is_per_username_and_address(cast, client):
    _fail_five_times(client, "staf_a", ip="10.0.0.7")
    # Same user from another address, and another user from the same address, still get in.
    assert _post(client, "staf_a", PASSWORD, ip="10.0.0.8").status_code == 302
    client.logout()
    assert _post(client, "staf_b", PASSWORD, ip="10.0.0.7").status_code == 302


def test_lockout_still_holds_after_fourteen_minutes(cast, client):
    _fail_five_times(client, "staf_a")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14), tick=False):
        assert _post(client, "staf_a", PASSWORD).status_code == 429


def test_lockout_ends_after_fifteen_minutes(cast, client):
    _fail_five_times(client, "staf_a")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
        assert _post(client, "staf_a", PASSWORD).status_code == 302
