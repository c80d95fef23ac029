"""No Indonesian system text in the English interface (issue 16, item 11).

Every page a facilitator, a partner's staff member and a manager can open is rendered with the
English language cookie; its visible text (tags, scripts and styles removed) must not contain
the Indonesian words the interface uses for its own buttons and sentences. The cast's data are
in Indonesian too ("Desa Sejahtera NTT"), so every text stored in the database is taken out of
the page before the check: what is left is the interface's own wording.
"""

import re
from functools import cached_property
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from tests.security.html_checks import pages_for

pytestmark = pytest.mark.django_db

# Words of the interface itself (buttons, hints, messages), not of the cast's data.
UI_WORDS = [
    "Simpan", "Kirim", "Batal", "Tambah", "Tambahkan", "Laporkan", "Kembali", "Hapus", "Ubah", "Ganti",
    "Tutup", "Unggah", "Unduh", "Cari", "Saring", "belum", "dengan", "tidak", "sudah", "Tenggat",
    "Keluaran", "Tonggak", "Pendamping", "Restu", "Pertemuan", "Sebelumnya", "Berikutnya", "Halaman",
    "Penilaian", "Kemajuan", "Terlambat", "Selesai", "Setujui", "Kembalikan", "Masuk", "Keluar",
]  # fmt: skip
# The import pages list the accepted column names in both languages, by design.
ALLOWED = {("imports:program_members", "tidak")}
PATTERN = re.compile(r"\b(" + "|".join(UI_WORDS) + r")\b")


class _Text(HTMLParser):
    """Visible text and the attributes people read (title, placeholder, aria-label, alt)."""

    READ = ("title", "placeholder", "aria-label", "alt", "value")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.READ and value and not (tag == "input" and name == "value"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def stored_texts():
    """Every text value in the database (names, titles, notes): user data, not interface."""
    texts = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts.update(value.strip() for value in row if isinstance(value, str) and len(value.strip()) > 2)
    return sorted(texts, key=len, reverse=True)


def indonesian_in(html, data=()):
    text = " ".join(visible_text(html).split())
    for value in data:
        text = text.replace(" ".join(value.split()), " ")
    return sorted(set(PATTERN.findall(text)))


def test_the_check_finds_indonesian_and_ignores_markup():
    assert indonesian_in('<p>Saved.</p><button title="Simpan">Save</button>') == ["Simpan"]
    assert indonesian_in('<p>Saved</p><script>var t = "Simpan";</script>') == []
    assert indonesian_in("<h1>Tonggak dibangun</h1><p>Tonggak</p>", ["Tonggak dibangun"]) == ["Tonggak"]


@pytest.mark.parametrize("who", ["fasilitator", "staf_a", "manajer"])
def test_english_pages_show_no_indonesian_interface_text(world, login, who):
    client = login(getattr(world, who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found, seen = [], 0
    for name in dir(type(world)):  # create every object of the world first, so its texts are known as data
        if isinstance(getattr(type(world), name), cached_property):
            getattr(world, name)
    data = stored_texts()
    for name, url in pages_for(world):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        words = [w for w in indonesian_in(response.content.decode(), data) if (name, w) not in ALLOWED]
        if words:
            found.append(f"{name} {url}: {', '.join(words)}")
    assert seen >= 20
    assert not found, "Indonesian text in the English interface:\n" + "\n".join(found)


def test_the_indonesian_interface_is_indonesian(world, login):
    """The same check does see Indonesian when the language is Indonesian (so it can fail)."""
    client = login(world.fasilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = client.get("/", follow=True).content.decode()
    assert indonesian_in(html)
