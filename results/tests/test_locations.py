"""Location breakdowns use the official regions (issue 14, item 4): setting a program's regencies,
districts and villages gives it one location option each, coded by Kemendagri code."""

import pytest

from partners.actions import do_update_program
from partners.models import District, Regency, Village
from results.models import BreakdownOption

pytestmark = pytest.mark.django_db


def test_a_programs_regions_become_its_location_options(cast, regions):
    do_update_program(
        cast.fasilitator,
        cast.program,
        regencies=Regency.objects.filter(code="53.71"),
        districts=District.objects.filter(code="53.71.01"),
        villages=Village.objects.filter(code__in=["53.71.01.1001", "53.71.01.1002"]),
    )
    options = BreakdownOption.objects.filter(program=cast.program).order_by("category__order", "region_code")
    assert [(o.category.code, o.region_code, o.name) for o in options] == [
        ("regency", "53.71", "Kota Kupang"),
        ("district", "53.71.01", "Alak"),
        ("village", "53.71.01.1001", "Namosain"),
        ("village", "53.71.01.1002", "Nunbaun Sabu"),
    ]
    assert set(cast.program.provinces.values_list("code", flat=True)) == {"53"}


def test_setting_the_regions_again_adds_only_new_options_and_keeps_old_ones(cast, regions):
    first = Village.objects.filter(code="53.71.01.1001")
    do_update_program(cast.fasilitator, cast.program, villages=first)
    do_update_program(cast.fasilitator, cast.program, villages=Village.objects.filter(code="53.71.01.1002"))
    do_update_program(cast.fasilitator, cast.program, villages=Village.objects.filter(code="53.71.01.1002"))
    codes = list(
        BreakdownOption.objects.filter(program=cast.program, category__code="village")
        .order_by("region_code")
        .values_list("region_code", flat=True)
    )
    assert codes == ["53.71.01.1001", "53.71.01.1002"]  # a result may use the first one: it stays


def test_editing_other_fields_leaves_the_places_alone(cast, regions):
    do_update_program(cast.fasilitator, cast.program, villages=Village.objects.filter(code="53.71.01.1001"))
    do_update_program(cast.fasilitator, cast.program, goal="Tujuan baru")
    assert cast.program.villages.count() == 1
    assert BreakdownOption.objects.filter(program=cast.program).count() == 1
