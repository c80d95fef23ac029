import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "broker": "in-process", "ok": True}


def test_healthz_answers_200_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"  # nothing listens here
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down", "ok": True}


def test_healthz_answers_503_when_the_database_is_down(client, settings, monkeypatch):
    from kemitraan import views

    class Broken:
        def cursor(self):
            raise views.DatabaseError("connection refused")

    settings.REDIS_URL = ""
    monkeypatch.setattr(views, "connection", Broken())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_needs_no_login_and_is_not_cached(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
