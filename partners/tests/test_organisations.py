import pytest
from django.urls import reverse

from partners.models import Activity, CapacityItem, Organisation, Province, Regency, ScopingChecklist
from partners.tests.factories import OrganisationFactory, ProgramFactory, ProgramPartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "partners:organisation_list"


@pytest.fixture(autouse=True)
def official_regions(regions):
    """The forms pick an official regency (conftest `regions`: NTT and NTB)."""


def org_data(**overrides):
    data = {
        "name": "Yayasan Pangan Nusantara",
        "sector": "civil_society",
        "province": Province.objects.get(code="52").pk,
        "regency": Regency.objects.get(code="52.03").pk,
        "website": "pangan.example.id",
        "contact_email": "info@pangan.example.id",
    }
    data.update(overrides)
    return data


# List -----------------------------------------------------------------------------------------


def test_list_filters_by_sector_province_and_name(cast, login):
    OrganisationFactory(name="Bappeda Lombok", sector="government", province=Province.objects.get(code="52"))
    OrganisationFactory(name="Bappeda NTT", sector="government")
    client = login(cast.fasilitator)
    names = lambda r: [o.name for o in r.context["organisations"]]  # noqa: E731
    assert names(client.get(reverse(LIST), {"sector": "government"})) == ["Bappeda Lombok", "Bappeda NTT"]
    province = Province.objects.get(code="52").pk
    assert names(client.get(reverse(LIST), {"sector": "government", "province": province})) == ["Bappeda Lombok"]
    assert names(client.get(reverse(LIST), {"name": "mitra"})) == ["PT Mitra B", "Yayasan Mitra A"]


def test_bad_filter_value_is_not_a_500(cast, login):
    response = login(cast.fasilitator).get(reverse(LIST), {"sector": "spaceship", "province": "x", "page": "zz"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_list_is_paginated_and_keeps_the_filter(cast, login):
    for n in range(25):
        OrganisationFactory(name=f"Desa Mandiri {n:02}", sector="community")
    client = login(cast.fasilitator)
    first = client.get(reverse(LIST), {"sector": "community"})
    assert len(first.context["organisations"]) == 20
    assert "sector=community&amp;page=2" in first.content.decode()
    second = client.get(reverse(LIST), {"sector": "community", "page": 2})
    assert [o.name for o in second.context["organisations"]] == [f"Desa Mandiri {n}" for n in range(20, 25)]


def test_partner_people_see_only_their_programs_organisations(cast, login):
    OrganisationFactory(name="Lembaga Lain")
    response = login(cast.staf_a).get(reverse(LIST))
    assert [o.name for o in response.context["organisations"]] == ["PT Mitra B", "Yayasan Mitra A"]
    assert not response.context["can_create"]


def test_organisation_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.staf_a)
    with django_assert_num_queries(10):
        client.get(reverse(LIST))
    for _ in range(4):
        ProgramPartnerFactory(program=cast.program)
    with django_assert_num_queries(10):
        response = client.get(reverse(LIST))
    assert len(response.context["organisations"]) == 6


# Detail ---------------------------------------------------------------------------------------


def test_detail_shows_capacity_scoping_programs_and_people(cast, login):
    CapacityItem.objects.create(organisation=cast.org_a, kind="volunteers", notes="40 relawan desa")
    ScopingChecklist.objects.create(organisation=cast.org_a, track_record=4, governance=2, notes="Catatan")
    hidden = ProgramFactory(name="Program Rahasia")
    ProgramPartnerFactory(program=hidden, organisation=cast.org_a)
    response = login(cast.staf_b).get(reverse("partners:organisation_detail", args=[cast.org_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Relawan" in html and "40 relawan desa" in html
    ratings = {str(label): display for label, value, display in response.context["ratings"]}
    assert ratings["rekam jejak"] == "4 — kuat"
    assert ratings["tata kelola"] == "2 — lemah"
    assert [pp.program.name for pp in response.context["program_partners"]] == ["Desa Sejahtera NTT"]
    assert "Program Rahasia" not in html
    assert {p.username for p in response.context["people"]} == {"staf_a", "lead_a"}
    assert not response.context["can_edit"]


def test_detail_outsider_404(cast, login):
    other = OrganisationFactory(name="Tidak Terlihat")
    assert login(cast.staf_a).get(reverse("partners:organisation_detail", args=[other.pk])).status_code == 404


def test_detail_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    url = reverse("partners:organisation_detail", args=[cast.org_a.pk])
    CapacityItem.objects.create(organisation=cast.org_a, kind="data")
    ScopingChecklist.objects.create(organisation=cast.org_a, track_record=3)
    # 11 of our own + 1 per organisation panel of governance (recognitions, institutional
    # strengthening: issue 15, items 10 and 13).
    with django_assert_num_queries(13):
        client.get(url)
    for kind in ("funding", "networks", "volunteers"):
        CapacityItem.objects.create(organisation=cast.org_a, kind=kind)
    for _ in range(3):
        partner = ProgramPartnerFactory(organisation=cast.org_a)
        partner.program.memberships.create(user=cast.fasilitator, role="facilitator")
        UserFactory(organisation=cast.org_a)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert len(response.context["program_partners"]) == 4


# Create and edit ------------------------------------------------------------------------------


def test_facilitator_creates_an_organisation(cast, login):
    response = login(cast.fasilitator).post(reverse("partners:organisation_create"), org_data())
    org = Organisation.objects.get(name="Yayasan Pangan Nusantara")
    assert response.status_code == 302 and response.url == org.get_absolute_url()
    assert org.website == "https://pangan.example.id"


@pytest.mark.parametrize("who", ["manajer", "lead_a", "staf_a"])
def test_create_refused_to_others(cast, login, who):
    response = login(getattr(cast, who)).post(reverse("partners:organisation_create"), org_data())
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Yayasan Pangan Nusantara").exists()


def test_create_with_bad_input_shows_errors(cast, login):
    response = login(cast.fasilitator).post(
        reverse("partners:organisation_create"), org_data(name="", sector="alien", contact_email="bukan-email")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "sector", "contact_email"}
    assert response.context["form"].errors["name"] == ["Bidang ini tidak boleh kosong."]


def test_own_lead_edits_organisation(cast, login):
    url = reverse("partners:organisation_edit", args=[cast.org_a.pk])
    response = login(cast.lead_a).post(url, org_data(name="Yayasan Mitra A Baru"))
    assert response.status_code == 302
    cast.org_a.refresh_from_db()
    assert cast.org_a.name == "Yayasan Mitra A Baru"
    assert Activity.objects.filter(program=cast.program, kind="organisation_updated").exists()


@pytest.mark.parametrize("who", ["lead_b", "staf_a", "manajer"])
def test_edit_refused(cast, login, who):
    url = reverse("partners:organisation_edit", args=[cast.org_a.pk])
    assert login(getattr(cast, who)).post(url, org_data(name="Dibajak")).status_code == 403
    cast.org_a.refresh_from_db()
    assert cast.org_a.name == "Yayasan Mitra A"


def test_edit_outsider_404(cast, login):
    other = OrganisationFactory()
    assert login(cast.lead_a).get(reverse("partners:organisation_edit", args=[other.pk])).status_code == 404


# Capacity profile and scoping checklist -------------------------------------------------------


def test_capacity_profile_replaces_ticked_kinds(cast, login):
    CapacityItem.objects.create(organisation=cast.org_a, kind="data", notes="lama")
    url = reverse("partners:organisation_capacity", args=[cast.org_a.pk])
    client = login(cast.lead_a)
    response = client.post(
        url, {"funding_on": "on", "funding_notes": "Dana CSR", "expertise_on": "on", "expertise_notes": ""}
    )
    assert response.status_code == 302
    items = dict(CapacityItem.objects.filter(organisation=cast.org_a).values_list("kind", "notes"))
    assert items == {"funding": "Dana CSR", "expertise": ""}
    assert Activity.objects.filter(kind="capacity_updated").exists()


def test_capacity_notes_without_tick_is_an_error(cast, login):
    url = reverse("partners:organisation_capacity", args=[cast.org_a.pk])
    response = login(cast.fasilitator).post(url, {"data_notes": "Data BPS"})
    assert response.status_code == 200
    assert "data_on" in response.context["form"].errors
    assert not CapacityItem.objects.exists()


@pytest.mark.parametrize("who,status", [("staf_a", 403), ("manajer", 403), ("lead_b", 403)])
def test_capacity_refused(cast, login, who, status):
    url = reverse("partners:organisation_capacity", args=[cast.org_a.pk])
    assert login(getattr(cast, who)).post(url, {"data_on": "on"}).status_code == status
    assert not CapacityItem.objects.exists()


def test_facilitator_saves_scoping_checklist(cast, login):
    url = reverse("partners:organisation_scoping", args=[cast.org_b.pk])
    response = login(cast.fasilitator).post(
        url, {"track_record": 5, "financial_stability": 4, "notes": "Stabil", "assessed_on": "2026-09-01"}
    )
    assert response.status_code == 302
    checklist = ScopingChecklist.objects.get(organisation=cast.org_b)
    assert (checklist.track_record, checklist.financial_stability, checklist.governance) == (5, 4, None)
    assert checklist.assessed_by == cast.fasilitator


def test_scoping_rating_out_of_range_is_refused(cast, login):
    url = reverse("partners:organisation_scoping", args=[cast.org_b.pk])
    response = login(cast.fasilitator).post(url, {"track_record": 9})
    assert "track_record" in response.context["form"].errors
    assert not ScopingChecklist.objects.exists()


@pytest.mark.parametrize("who", ["lead_a", "manajer", "staf_b"])
def test_scoping_refused_to_non_facilitators(cast, login, who):
    url = reverse("partners:organisation_scoping", args=[cast.org_a.pk])
    assert login(getattr(cast, who)).post(url, {"track_record": 5}).status_code == 403
    assert not ScopingChecklist.objects.exists()


def test_scoping_outsider_404(cast, login):
    other = OrganisationFactory()
    assert login(cast.staf_a).get(reverse("partners:organisation_scoping", args=[other.pk])).status_code == 404
