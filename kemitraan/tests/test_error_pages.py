import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_outsider_sees_the_translated_404_page(cast, login):
    response = login(cast.luar).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert cast.program.name not in html


def test_reader_sees_the_translated_403_page(cast, login):
    client = login(cast.manajer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("partners:program_edit", args=[cast.program.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role does not allow this page or action." in html
    assert "can view this" not in html  # issue 16, item 13: it may be a page they cannot see at all


def test_the_403_page_in_indonesian_does_not_claim_the_page_is_visible(cast, login):
    response = login(cast.staf_b).get(reverse("roadmap:update_create", args=[_milestone_of_a(cast).pk]))
    assert response.status_code == 403
    assert "Peran Anda tidak mengizinkan" in response.content.decode()


def _milestone_of_a(cast):
    from roadmap.tests.factories import MilestoneFactory

    return MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_a)


@pytest.mark.parametrize("path", ["/tidak-ada/", None])
def test_with_debug_on_a_404_uses_the_apps_own_page(cast, login, settings, path):
    """`make run` runs with DEBUG: a 404 (no route, or Http404 from a view) shows templates/404.html."""
    settings.DEBUG = True
    url = path or reverse("partners:program_detail", args=[cast.program.pk])
    response = login(cast.luar).get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "Back to home" not in html
    assert "technical_404" not in html and "Using the URLconf" not in html and "Raised by" not in html


def test_with_debug_on_the_technical_404_can_be_asked_for(cast, login, settings):
    settings.DEBUG = True
    settings.OWN_ERROR_PAGES = False
    response = login(cast.luar).get("/tidak-ada/")
    assert response.status_code == 404 and "Using the URLconf" in response.content.decode()


def test_pages_send_a_script_src_self_content_security_policy(cast, login):
    response = login(cast.staf_a).get(reverse("partners:program_list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "<script>" not in response.content.decode()


def test_csrf_failure_page_is_translated(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.fasilitator)
    response = client.post(reverse("partners:program_create"), {"name": "Tanpa token"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.content.decode()
