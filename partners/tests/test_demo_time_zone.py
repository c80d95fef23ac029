import pytest

from partners import demo
from partners.models import Program

pytestmark = pytest.mark.django_db


def test_demo_programs_are_in_wita_even_when_seeded_before_time_zones():
    ctx = {}
    demo.seed(ctx)
    assert {p.time_zone for p in Program.objects.all()} == {"Asia/Makassar"}
    # A database seeded before programs had a time zone holds WIB (the column's default).
    Program.objects.update(time_zone="Asia/Jakarta")
    demo.seed({})
    assert {p.time_zone for p in Program.objects.all()} == {"Asia/Makassar"}
    assert Program.objects.count() == 3
