import datetime

import pytest

from assessments.tests.factories import RoundFactory


@pytest.fixture
def round_(cast):
    """An open baseline round of the cast's program."""
    return RoundFactory(program=cast.program, held_on=datetime.date(2026, 1, 10), closes_on=datetime.date(2099, 1, 1))
