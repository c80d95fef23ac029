"""Both languages are complete: every catalog entry is translated and none is fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGS = sorted(
    p
    for p in list(BASE.glob("*/locale/*/LC_MESSAGES/django.po")) + list(BASE.glob("locale/*/LC_MESSAGES/django.po"))
    if ".venv" not in p.parts
)


def test_every_app_with_templates_has_both_catalogs():
    for app in ["partners", "roadmap", "assessments", "facilitation", "governance", "reports", "notifications"]:
        if not any((BASE / app).rglob("*.html")) and not (BASE / app / "models.py").exists():
            continue
        for lang in ("id", "en"):
            assert (BASE / app / "locale" / lang / "LC_MESSAGES" / "django.po").exists(), (app, lang)


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(BASE)) for p in CATALOGS])
def test_catalog_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
