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
    for app in ["partners", "roadmap", "assessments", "facilitation", "governance", "reports", "notifications", "api"]:
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


def test_one_msgid_has_one_indonesian_translation_across_catalogs():
    """Django merges the apps' catalogs into one, so the same msgid translated two ways in two
    apps shows only one of them everywhere. Different meanings need a context (pgettext /
    `{% translate "Open" context "..." %}`)."""
    seen = {}
    conflicts = []
    for path in CATALOGS:
        if "/id/" not in str(path):
            continue
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            text = entry.msgstr or str(entry.msgstr_plural)
            if key in seen and seen[key][1] != text:
                conflicts.append(f"{entry.msgid!r}: {seen[key][0]} says {seen[key][1]!r}, {path} says {text!r}")
            seen.setdefault(key, (path, text))
    assert not conflicts, "\n".join(conflicts)


@pytest.mark.parametrize("path", [p for p in CATALOGS if "/en/" in str(p)], ids=lambda p: str(p.relative_to(BASE)))
def test_english_catalog_repeats_the_english_source(path):
    """Source strings are English; an English msgstr that differs is a stale fuzzy match
    (it once showed "added an outcome" for a deletion)."""
    wrong = [(e.msgid, e.msgstr) for e in polib.pofile(str(path)) if not e.msgid_plural and e.msgstr != e.msgid]
    assert not wrong, wrong[:5]
