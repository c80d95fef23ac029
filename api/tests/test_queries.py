"""Query counts for every list endpoint, pinned at two data sizes (the same count: no N+1).

A token request costs 2 queries before the view runs (knox: the token with its user by the token's
key; the user's tokens, to delete expired ones). A program-scoped list then costs 2 for
partners.access.access_program (the program, the membership), and a paginated list 1 for the count.
"""

import pytest
from django.urls import reverse

from api.tests.conftest import build_roadmap
from assessments.tests.factories import RoundFactory, submitted_health_check
from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramFactory, ProgramPartnerFactory
from roadmap.tests.factories import OutcomeFactory, OutputFactory

pytestmark = pytest.mark.django_db

# name -> (whose token, queries, takes the program id)
BUDGETS = {
    "program_list": ("admin", 5, False),
    "organisation_list": ("fasilitator", 4, False),
    "partner_list": ("staf_a", 6, True),
    "contribution_list": ("staf_a", 6, True),
    "outcome_list": ("lead_b", 7, True),
    "output_list": ("lead_b", 7, True),
    "milestone_list": ("manajer", 7, True),
    "progress_update_list": ("staf_a", 6, True),
    "health_summary": ("fasilitator", 7, True),
    "portfolio_programs": ("manajer", 5, False),
    # + the commitments against what was realised and milestones by regency / city (issue 14, items 5 and 4).
    "portfolio": ("manajer", 12, False),
}


def grow(cast, size):
    """`size` of everything the lists show: road map, reports, contributions, programs, organisations."""
    build_roadmap(cast, milestones=size)
    for _ in range(size):
        outcome = OutcomeFactory(program=cast.program)
        outcome.partners.set([cast.partner_a, cast.partner_b])
        OutputFactory(outcome=outcome).partners.set([cast.partner_b])
    for i in range(size):
        program = ProgramFactory(name=f"Program {size}-{i}")
        program.provinces.set(cast.program.provinces.all())
        MembershipFactory(program=program, user=cast.manajer, role="manager")
        ProgramPartnerFactory(program=program, organisation=OrganisationFactory())
        ProgramPartnerFactory(program=cast.program, organisation=OrganisationFactory())
    round_ = RoundFactory(program=cast.program)
    for person, partner in ((cast.lead_a, cast.partner_a), (cast.lead_b, cast.partner_b)):
        submitted_health_check(round_, person, 3, partner=partner)


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_list_queries_are_pinned(cast, api, django_assert_num_queries, name, size):
    grow(cast, size)
    role, budget, scoped = BUDGETS[name]
    client = api(getattr(cast, role))
    url = reverse(f"api:{name}", args=[cast.program.pk] if scoped else [])
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    if "results" in body:
        assert len(body["results"]) >= 2
