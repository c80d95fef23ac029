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
    assert "Your role can view this, but not change it." in response.content.decode()


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
