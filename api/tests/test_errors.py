"""API errors: JSON of one shape, the right status, never a 500 for bad input, nothing half-saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from roadmap.models import ProgressUpdate

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}


def error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == SHAPE
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_no_token_is_401_with_a_challenge(cast):
    response = APIClient().get(reverse("api:program_list"))
    error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_401(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "x" * 64)
    error(client.get(reverse("api:program_list")), 401, "authentication_failed")


def test_an_expired_token_is_401_and_is_removed(cast, api):
    client = api(cast.staf_a)
    AuthToken.objects.filter(user=cast.staf_a).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    error(client.get(reverse("api:program_list")), 401, "authentication_failed")
    assert not AuthToken.objects.filter(user=cast.staf_a).exists()


def test_a_deactivated_users_token_is_refused(cast, api):
    client = api(cast.staf_a)
    cast.staf_a.is_active = False
    cast.staf_a.save()
    error(client.get(reverse("api:program_list")), 401, "authentication_failed")


def test_outsider_404_and_read_only_403(cast, roadmap, api):
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    body = {"new_status": "in_progress", "progress": 10, "narrative": "x"}
    error(api(cast.luar).post(url, body, format="json"), 404, "not_found")
    error(api(cast.manajer).post(url, body, format="json"), 403, "permission_denied")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"new_status": "in_progress", "progress": 101, "narrative": "x"}, "progress"),
        ({"new_status": "in_progress", "progress": -1, "narrative": "x"}, "progress"),
        ({"new_status": "in_progress", "progress": 2**70, "narrative": "x"}, "progress"),
        ({"new_status": "in_progress", "progress": "lima", "narrative": "x"}, "progress"),
        ({"new_status": "selesai", "progress": 10, "narrative": "x"}, "new_status"),
        ({"new_status": "in_progress", "progress": 10}, "narrative"),
        ({"new_status": "in_progress", "progress": 10, "narrative": ""}, "narrative"),
        ({"new_status": "in_progress", "progress": 10, "narrative": "x" * 10001}, "narrative"),
        ({"new_status": "in_progress", "progress": 10, "narrative": "x", "submit": "mungkin"}, "submit"),
        ({"new_status": ["done"], "progress": [1], "narrative": {"a": 1}}, "new_status"),
    ],
)
def test_bad_progress_reports_are_400_and_save_nothing(cast, roadmap, api, body, field):
    before = ProgressUpdate.objects.count()
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    found = error(api(cast.staf_a).post(url, body, format="json"), 400, "invalid")
    assert field in found["fields"]
    assert ProgressUpdate.objects.count() == before


@pytest.mark.parametrize("payload", [b"{not json", b"[]", b'"text"', b"null", b"\xff\xfe"])
def test_a_body_that_is_not_an_object_is_400(cast, roadmap, api, payload):
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    response = api(cast.staf_a).post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]) == SHAPE


def test_a_form_body_is_415(cast, roadmap, api):
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    response = api(cast.staf_a).post(url, {"progress": 1})
    error(response, 415, "unsupported_media_type")


def test_a_wrong_method_is_405(cast, roadmap, api):
    error(api(cast.staf_a).delete(reverse("api:program_list")), 405, "method_not_allowed")


@pytest.mark.parametrize("pk", ["0", "9223372036854775807", "9223372036854775808", "99999999999999999999"])
@pytest.mark.parametrize("name", ["program_detail", "milestone_list", "milestone_detail", "progress_update_detail"])
def test_ids_past_the_column_are_404(cast, api, name, pk):
    url = reverse(f"api:{name}", args=[1]).replace("/1/", f"/{pk}/")
    response = api(cast.admin).get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"owner": "99999999999999999999999"},
        {"owner": "-1"},
        {"owner": "abc"},
        {"output": "1.5"},
        {"status": "selesai"},
        {"due_from": "31-31-2026"},
        {"due_to": "kemarin"},
    ],
)
def test_bad_filters_are_400(cast, roadmap, api, params):
    url = reverse("api:milestone_list", args=[cast.program.pk])
    error(api(cast.fasilitator).get(url, params), 400, "invalid")


@pytest.mark.parametrize(
    "params",
    [
        {"province": "99999999999999999999999"},
        {"province": "abc"},
        {"facilitator": "-3"},
        {"period": "decade"},
        {"period": "custom", "start": "2026-05-01", "end": "2026-01-01"},
        {"year": "99999999999"},
    ],
)
def test_bad_portfolio_filters_are_400(cast, api, params):
    for name in ("api:portfolio", "api:portfolio_programs"):
        error(api(cast.manajer).get(reverse(name), params), 400, "invalid")


def test_pages_past_the_end_are_404_and_page_size_is_capped(cast, roadmap, api):
    client = api(cast.fasilitator)
    url = reverse("api:contribution_list", args=[cast.program.pk])
    error(client.get(url, {"page": 99}), 404, "not_found")
    error(client.get(url, {"page": "satu"}), 404, "not_found")
    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"]
    assert client.get(url, {"page_size": 10**30}).status_code == 200


def test_the_throttle_answers_429_per_token(cast, api, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    first, second = api(cast.staf_a), api(cast.staf_a)
    url = reverse("api:program_list")
    assert [first.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(url)
    error(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0
    # Another token (even of the same person) has its own budget.
    assert second.get(url).status_code == 200


def test_an_unknown_route_under_the_api_is_404(cast, api):
    assert api(cast.staf_a).get("/api/v1/nothing-here/").status_code == 404


def test_pages_and_api_keep_djangos_wording_in_indonesian(cast, roadmap, api, login):
    """rest_framework's catalog words "This field is required." differently; api's catalog keeps Django's."""
    client = api(cast.staf_a)
    client.cookies["django_language"] = "id"
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    response = client.post(url, {"new_status": "in_progress", "progress": 10}, format="json")
    assert response.json()["error"]["fields"]["narrative"] == ["Bidang ini tidak boleh kosong."]
    page = login(cast.fasilitator).post(reverse("partners:organisation_create"), {"name": ""})
    assert page.context["form"].errors["name"] == ["Bidang ini tidak boleh kosong."]
