"""Query counts for every list endpoint, pinned at two data sizes (the same count: no N+1).

A token request costs 3 queries before the view runs (knox: the token by its key, its user,
the user's other tokens to clear expired ones).
"""

import pytest
from django.urls import reverse

from api.tests.conftest import build_roadmap
from assessments.tests.factories import RoundFactory, submitted_health_check
from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db

# name -> (whose token, queries, takes the program id)
BUDGETS = {
    "program_list": ("admin", 6, False),
    "organisation_list": ("fasilitator", 5, False),
    "partner_list": ("staf_a", 7, True),
    "contribution_list": ("staf_a", 7, True),
    "outcome_list": ("lead_b", 8, True),
    "output_list": ("lead_b", 8, True),
    "milestone_list": ("manajer", 8, True),
    "progress_update_list": ("staf_a", 7, True),
    "health_summary": ("fasilitator", 8, True),
    "portfolio_programs": ("manajer", 7, False),
    "portfolio": ("manajer", 14, False),
}


def grow(cast, size):
    """`size` of everything the lists show: road map, reports, contributions, programs, organisations."""
    build_roadmap(cast, milestones=size)
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
