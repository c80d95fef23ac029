import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_wrong_password_message_reads_well_in_indonesian(cast, client):
    response = client.post(reverse("login"), {"username": "staf_a", "password": "salah"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar." in text
    assert "nama pengguna nama pengguna" not in text
