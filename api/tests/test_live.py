"""The API against the running app: real HTTP (urllib) to pytest-django's live server.

Each role's token lists the programs its programs page shows and the milestones its road map shows;
a progress report posted through the API appears on the facilitator's review-queue page.
"""

import json
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from api.actions import do_create_api_token
from api.tests.conftest import ROLES, build_roadmap

pytestmark = pytest.mark.django_db(transaction=True)


def call(live_server, path, *, token=None, body=None, cookie=None):
    """(status, parsed JSON or text) of one HTTP request to the running app."""
    headers = {"Accept": "application/json"}
    data = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(live_server.url + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        status, raw, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
    return status, json.loads(raw) if kind.startswith("application/json") else raw.decode()


def page_session(user):
    """A real session cookie for `user`, to open pages over HTTP."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}", client


def test_each_roles_token_reads_what_its_pages_show(cast, live_server):
    roadmap = build_roadmap(cast)
    milestones = {m.pk for m in [*roadmap.milestones, roadmap.other]}
    for role in ROLES:
        user = getattr(cast, role)
        _instance, token = do_create_api_token(user, days=30)
        _cookie, client = page_session(user)
        shown = {p.pk for p in client.get(reverse("partners:program_list")).context["programs"]}
        status, body = call(live_server, reverse("api:program_list"), token=token)
        assert status == 200
        assert {p["id"] for p in body["results"]} == shown, role

        tree = client.get(reverse("roadmap:tree", args=[cast.program.pk]))
        status, body = call(live_server, reverse("api:milestone_list", args=[cast.program.pk]), token=token)
        if tree.status_code == 404:
            assert role == "luar"
            assert status == 404
            assert body["error"]["code"] == "not_found"
        else:
            assert status == 200
            assert {m["id"] for m in body["results"]} == milestones, role

    status, body = call(live_server, reverse("api:program_list"))
    assert status == 401
    assert body["error"]["code"] == "not_authenticated"


def test_a_report_posted_over_http_waits_in_the_facilitators_queue(cast, live_server):
    roadmap = build_roadmap(cast)
    milestone = roadmap.milestones[0]
    url = reverse("api:progress_update_create", args=[milestone.pk])
    report = {"new_status": "in_progress", "progress": 55, "narrative": "Laporan lewat API", "submit": True}

    _instance, manager_token = do_create_api_token(cast.manajer, days=30)
    status, body = call(live_server, url, token=manager_token, body=report)
    assert (status, body["error"]["code"]) == (403, "permission_denied")

    _instance, token = do_create_api_token(cast.staf_a, days=30)
    status, body = call(live_server, url, token=token, body={**report, "progress": 101})
    assert status == 400
    assert "progress" in body["error"]["fields"]

    status, body = call(live_server, url, token=token, body=report)
    assert status == 201
    assert body["state"] == "submitted"

    cookie, _client = page_session(cast.fasilitator)
    status, html = call(live_server, reverse("roadmap:review_queue"), cookie=cookie)
    assert status == 200
    assert milestone.title in html
    assert reverse("roadmap:update_review", args=[body["id"]]) in html
