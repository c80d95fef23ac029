import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from partners.models import ContributionKind, Membership, Phase, Program, ProgramPartner, Province, Sector
from partners.tests.factories import (
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgramFactory,
    ProgramPartnerFactory,
)
from reports.tests.factories import MilestoneFactory, OutputFactory
from roadmap.models import Milestone, MilestoneStatus

pytestmark = pytest.mark.django_db


def url(**params):
    return reverse("reports:portfolio") + ("?" + urlencode(params) if params else "")


@pytest.fixture
def second_program(cast):
    """A second managed program in Bali, in scoping, with a partner not yet endorsed."""
    program = ProgramFactory(name="Tenun Ikat Sumba", phase=Phase.SCOPING)
    program.provinces.set([Province.objects.get(code="51")])
    cast.program.provinces.set([Province.objects.get(code="53")])
    partner = ProgramPartnerFactory(
        program=program, organisation=OrganisationFactory(sector="government"), endorsement_status="requested"
    )
    MembershipFactory(program=program, user=cast.manajer, role=Membership.Role.MANAGER)
    return program, partner


def test_manager_home_shows_headline_figures(cast, road, second_program, login):
    program, partner = second_program
    today = road.today
    MilestoneFactory(
        output=OutputFactory(outcome__program=program),
        owner=partner,
        due_date=today,
        start_date=today,
        status=MilestoneStatus.DONE,
        completed_on=today,
    )
    ContributionFactory(partner=partner, kind="facilities", value_idr=3_000_000, date=today)
    response = login(cast.manajer).get(url())
    assert response.status_code == 200
    portfolio = response.context["portfolio"]
    assert portfolio.program_count == 2
    phases = {value: n for value, _label, n in portfolio.phases}
    assert phases["managing"] == 1 and phases["scoping"] == 1
    assert portfolio.stats.ms_total == 4 and portfolio.stats.ms_done == 3  # the cancelled one is not counted
    assert portfolio.endorsements_missing == 1
    sectors = {str(label): total for label, total in portfolio.by_sector}
    assert sectors[str(Sector.GOVERNMENT.label)] == 3_000_000
    assert sectors[str(Sector.BUSINESS.label)] == 75_000_000
    assert sectors[str(Sector.CIVIL_SOCIETY.label)] == 25_000_000
    kinds = {str(label): total for label, total in portfolio.by_kind}
    assert kinds[str(ContributionKind.CASH.label)] == 75_000_000
    assert kinds[str(ContributionKind.FACILITIES.label)] == 3_000_000
    provinces = {r["name"]: r for r in portfolio.by_province}
    assert provinces["Bali"]["completion_rate"] == 100
    assert provinces["Nusa Tenggara Timur"]["completion_rate"] == Decimal("66.7")
    # Drill-down: each program links to its report, carrying the period.
    assert reverse("reports:program", args=[program.pk]).encode() in response.content


def test_share_of_programs_with_sustainability_plan(cast, second_program, login):
    from governance.models import SustainabilityPlan

    SustainabilityPlan.objects.create(
        program=cast.program, path=SustainabilityPlan._meta.get_field("path").choices[0][0]
    )
    portfolio = login(cast.manajer).get(url()).context["portfolio"]
    assert portfolio.with_plan == 1
    assert portfolio.with_plan_share == Decimal("50.0")


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"phase": "scoping"}, ["Tenun Ikat Sumba"]),
        ({"sector": "government"}, ["Tenun Ikat Sumba"]),
        ({"sector": "business"}, ["Desa Sejahtera NTT"]),
        ({"province": "PROVINCE_53"}, ["Desa Sejahtera NTT"]),
        ({"facilitator": "FASILITATOR"}, ["Desa Sejahtera NTT"]),
    ],
)
def test_filters_narrow_the_portfolio(cast, second_program, login, filters, expected):
    values = {
        k: {"PROVINCE_53": Province.objects.get(code="53").pk, "FASILITATOR": cast.fasilitator.pk}.get(v, v)
        for k, v in filters.items()
    }
    response = login(cast.manajer).get(url(**values))
    assert response.context["form"].errors == {}
    assert [p.name for p in response.context["page"]] == expected
    assert response.context["portfolio"].program_count == len(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"province": "999999"},
        {"province": "abc"},
        {"phase": "finished"},
        {"sector": "x"},
        {"facilitator": "0"},
        {"period": "custom", "start": "2026-01-01"},
        {"year": "-5", "period": "year"},
    ],
)
def test_invalid_filter_is_a_form_error(cast, login, params):
    response = login(cast.manajer).get(url(**params))
    assert response.status_code == 200
    assert response.context["portfolio"] is None
    assert response.context["form"].errors


def test_facilitator_cannot_filter_by_a_facilitator_outside_their_portfolio(cast, login):
    response = login(cast.luar).get(url(facilitator=cast.fasilitator.pk))
    assert "facilitator" in response.context["form"].errors


def test_facilitator_portfolio_is_their_programs_only(cast, login):
    response = login(cast.luar).get(url())
    assert [p.name for p in response.context["page"]] == ["Program Lain"]


def test_manager_home_redirects_to_portfolio(cast, login):
    response = login(cast.manajer).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:portfolio")


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "lead_b"])
def test_partner_people_have_no_portfolio(cast, login, who):
    assert login(getattr(cast, who)).get(url()).status_code == 403


def _bulk_programs(manager, count):
    today = datetime.date.today()
    org = OrganisationFactory()
    programs = Program.objects.bulk_create(
        [Program(name=f"Bulk {i}", goal="g", start_date=today, phase=Phase.MANAGING) for i in range(count)]
    )
    Membership.objects.bulk_create([Membership(program=p, user=manager, role="manager") for p in programs])
    partners = ProgramPartner.objects.bulk_create(
        [ProgramPartner(program=p, organisation=org, role="implementing") for p in programs]
    )
    province = Province.objects.get(code="53")
    Program.provinces.through.objects.bulk_create(
        [Program.provinces.through(program=p, province=province) for p in programs]
    )
    from roadmap.models import Outcome, Output

    outcomes = Outcome.objects.bulk_create([Outcome(program=p, statement="c") for p in programs])
    outputs = Output.objects.bulk_create([Output(outcome=o, statement="k") for o in outcomes])
    Milestone.objects.bulk_create(
        [
            Milestone(program=p, output=o, owner=pp, title="t", start_date=today, due_date=today)
            for p, o, pp in zip(programs, outputs, partners, strict=True)
        ]
    )


def test_portfolio_query_count_is_constant(cast, road, second_program, login, assert_queries):
    client = login(cast.manajer)
    client.get(url())  # the first request after login also stamps the session
    with assert_queries(QUERIES):
        client.get(url())
    _bulk_programs(cast.manajer, 500)
    with assert_queries(QUERIES):
        response = client.get(url())
    assert response.context["portfolio"].program_count == 502
    assert len(response.context["page"].object_list) == 50
    assert len(response.content) < 200_000, len(response.content)  # issue 19: no page above 200 KB


# Request overhead (4) + facilitator choices, provinces choices + 10 aggregate queries (the tenth: partners by
# how they joined) + page count, page rows, provinces prefetch + the program ids and their indicators, read once
# for both results panels (issue 19; their periods, targets and actuals, and the standards, follow only when
# there are some)
# + the commitments against what was realised (governance, one query) + milestones by regency / city (one).
QUERIES = 21


def test_portfolio_counts_partners_by_how_they_joined(cast, login):
    """Issue 15, item 8: a breakdown of the partners still in the programs; one that left is not counted."""
    ProgramPartner.objects.filter(pk=cast.partner_a.pk).update(how_joined="mandate")
    ProgramPartner.objects.filter(pk=cast.partner_b.pk).update(how_joined="invitation", left_on=cast.program.start_date)
    response = login(cast.manajer).get(url())
    # Voluntarily, by mandate, by invitation, not recorded.
    assert [n for _label, n in response.context["portfolio"].by_how_joined] == [0, 1, 0, 0]
    assert 'data-testid="how-joined"' in response.content.decode()
