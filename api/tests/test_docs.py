"""The OpenAPI schema and the Swagger UI: served offline from our static files, under the strict CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.security.html_checks import inline_script_problems

pytestmark = pytest.mark.django_db


def test_the_schema_lists_every_endpoint(cast, api):
    client = api(cast.staf_a)
    assert client.get(reverse("api:schema")).content.startswith(b"openapi:")  # YAML by default
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/programs/" in paths
    assert set(paths["/api/v1/milestones/{id}/progress-updates/"]) == {"post"}
    assert len([p for p in paths if p.startswith("/api/v1/")]) == 26  # + the exports (issue 19)
    assert "/api/v1/programs/{id}/export/{table}/{fmt}/" in paths and "/api/v1/exports/{id}/download/" in paths
    assert response.json()["components"]["securitySchemes"]


def test_the_schema_needs_credentials(client):
    assert client.get(reverse("api:schema")).status_code == 401


def test_the_docs_page_needs_a_login(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_docs_page_runs_under_the_csp_from_our_own_files(cast, login):
    client = login(cast.staf_a)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    html = response.content.decode()
    assert inline_script_problems(html) == []
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert not source.startswith(("http:", "https:", "//")), source  # no CDN
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
    script_url = next(s for s in sources if "script" in s and not s.startswith("/static/"))
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
