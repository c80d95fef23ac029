"""Two submits at the same moment, on two real connections: one success, one clear message, no 500.

Threads behind a barrier stand for two gunicorn workers (or two browser tabs). Nothing is kept in
process memory: what keeps them apart is the database (the token's primary key, the unique
constraints). SQLite's in-memory test database cannot serve two writers, so this runs on
PostgreSQL only (CI; locally set DATABASE_URL).
"""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from partners.models import Contribution, ProgramPartner
from partners.tests.factories import OrganisationFactory
from roadmap.models import ProgressUpdate
from tests.submits import ALREADY_SAVED, page_token, told

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL); CI runs it there"
    ),
]


def _post_at_once(user, url, payloads):
    """POST each payload from its own thread (own client, own connection), all released together."""
    barrier = threading.Barrier(len(payloads))
    results, errors = [None] * len(payloads), []

    def run(index, payload):
        client = Client(raise_request_exception=True)
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are compared in English
        try:
            barrier.wait(timeout=10)
            response = client.post(url, payload)
            results[index] = (response.status_code, response.get("Location", ""), told(response), response)
        except Exception as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _token(user, url):
    client = Client()
    client.force_login(user)
    return page_token(client.get(url))


@pytest.mark.parametrize("attempt", range(3))
def test_a_double_click_on_record_contribution_counts_the_money_once(world, attempt):
    url = reverse("partners:contribution_add", args=[world.program.pk])
    data = {
        "partner": world.partner_a.pk,
        "kind": "cash",
        "description": "Dana pendampingan",
        "value_idr": "25000000",
        "date": timezone.localdate().isoformat(),
        "form_token": _token(world.fasilitator, url),
    }
    results = _post_at_once(world.fasilitator, url, [data, data])

    assert Contribution.objects.count() == 1
    assert [status for status, *_ in results] == [302, 302]
    assert {location for _, location, *_ in results} == {world.program.get_absolute_url()}
    messages = sorted(m for _, _, said, _ in results for m in said)
    assert messages == sorted(["The contribution was recorded.", ALREADY_SAVED])


@pytest.mark.parametrize("attempt", range(3))
def test_a_double_click_on_submit_progress_report_records_one_report(world, attempt):
    url = reverse("roadmap:update_create", args=[world.milestone.pk])
    data = {
        "new_status": "in_progress",
        "progress": "60",
        "narrative": "Pelatihan kedua selesai",
        "submit": "1",
        "form_token": _token(world.staf_a, url),
    }
    results = _post_at_once(world.staf_a, url, [data, data])

    assert ProgressUpdate.objects.filter(milestone=world.milestone).count() == 1
    assert [status for status, *_ in results] == [302, 302]
    assert {location for _, location, *_ in results} == {world.milestone.get_absolute_url()}
    messages = sorted(m for _, _, said, _ in results for m in said)
    assert messages == sorted(["Progress report submitted for review.", ALREADY_SAVED])


@pytest.mark.parametrize("attempt", range(3))
def test_adding_the_same_partner_from_two_tabs_gives_one_partner_and_one_form_error(world, attempt):
    org = OrganisationFactory(name="Universitas Nusa Cendana")
    url = reverse("partners:partner_add", args=[world.program.pk])
    tabs = [
        {"organisation": org.pk, "role": "technical", "form_token": _token(world.fasilitator, url)} for _ in range(2)
    ]
    results = _post_at_once(world.fasilitator, url, tabs)

    assert ProgramPartner.objects.filter(program=world.program, organisation=org).count() == 1
    assert sorted(status for status, *_ in results) == [200, 302]
    refused = next(response for status, _, _, response in results if status == 200)
    (error,) = refused.context["form"].errors.as_data()["organisation"]
    assert error.code == "already_partner"
    with translation.override("en"):  # the message is lazy: read it in English here
        assert error.messages == ["Universitas Nusa Cendana is already a partner in this program."]
