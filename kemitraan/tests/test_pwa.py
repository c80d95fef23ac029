"""The installable web app (issue 17, part 1; docs/reach.md): manifest, service worker, offline banner."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable():
    response = Client().get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] and data["short_name"]
    assert data["start_url"] == reverse("roadmap:my_milestones")
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#198754"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        # Our own static files (no CDN), real PNGs of the size they claim.
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_service_worker_is_served_from_the_root_with_its_settings():
    response = Client().get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("self.KEM = ")
    settings = json.loads(body.split("\n", 1)[0].removeprefix("self.KEM = ").removesuffix(";"))
    assert "/static/js/offline.js" in settings["assets"]
    assert settings["fallback"] == reverse("roadmap:my_milestones")
    assert 'addEventListener("fetch"' in body


def test_the_service_worker_speaks_the_requests_language():
    indonesian = Client().get(reverse("service_worker"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    english = Client().get(reverse("service_worker"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are offline" in english
    assert "Anda sedang luring" in indonesian


def test_the_token_needs_a_session(cast, login):
    assert Client().get(reverse("offline_token")).status_code == 302
    data = login(cast.staf_a).get(reverse("offline_token")).json()
    assert data["user"] == cast.staf_a.pk
    assert data["csrf"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_carries_the_offline_banner_in_the_users_language(cast, login, language):
    cast.staf_a.language = language
    cast.staf_a.save(update_fields=["language"])
    html = login(cast.staf_a).get(reverse("roadmap:my_milestones")).content.decode()
    assert 'id="offline-status"' in html
    assert "js/offline.js" in html
    assert 'rel="manifest"' in html
    expected = "1 draf menunggu dikirim." if language == "id" else "1 draft waiting to be sent."
    assert expected in html


def test_signed_out_pages_have_no_offline_banner(client):
    html = client.get(reverse("login")).content.decode()
    assert 'id="offline-status"' not in html
    assert "js/offline.js" not in html
