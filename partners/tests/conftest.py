import pytest

from partners import panels


@pytest.fixture(autouse=True)
def _only_partners_panels(monkeypatch):
    """Other apps' program-page panels are tested by those apps; here the page is partners' own
    (with its own reminder-settings panel)."""
    monkeypatch.setattr(panels, "_PANELS", {key: p for key, p in panels._PANELS.items() if key == "reminders"})


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's passwords are hashed with a fast hasher; production keeps PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
