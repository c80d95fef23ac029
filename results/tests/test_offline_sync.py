"""Indicator actuals written offline and sent later (issue 17, part 1; static/js/offline.js).

`results:result_sync` takes the result form's fields plus the device's client id, runs the form
and `do_report_result` (submitted at once) and answers JSON; the client id is unique, so a replay
returns the result already made.
"""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from results.models import Result, ResultEvidence
from results.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db


def url(framework, period=None):
    return reverse("results:result_sync", args=[framework.indicator.pk, (period or framework.past[-1]).pk])


def draft(framework, client_id=None, **overrides):
    data = {
        "client_id": str(client_id or uuid.uuid4()),
        "value": "42",
        f"b{framework.female.pk}": "20",
        f"b{framework.male.pk}": "22",
        "narrative": "Dihitung dari daftar hadir posyandu.",
    }
    return data | overrides


def test_an_actual_is_saved_and_submitted(cast, framework, login):
    data = draft(framework) | {"evidence": pdf_file()}
    response = login(cast.staf_a).post(url(framework), data)
    assert response.status_code == 201
    assert response.json()["status"] == "saved"
    result = Result.objects.get()
    assert str(result.client_id) == data["client_id"]
    assert result.state == Result.State.SUBMITTED
    assert result.value == 42
    assert sorted(b.value for b in result.breakdown.all()) == [20, 22]
    assert ResultEvidence.objects.filter(result=result).count() == 1


def test_a_replayed_actual_creates_no_second_result(cast, framework, login):
    client = login(cast.staf_a)
    data = draft(framework)
    client.post(url(framework), data)
    again = client.post(url(framework), data)
    assert again.status_code == 200
    assert again.json()["status"] == "already_saved"
    assert Result.objects.count() == 1


def test_another_persons_client_id_is_refused(cast, framework, login):
    data = draft(framework)
    login(cast.staf_a).post(url(framework), data)
    response = login(cast.lead_a).post(url(framework, framework.past[-2]), data)
    assert response.status_code == 400
    assert Result.objects.count() == 1


def test_a_slot_reported_meanwhile_is_a_conflict(cast, framework, draft_result, login):
    response = login(cast.staf_a).post(url(framework), draft(framework))
    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert Result.objects.count() == 1


def test_a_forged_csrf_token_is_refused(cast, framework):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staf_a)
    response = client.post(url(framework), draft(framework), HTTP_X_CSRFTOKEN="x" * 32)
    assert response.status_code == 403
    assert Result.objects.count() == 0


def test_refusals_are_messages(cast, framework, login):
    assert login(cast.luar).post(url(framework), draft(framework)).status_code == 404
    refused = login(cast.staf_b).post(url(framework), draft(framework))  # not responsible for HH-1
    assert refused.status_code == 403
    assert refused.json()["status"] == "refused"
    assert Result.objects.count() == 0


@pytest.mark.parametrize("overrides", [{"client_id": "nope"}, {"value": "-3"}, {"value": "banyak"}])
def test_bad_input_saves_nothing(cast, framework, login, overrides):
    response = login(cast.staf_a).post(url(framework), draft(framework) | overrides)
    assert response.status_code == 400
    assert response.json()["message"]
    assert Result.objects.count() == 0
