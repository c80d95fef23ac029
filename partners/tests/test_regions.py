"""Indonesia's official regions (issue 14, item 4): the shipped data, its loader, the search
endpoint behind the picker, and the places of organisations and programs.

Tests load a part of the list (conftest `regions`: NTT and NTB, villages of Kabupaten Kupang and
Kota Kupang), never all 84,000 villages; one test parses the whole shipped file.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import District, Organisation, Program, Province, Regency, Village
from partners.regions import EXPECTED_COUNTS, LEVELS, RegencyIndex, load_regions, read_rows
from partners.tests.factories import OrganisationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_file_parses_with_the_expected_counts_and_codes():
    rows = {level: read_rows(level) for level in LEVELS}
    assert {level: len(r) for level, r in rows.items()} == EXPECTED_COUNTS
    codes = {level: {code: (parent, name) for code, parent, name in r} for level, r in rows.items()}
    assert codes["provinces"]["53"][1] == "Nusa Tenggara Timur"
    assert codes["regencies"]["53.71"] == ("53", "Kota Kupang")
    assert codes["districts"]["53.71.01"] == ("53.71", "Alak")
    assert codes["villages"]["53.71.01.1001"] == ("53.71.01", "Namosain")
    # Every row's parent is in the level above, and codes are unique.
    for level, parent_level in zip(LEVELS[1:], LEVELS, strict=False):
        assert len(codes[level]) == len(rows[level])
        assert {parent for parent, _name in codes[level].values()} <= set(codes[parent_level])
    assert all(len(code) == 13 for code in codes["villages"])


def test_the_provinces_carry_kemendagri_codes():
    # Migration 0009 moved the Papua provinces to Kemendagri's codes (rows and their ids kept).
    assert Province.objects.count() == 38
    assert Province.objects.get(code="91").name == "Papua"
    assert Province.objects.get(code="96").name == "Papua Barat Daya"
    assert Province.objects.get(code="53").name == "Nusa Tenggara Timur"


def test_loading_is_idempotent_and_updates_in_place(regions):
    kupang = Regency.objects.get(code="53.71")
    assert kupang.province.code == "53"
    assert Village.objects.get(code="53.71.01.1001").district.regency == kupang
    assert not Village.objects.filter(code__startswith="52.").exists()  # NTB's villages not asked for
    again = load_regions(villages=True, only=["53.71"])
    assert again["regencies"]["created"] == again["villages"]["created"] == 0
    assert again["villages"]["updated"] == 0
    Regency.objects.filter(pk=kupang.pk).update(name="Kupang (lama)")
    report = load_regions(only=["53.71"])
    assert report["regencies"]["updated"] == 1
    kupang.refresh_from_db()
    assert (kupang.name, kupang.pk) == ("Kota Kupang", Regency.objects.get(code="53.71").pk)


def test_loading_links_organisations_by_their_typed_regency(regions):
    ntt = Province.objects.get(code="53")
    typed = OrganisationFactory(province=ntt, regency_name="kota kupang")
    unknown = OrganisationFactory(province=ntt, regency_name="Kabupaten Entah")
    load_regions(only=["53.71"])
    typed.refresh_from_db()
    unknown.refresh_from_db()
    assert typed.regency.code == "53.71"
    assert unknown.regency is None


def test_regency_names_are_found_by_code_full_name_or_bare_name(regions):
    ntt = Province.objects.get(code="53").pk
    index = RegencyIndex()
    assert index.find(ntt, "53.71").code == "53.71"
    assert index.find(ntt, "Kota  Kupang").code == "53.71"
    assert index.find(ntt, "Kab. Kupang").code == "53.01"
    assert index.find(ntt, "Belu").code == "53.04"
    assert index.find(ntt, "Kupang") is RegencyIndex.AMBIGUOUS
    assert index.find(Province.objects.get(code="52").pk, "Kota Kupang") is None


# The search endpoint ------------------------------------------------------------------------------


def search(client, **params):
    return client.get(reverse("regions:search"), params)


def test_search_finds_villages_by_name_or_code_at_most_twenty(cast, regions, login):
    client = login(cast.staf_a)
    found = search(client, q="namosain", level="village").json()["results"]
    assert [(r["code"], r["label"]) for r in found] == [("53.71.01.1001", "Namosain, Alak, Kota Kupang")]
    by_code = search(client, q="53.01", level="village").json()["results"]
    assert len(by_code) == 20  # Kabupaten Kupang has about 180 villages
    assert all(r["code"].startswith("53.01.") for r in by_code)
    inside = search(client, q="", level="district", parent="53.71").json()["results"]
    assert {r["code"] for r in inside} == set(
        District.objects.filter(regency__code="53.71").values_list("code", flat=True)
    )


def test_search_ranks_names_that_start_with_the_text_first(cast, regions, login):
    client = login(cast.staf_a)
    found = search(client, q="kupang", level="regency").json()["results"]
    assert [r["name"] for r in found] == ["Kabupaten Kupang", "Kota Kupang"]
    found = search(client, q="alak", level="district").json()["results"]
    assert found[0]["name"] == "Alak"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a", "level": "kingdom"},
        {"q": "a"},
        {"q": "a", "level": "village", "parent": "x"},
        {"q": "a" * 101, "level": "village"},
    ],
)
def test_bad_search_input_is_a_400_with_no_results(cast, regions, login, params):
    response = search(login(cast.staf_a), **params)
    assert response.status_code == 400
    assert response.json()["results"] == []


def test_search_needs_a_login(client, regions):
    response = search(client, q="kupang", level="regency")
    assert response.status_code == 302


def test_search_costs_the_same_queries_for_few_and_many_matches(cast, regions, login):
    client = login(cast.staf_a)

    def counted(**params):
        with CaptureQueriesContext(connection) as ctx:
            assert search(client, **params).status_code == 200
        return len(ctx.captured_queries)

    # Request overhead (session, user, unread notifications, session save with its savepoints) + the search.
    assert counted(q="namosain", level="village") == counted(q="53", level="village") == 6


# Organisations and programs ------------------------------------------------------------------------


def organisation_data(**change):
    data = {
        "name": "Koperasi Tani Makmur",
        "sector": "community",
        "province": Province.objects.get(code="53").pk,
        "regency": Regency.objects.get(code="53.71").pk,
    }
    data.update(change)
    return data


def test_an_organisation_gets_an_official_regency(cast, regions, login):
    response = login(cast.fasilitator).post(reverse("partners:organisation_create"), organisation_data())
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Koperasi Tani Makmur")
    assert organisation.regency.code == "53.71"
    page = login(cast.fasilitator).get(organisation.get_absolute_url())
    assert "Kota Kupang" in page.content.decode()


def test_a_regency_outside_the_province_is_a_form_error(cast, regions, login):
    lombok = Regency.objects.get(code="52.03").pk
    response = login(cast.fasilitator).post(reverse("partners:organisation_create"), organisation_data(regency=lombok))
    assert response.status_code == 200
    assert response.context["form"].errors["regency"]
    assert not Organisation.objects.filter(name="Koperasi Tani Makmur").exists()


def test_the_picker_renders_only_the_chosen_regions(cast, regions, login):
    program = cast.program
    program.villages.set(Village.objects.filter(code="53.71.01.1001"))
    html = login(cast.fasilitator).get(reverse("partners:program_edit", args=[program.pk])).content.decode()
    assert f'value="{Village.objects.get(code="53.71.01.1001").pk}"' in html
    assert "Nunbaun Sabu" not in html  # another village of the same district: never listed
    assert html.count("data-region-picker") == 3


def test_program_places_are_saved_and_their_provinces_added(cast, regions, login):
    program = cast.program
    villages = Village.objects.filter(code__in=["53.71.01.1001", "53.01.08.2010"])
    data = {
        "name": program.name,
        "goal": program.goal,
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(),
        "regencies": [Regency.objects.get(code="52.03").pk],
        "villages": [v.pk for v in villages],
    }
    response = login(cast.fasilitator).post(reverse("partners:program_edit", args=[program.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    program = Program.objects.get(pk=program.pk)
    assert set(program.villages.values_list("code", flat=True)) == {"53.71.01.1001", "53.01.08.2010"}
    assert set(program.provinces.values_list("code", flat=True)) == {"52", "53"}
    page = login(cast.staf_a).get(program.get_absolute_url()).content.decode()
    assert "Namosain" in page and "Kabupaten Lombok Timur" in page


def test_an_unknown_village_id_is_a_form_error(cast, regions, login):
    program = cast.program
    data = {
        "name": program.name,
        "goal": program.goal,
        "start_date": program.start_date.isoformat(),
        "villages": ["999999999", "99999999999999999999999"],
    }
    response = login(cast.fasilitator).post(reverse("partners:program_edit", args=[program.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["villages"]


def test_a_program_made_in_a_new_program_form_keeps_its_places(cast, regions, login):
    data = {
        "name": "Program Baru",
        "goal": "Tujuan bersama",
        "start_date": "2026-01-01",
        "districts": [District.objects.get(code="53.71.01").pk],
    }
    response = login(cast.fasilitator).post(reverse("partners:program_create"), data)
    assert response.status_code == 302
    program = Program.objects.get(name="Program Baru")
    assert list(program.districts.values_list("code", flat=True)) == ["53.71.01"]
    assert list(program.provinces.values_list("code", flat=True)) == ["53"]


def test_program_factory_has_no_places():
    assert not ProgramFactory().regencies.exists()


def test_the_api_gives_an_organisations_regency_by_code(cast, regions, login):
    organisation = cast.org_a
    organisation.regency = Regency.objects.get(code="53.71")
    organisation.save()
    data = login(cast.fasilitator).get(reverse("api:organisation_detail", args=[organisation.pk])).json()
    assert (data["regency"], data["regency_name"]) == ("53.71", "Kota Kupang")
