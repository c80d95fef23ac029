import datetime

import pytest

from assessments.tests.factories import RoundFactory


@pytest.fixture
def round_(cast):
    """An open baseline round of the cast's program."""
    return RoundFactory(program=cast.program, held_on=datetime.date(2026, 1, 10), closes_on=datetime.date(2099, 1, 1))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's passwords need no real hashing cost here (2 shared CPU cores)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
