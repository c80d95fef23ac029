"""Form pages whose choices grow with the data keep a constant query count (no N+1 in the options)."""

import pytest
from django.urls import reverse

from partners.tests.factories import (
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgramPartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def grow(cast):
    for _ in range(3):
        partner = ProgramPartnerFactory(program=cast.program)
        MembershipFactory(
            program=cast.program, partner=partner, role="partner_staff", user__organisation=partner.organisation
        )
        ContributionFactory(partner=partner)
        OrganisationFactory()
        UserFactory(role="manager")
        UserFactory(role="partner_staff")


PAGES = [
    ("partners:partner_add", "program"),
    ("partners:member_add", "program"),
    ("partners:contribution_add", "program"),
    ("partners:program_edit", "program"),
    ("partners:program_create", None),
    ("partners:organisation_create", None),
    ("partners:organisation_capacity", "org_a"),
    ("partners:organisation_scoping", "org_a"),
    ("partners:endorsement_edit", "partner_a"),
    ("partners:partner_edit", "partner_a"),
    ("partners:document_add", "program"),
]


@pytest.mark.parametrize("name,target", PAGES, ids=[p[0] for p in PAGES])
def test_form_page_query_count_is_constant(cast, login, django_assert_max_num_queries, name, target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.fasilitator)
    url = reverse(name, args=[getattr(cast, target).pk] if target else [])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(cast)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
