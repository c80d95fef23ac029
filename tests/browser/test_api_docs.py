"""The API's pages in a real Chromium: the Swagger UI renders under the strict CSP from our own
static files, and a token made on the token page works against the running API."""

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.test_journeys import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_under_the_csp(cast, page, live_server):
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    external = []
    page.on(
        "request", lambda request: external.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    login(page, live_server, "staf_a")
    page.goto(f"{live_server.url}/api/docs/")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=20000)
    assert "Kemitraan API" in title.inner_text()
    page.locator(".opblock-summary-path", has_text="/api/v1/programs/").first.wait_for(timeout=20000)
    assert blocked == []
    assert [url for url in external if not url.startswith("data:")] == []


def test_a_token_made_on_the_token_page_reads_the_api(cast, page, live_server):
    login(page, live_server, "lead_a")
    page.goto(f"{live_server.url}/api/tokens/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    token = page.locator("[data-testid=new-token]").inner_text().strip()
    assert len(token) == 64
    request = urllib.request.Request(f"{live_server.url}/api/v1/programs/", headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    assert [p["name"] for p in body["results"]] == [cast.program.name]
    # Revoke it on the page: the API then refuses it.
    page.goto(f"{live_server.url}/api/tokens/")
    page.locator("[data-testid=token-row] button[type=submit]").click()
    page.wait_for_load_state()
    try:
        urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as exc:
        assert exc.code == 401
    else:
        raise AssertionError("a revoked token still works")
