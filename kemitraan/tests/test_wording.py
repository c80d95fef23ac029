"""Consistent wording (issue 16, item 11): sentence case in both languages, labels that start
with a capital letter, and distinct Indonesian words for Edit and Change."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", "docs"}
CATALOGS = sorted(
    p
    for p in list(BASE.glob("*/locale/id/LC_MESSAGES/django.po")) + list(BASE.glob("locale/id/LC_MESSAGES/django.po"))
    if ".venv" not in p.parts
)
# Capitalised inside a sentence-case text: names, languages, days, months, acronyms written
# in mixed case. All-capital acronyms (PDF, MoU's "MOU" is not one) pass on their own.
PROPER = {
    "Kemitraan", "Indonesian", "English", "Indonesia", "Bahasa", "Excel", "WhatsApp", "MoU", "Monday",
    "Kemendagri", "Desember", "January", "December", "Token", "Authorization", "Kabupaten", "Kota", "Kupang",
    "Kepala", "Desa", "Oelnasi", "Perbup", "No", "Tentang", "Pendataan", "Terpadu", "Keluarga", "Miskin",
    "Partnering", "Toolbook", "Initiative", "My", "Log", "Send", "Brumaire", "Anda", "Rp", "Person",
    # names of buttons and fields quoted in a sentence ("choose Send again", "the From and To dates")
    "From", "To", "Dari", "Sampai", "Kirim", "Give", "Search", "Cari", "JavaScript",
}  # fmt: skip
# A label element (or a button or a badge) whose text starts with a lowercase translated string.
LOWER_LABEL = re.compile(
    r"""(<(?:th|dt|h[1-6]|label|button|legend|caption|summary)\b[^>]*>\s*|class="(?:btn|badge)[^"]*"[^>]*>\s*)"""
    r"""\{% translate "[a-z]"""
)


def _entries():
    for path in CATALOGS:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.relative_to(BASE), entry


def _title_case_words(text):
    """Capitalised words after the first word of each sentence, other than known names."""
    words = []
    for sentence in re.split(r"(?<=[.:;?!])\s+|\n|[“\"(]", text):
        tokens = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"%\(\w+\)[sd]|<[^>]+>|&\w+;", " ", sentence))
        words += [t for t in tokens[1:] if t[0].isupper() and not t.isupper() and t not in PROPER]
    return words


def test_english_texts_are_in_sentence_case():
    found = sorted({e.msgid for _, e in _entries() if len(_title_case_words(e.msgid)) >= 1})
    assert not found, "sentence case: 'Add partner', not 'Add Partner':\n" + "\n".join(found)


def test_indonesian_texts_are_in_sentence_case():
    found = sorted({e.msgstr for _, e in _entries() if e.msgstr and len(_title_case_words(e.msgstr)) >= 2})
    assert not found, "sentence case in Indonesian too:\n" + "\n".join(found)


def test_indonesian_starts_with_a_capital_where_english_does():
    found = []
    for path, entry in _entries():
        source, text = entry.msgid.lstrip('“"(— '), entry.msgstr.lstrip('“"(— ')
        if not text or source.startswith("%") or text.startswith("%") or not (source[:1] + text[:1]).isalpha():
            continue
        if source[:1].isupper() != text[:1].isupper() and text.split()[0] != "Anda":
            found.append(f"{path}: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not found, "\n".join(found)


def test_labels_buttons_and_badges_start_with_a_capital():
    found = []
    for path in BASE.rglob("*.html"):
        if SKIP_DIRS.intersection(path.relative_to(BASE).parts):
            continue
        for match in LOWER_LABEL.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(BASE)}: {match.group(0)[-60:]}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("text", ["Add Partner", "Upload the Signed Document"])
def test_the_case_check_can_fail(text):
    assert _title_case_words(text)


def test_edit_and_change_have_different_indonesian_words():
    """'Ubah' is Edit; a button or heading that changes (switches, replaces) something says 'Ganti'."""
    edits, changes = [], []
    for path, entry in _entries():
        if re.match(r"Edit\b", entry.msgid) and entry.msgstr:
            edits.append((path, entry.msgid, entry.msgstr))
        if re.match(r"Change\b", entry.msgid) and entry.msgstr and not entry.msgctxt:
            changes.append((path, entry.msgid, entry.msgstr))
    assert edits and changes
    assert all(text.startswith("Ubah") for _, _, text in edits), edits
    wrong = [c for c in changes if c[2].startswith("Ubah")]
    assert not wrong, f"'Change …' translated like 'Edit' ('Ubah'): {wrong}"
