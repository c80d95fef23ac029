import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's passwords are hashed with a fast hasher; production keeps PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
