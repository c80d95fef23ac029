"""Login, logout, password change and reset, lockout (django-axes) and the language switcher."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-demo-123"  # the cast's password (partners.tests.factories)


def test_login_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Masuk ke Kemitraan" in html and '<html lang="id">' in html


def test_login_and_logout(cast, client):
    response = client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("partners:program_list")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    # The browser drops the pages kept for offline use and the drafts on the device (issue 17).
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(reverse("partners:program_list")).status_code == 302


def test_wrong_password_shows_an_indonesian_error(cast, client):
    response = client.post(reverse("login"), {"username": "staf_a", "password": "salah"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar." in text
    assert "nama pengguna nama pengguna" not in text  # Django's own Indonesian text doubles it


def test_password_change_uses_the_validators(cast, login):
    client = login(cast.staf_a)
    url = reverse("password_change")
    weak = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    response = client.post(url, weak)
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]
    strong = {"old_password": PASSWORD, "new_password1": "Tenun-Ikat-2026!", "new_password2": "Tenun-Ikat-2026!"}
    assert client.post(url, strong).status_code == 302
    cast.staf_a.refresh_from_db()
    assert cast.staf_a.check_password("Tenun-Ikat-2026!")


def test_password_reset_end_to_end(cast, client):
    response = client.post(reverse("password_reset"), {"email": cast.staf_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.staf_a.email]
    assert message.subject == "Atur ulang kata sandi Kemitraan Anda"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session marker
    set_url = response.url
    new = "Lumbung-Pangan-77"
    assert client.post(set_url, {"new_password1": new, "new_password2": new}).status_code == 302
    cast.staf_a.refresh_from_db()
    assert cast.staf_a.check_password(new)
    # The link works once only.
    assert "Tautan tidak berlaku" in client.get(link, follow=True).content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(cast, client):
    response = client.post(reverse("password_reset"), {"email": "tidak-ada@example.org"}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert mail.outbox == []


# Lockout --------------------------------------------------------------------------------------


def fail(client, username="staf_a", times=5):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "salah"})


def test_five_failures_lock_the_username_and_ip_for_15_minutes(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        fail(client)
        response = client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
        assert response.status_code == 429
        html = response.content.decode()
        assert 'data-testid="locked-out"' in html
        assert "diblokir selama 15 menit" in html
        assert "_auth_user_id" not in client.session
        # Another username from the same address is not locked.
        other = client.post(reverse("login"), {"username": "staf_b", "password": PASSWORD})
        assert other.status_code == 302
        client.post(reverse("logout"))
        traveller.shift(datetime.timedelta(minutes=14))
        assert client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD}).status_code == 429
        traveller.shift(datetime.timedelta(minutes=2))
        assert client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD}).status_code == 302


def test_four_failures_do_not_lock(cast, client):
    fail(client, times=4)
    assert client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD}).status_code == 302


def test_lockout_message_follows_the_chosen_language(cast, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    fail(client)
    response = client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Account temporarily locked" in html and "blocked for 15 minutes" in html


# Language -------------------------------------------------------------------------------------


def test_language_switch_is_saved_on_the_user_and_persists(cast, login, client):
    session_client = login(cast.staf_a)
    response = session_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("partners:program_list")}
    )
    assert response.status_code == 302 and response.url == reverse("partners:program_list")
    assert User.objects.get(pk=cast.staf_a.pk).language == "en"
    assert "My partnership programs" in session_client.get(reverse("partners:program_list")).content.decode()
    # A new browser without the cookie: the saved choice still applies after logging in.
    session_client.logout()
    session_client.cookies.clear()
    session_client.post(reverse("login"), {"username": "staf_a", "password": PASSWORD})
    html = session_client.get(reverse("partners:program_list")).content.decode()
    assert "My partnership programs" in html and '<html lang="en">' in html


def test_every_page_has_the_language_switcher(cast, login):
    client = login(cast.fasilitator)
    for url in [reverse("partners:program_list"), reverse("partners:organisation_list"), reverse("password_change")]:
        html = client.get(url).content.decode()
        assert f'action="{reverse("set_language")}"' in html, url


def test_unknown_language_is_ignored(cast, login):
    client = login(cast.staf_a)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert User.objects.get(pk=cast.staf_a.pk).language == "id"


def test_anonymous_language_switch_works(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert "Log in to Kemitraan" in client.get(reverse("login")).content.decode()


def test_set_language_needs_post(client):
    assert client.get(reverse("set_language")).status_code == 405
