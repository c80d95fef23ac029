"""The pages speak Bahasa Indonesia by default (needs compiled catalogs: `manage.py compile_translations`)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from governance.selectors import gate_missing

pytestmark = pytest.mark.django_db

COMPILED = (Path(settings.BASE_DIR) / "governance/locale/id/LC_MESSAGES/django.mo").exists()


@pytest.mark.skipif(not COMPILED, reason="catalogs not compiled")
def test_gate_and_panel_in_indonesian(cast, scoping, login):
    client = login(cast.fasilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    with translation.override("id"):
        assert gate_missing(scoping) == ["Belum ada kesepakatan kemitraan yang dicatat."]
        body = client.get(reverse("partners:program_detail", args=[scoping.pk])).content.decode()
    assert "Kesepakatan kemitraan" in body
    assert "Syarat menuju tahap pengelolaan belum terpenuhi" in body
