"""Personal API tokens: created on the profile page (shown once, stored hashed, with an expiry), revoked
there, and made by `manage.py create_api_token` for scripts. The session keeps CSRF on API writes."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.actions import MAX_TOKENS_PER_USER, do_create_api_token

pytestmark = pytest.mark.django_db


def client_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_profile_page_creates_a_token_shown_once_and_stored_hashed(cast, login):
    client = login(cast.staf_a)
    response = client.post(reverse("api:tokens"), {"days": 30})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.context["new_token"]
    assert token and token in response.content.decode()
    stored = AuthToken.objects.get(user=cast.staf_a)
    assert stored.digest == hash_token(token)
    assert token not in stored.digest
    assert 29 <= (stored.expiry - timezone.now()).days <= 30
    # Shown once: the page lists it by its first characters only.
    again = client.get(reverse("api:tokens"))
    assert token not in again.content.decode()
    assert stored.token_key in again.content.decode()
    assert client_with(token).get(reverse("api:program_list")).status_code == 200


def test_a_token_lifetime_outside_the_choices_is_refused(cast, login):
    response = login(cast.staf_a).post(reverse("api:tokens"), {"days": 10000})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AuthToken.objects.exists()


def test_there_is_a_cap_on_tokens(cast, login):
    for _ in range(MAX_TOKENS_PER_USER):
        do_create_api_token(cast.staf_a, days=30)
    response = login(cast.staf_a).post(reverse("api:tokens"), {"days": 30})
    assert response.context["new_token"] is None
    assert response.context["form"].non_field_errors()
    assert AuthToken.objects.filter(user=cast.staf_a).count() == MAX_TOKENS_PER_USER


def test_revoking_a_token_stops_it(cast, login):
    instance, token = do_create_api_token(cast.staf_a, days=30)
    response = login(cast.staf_a).post(reverse("api:token_revoke"), {"key": instance.token_key})
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=cast.staf_a).exists()
    assert client_with(token).get(reverse("api:program_list")).status_code == 401


def test_nobody_revokes_someone_elses_token(cast, login):
    instance, token = do_create_api_token(cast.staf_a, days=30)
    for user in (cast.staf_b, cast.fasilitator, cast.admin):
        assert login(user).post(reverse("api:token_revoke"), {"key": instance.token_key}).status_code == 404
    assert login(cast.staf_b).post(reverse("api:token_revoke"), {"key": "x" * 500}).status_code == 302
    assert AuthToken.objects.filter(user=cast.staf_a).count() == 1


def test_the_token_page_lists_only_your_own_tokens(cast, login):
    mine, _ = do_create_api_token(cast.staf_a, days=30)
    theirs, _ = do_create_api_token(cast.staf_b, days=30)
    response = login(cast.staf_a).get(reverse("api:tokens"))
    assert [t.token_key for t in response.context["tokens"]] == [mine.token_key]
    assert theirs.token_key not in response.content.decode()


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_token_page_is_in_both_languages(cast, login, settings):
    client = login(cast.staf_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(reverse("api:tokens")).content.decode()
    assert "Token API" in indonesian
    assert "Buat token" in indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("api:tokens")).content.decode()
    assert "API tokens" in english
    assert "Create token" in english


def test_create_api_token_command_prints_a_working_token(cast):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "lead_a", "--days", "365", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert AuthToken.objects.get(user=cast.lead_a).digest == hash_token(token)
    assert "lead_a" in err.getvalue()
    assert client_with(token).get(reverse("api:program_list")).json()["count"] == 1


def test_create_api_token_command_refuses_an_unknown_user(cast):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
    assert not AuthToken.objects.exists()


def test_session_writes_keep_csrf(cast, roadmap):
    """The browsable docs use the session; a write with the session cookie and no CSRF token is refused."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.staf_a)
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    body = {"new_status": "in_progress", "progress": 10, "narrative": "x"}
    response = client.post(url, body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    # Reads with the session are fine, and a token needs no CSRF token.
    assert client.get(reverse("api:program_list")).status_code == 200
    _instance, token = do_create_api_token(cast.staf_a, days=30)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post(url, body, format="json").status_code == 201
