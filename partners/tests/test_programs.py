import pytest
from django.urls import reverse

from partners.tests.factories import ContributionFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def test_member_sees_their_programs_only(cast, login):
    response = login(cast.staf_a).get(reverse("partners:program_list"))
    assert response.status_code == 200
    names = [p.name for p in response.context["programs"]]
    assert names == ["Desa Sejahtera NTT"]


def test_program_detail_shows_partners_and_totals(cast, login):
    ContributionFactory(partner=cast.partner_b, value_idr=1_000_000)
    ContributionFactory(partner=cast.partner_b, value_idr=500_000)
    response = login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert response.status_code == 200
    totals = {p.organisation.name: p.contribution_total for p in response.context["partners"]}
    assert totals == {"PT Mitra B": 1_500_000, "Yayasan Mitra A": None}


def test_outsider_gets_404_on_program(cast, login):
    response = login(cast.luar).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert response.status_code == 404


def test_program_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    with django_assert_num_queries(8):
        client.get(reverse("partners:program_list"))
    for _ in range(3):
        ProgramPartnerFactory(program__name="Tambahan").program.memberships.create(
            user=cast.fasilitator, role="facilitator"
        )
    with django_assert_num_queries(8):
        client.get(reverse("partners:program_list"))
