import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the source strings); the Indonesian ones are checked by the catalog test."""
    with translation.override("en"):
        yield
