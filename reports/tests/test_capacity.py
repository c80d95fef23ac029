"""Issue 13, item 11: capacity found at scoping beside what each partner contributed."""

import datetime

import pytest
from django.urls import reverse

from partners.models import CAPACITY_CONTRIBUTION_KINDS, CapacityItem, CapacityKind, ContributionKind
from partners.tests.factories import ContributionFactory, ProgramPartnerFactory
from reports.selectors import capacity_use

pytestmark = pytest.mark.django_db


def url(program):
    return reverse("reports:program", args=[program.pk])


def lines_of(report, partner):
    return {line.kind: line for p, lines in report.capacity if p.pk == partner.pk for line in lines}


def test_every_capacity_kind_is_matched_to_a_contribution_kind():
    assert set(CAPACITY_CONTRIBUTION_KINDS) == set(CapacityKind.values)
    for kinds in CAPACITY_CONTRIBUTION_KINDS.values():
        assert kinds and set(kinds) <= set(ContributionKind.values)


def test_unused_capacity_is_marked_and_used_capacity_sums_its_contributions(cast, road, login):
    # road: partner A gave in kind 20 M and expertise 5 M this quarter, and cash 1 M the day before.
    org = cast.partner_a.organisation
    CapacityItem.objects.create(organisation=org, kind=CapacityKind.EXPERTISE, notes="Fasilitator usaha")
    CapacityItem.objects.create(organisation=org, kind=CapacityKind.NETWORKS)
    response = login(cast.manajer).get(url(cast.program))
    assert response.status_code == 200
    lines = lines_of(response.context["report"], cast.partner_a)
    expertise, networks = lines["expertise"], lines["networks"]
    assert (expertise.count, expertise.value, expertise.unused) == (1, 5_000_000, False)
    assert len(expertise.contributed) == 1
    assert (networks.count, networks.value, networks.unused) == (0, 0, True)
    # What was given without a capacity found at scoping is listed, not hidden.
    assert lines["cash"].scoped is False and lines["cash"].count == 1
    assert lines["in_kind"].scoped is False and lines["in_kind"].value == 20_000_000
    assert not lines["cash"].unused
    html = response.content.decode()
    assert html.count('data-testid="capacity-unused"') == 1
    assert "Fasilitator usaha" in html


def test_contributions_after_the_period_do_not_use_the_capacity(cast, road, login):
    CapacityItem.objects.create(organisation=cast.partner_b.organisation, kind=CapacityKind.FUNDING)
    last_year = road.today.year - 1
    response = login(cast.manajer).get(url(cast.program) + f"?period=year&year={last_year}")
    line = lines_of(response.context["report"], cast.partner_b)["funding"]
    assert line.unused and line.count == 0
    now = login(cast.manajer).get(url(cast.program)).context["report"]
    line = lines_of(now, cast.partner_b)["funding"]
    assert not line.unused and line.value == 75_000_000


def test_data_and_volunteers_are_used_by_in_kind_contributions(cast):
    org = cast.partner_a.organisation
    CapacityItem.objects.create(organisation=org, kind=CapacityKind.DATA)
    CapacityItem.objects.create(organisation=org, kind=CapacityKind.VOLUNTEERS)
    ContributionFactory(partner=cast.partner_a, kind="in_kind", value_idr=3_000_000)
    [(partner, lines)] = [row for row in capacity_use([cast.partner_a], datetime.date.today()) if row]
    assert [line.kind for line in lines] == ["data", "volunteers"]
    assert all(not line.unused and line.value == 3_000_000 for line in lines)


def test_a_partner_with_nothing_scoped_or_given_has_an_empty_line(cast, login):
    response = login(cast.manajer).get(url(cast.program))
    assert dict((p.pk, lines) for p, lines in response.context["report"].capacity)[cast.partner_b.pk] == []
    assert "Tidak ada kapasitas" in response.content.decode()


def test_partner_staff_see_the_table_too(cast, road, login):
    CapacityItem.objects.create(organisation=cast.partner_b.organisation, kind=CapacityKind.DATA)
    response = login(cast.staf_a).get(url(cast.program))
    assert response.status_code == 200
    assert 'data-testid="capacity-table"' in response.content.decode()


def test_capacity_table_queries_do_not_grow_with_partners(cast, django_assert_num_queries):
    ProgramPartnerFactory(program=cast.program)
    partners = list(cast.program.partners.select_related("organisation"))
    with django_assert_num_queries(2):
        small = capacity_use(partners, datetime.date.today())
    for _ in range(5):
        partner = ProgramPartnerFactory(program=cast.program)
        for kind in (CapacityKind.FUNDING, CapacityKind.DATA, CapacityKind.EXPERTISE):
            CapacityItem.objects.create(organisation=partner.organisation, kind=kind)
        ContributionFactory(partner=partner, kind="cash")
        ContributionFactory(partner=partner, kind="network", value_idr=None)
    partners = list(cast.program.partners.select_related("organisation"))
    with django_assert_num_queries(2):
        large = capacity_use(partners, datetime.date.today())
    assert len(large) > len(small)
    assert sum(len(lines) for _, lines in large) >= 20
