"""Sessions end after 30 minutes idle and 12 hours in all."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

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
