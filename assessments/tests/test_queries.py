"""Every page runs a constant number of queries: measured at two data sizes."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Round
from assessments.tests.factories import (
    CapacityPlanFactory,
    CredentialFactory,
    RoundFactory,
    TrainingFactory,
    submitted_assessment,
    submitted_health_check,
)
from partners.models import Membership, User
from partners.tests.factories import MembershipFactory, ProgramPartnerFactory, UserFactory

_counter = {"n": 0}


def grow(cast, rounds, people=2):
    """Add partners with people, each assessed (self, facilitator, peer) and answering the health check."""
    for _ in range(people):
        _counter["n"] += 1
        partner = ProgramPartnerFactory(program=cast.program)
        user = UserFactory(
            username=f"tambahan{_counter['n']}", role=User.Role.PARTNER_LEAD, organisation=partner.organisation
        )
        MembershipFactory(
            program=cast.program, user=user, role=Membership.Role.PARTNER_LEAD, partner=partner, is_representative=True
        )
        for r in rounds:
            submitted_assessment(r, user, user, 3, partner=partner)
            submitted_assessment(r, user, cast.fasilitator, 2, partner=partner)
            submitted_assessment(r, user, cast.staf_a, 4, kind="peer", partner=partner)
            submitted_health_check(r, user, 3, partner=partner, comments="Catatan")
        plan = CapacityPlanFactory(program=cast.program, person=user)
        TrainingFactory(plan=plan)
        TrainingFactory(plan=plan)


@pytest.fixture
def rounds(cast, round_):
    later = RoundFactory(
        program=cast.program,
        kind=Round.Kind.MIDTERM,
        held_on=datetime.date(2026, 6, 1),
        closes_on=datetime.date(2099, 1, 1),
    )
    for r in (round_, later):
        submitted_assessment(r, cast.staf_a, cast.staf_a, 4)
        submitted_assessment(r, cast.staf_a, cast.fasilitator, 2)
        submitted_health_check(r, cast.lead_a, 4, partner=cast.partner_a, comments="Baik")
    CredentialFactory(facilitator=cast.fasilitator)
    CredentialFactory(facilitator=cast.fasilitator, title="Mediasi")
    TrainingFactory(plan=CapacityPlanFactory(program=cast.program, person=cast.staf_a))
    return [round_, later]


def assert_constant(client, url, count, cast, rounds, django_assert_num_queries):
    import os

    if os.environ.get("MEASURE"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            client.get(url)
        grow(cast, rounds, people=3)
        CredentialFactory(facilitator=cast.fasilitator, title="Tambahan")
        with CaptureQueriesContext(connection) as big:
            client.get(url)
        print("MEASURE", url, len(small), len(big))
        if len(small) != len(big):
            for q in big.captured_queries:
                print("   ", q["sql"][:200])
        return
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    grow(cast, rounds, people=3)
    CredentialFactory(facilitator=cast.fasilitator, title="Tambahan")
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


# Each logged-in request costs a fixed overhead (session, user, unread notifications, ...).


def test_index(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:index")
    # 15: latest_scores_for_programs reads who was rated, to leave out averages that would single someone out
    assert_constant(login(cast.staf_a), url, 15, cast, rounds, django_assert_num_queries)


def test_program_summary(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:program", args=[cast.program.pk])
    assert_constant(login(cast.fasilitator), url, 15, cast, rounds, django_assert_num_queries)


def test_program_summary_for_the_manager(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:program", args=[cast.program.pk])
    # 17: the manager's view reads the consents and who was rated, to honour only consents that cannot
    # single out someone else (assessments.anonymity); the facilitator, who sees everyone, skips both
    assert_constant(login(cast.manajer), url, 17, cast, rounds, django_assert_num_queries)


def test_round_detail(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:round_detail", args=[rounds[1].pk])
    # 11 + the previous round and both rounds' health-check action plans (issue 15, item 11)
    # + the submitted health checks the facilitator may return (issue 16, item 4; named rounds only).
    assert_constant(login(cast.fasilitator), url, 14, cast, rounds, django_assert_num_queries)


def test_assess_form(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:assess", args=[rounds[1].pk, cast.staf_a.pk])
    assert_constant(login(cast.fasilitator), url, 13, cast, rounds, django_assert_num_queries)


def test_health_form(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:health_check", args=[rounds[1].pk])
    assert_constant(login(cast.lead_a), url, 13, cast, rounds, django_assert_num_queries)


def test_health_comparison(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:health_results", args=[cast.program.pk])
    grow(cast, rounds, people=2)  # three answers per round: the results (and the comments query) are shown
    assert_constant(login(cast.manajer), url, 12, cast, rounds, django_assert_num_queries)


def test_person_results(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk])
    assert_constant(login(cast.lead_a), url, 17, cast, rounds, django_assert_num_queries)


def test_organisation_results(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk])
    assert_constant(login(cast.fasilitator), url, 13, cast, rounds, django_assert_num_queries)


def test_plan_list(cast, login, rounds, django_assert_num_queries):
    url = reverse("assessments:plan_list", args=[cast.program.pk])
    assert_constant(login(cast.fasilitator), url, 10, cast, rounds, django_assert_num_queries)


def test_plan_detail(cast, login, rounds, django_assert_num_queries):
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    TrainingFactory(plan=plan)
    url = reverse("assessments:plan_detail", args=[plan.pk])
    client = login(cast.staf_a)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    TrainingFactory(plan=plan)
    TrainingFactory(plan=plan)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_suggestions_and_credentials(cast, login, rounds, django_assert_num_queries):
    client = login(cast.fasilitator)
    assert_constant(client, reverse("assessments:suggestions"), 8, cast, rounds, django_assert_num_queries)
    assert_constant(client, reverse("assessments:credentials"), 7, cast, rounds, django_assert_num_queries)


def test_program_page_panel(cast, login, rounds, django_assert_num_queries):
    from partners.panels import _PANELS

    context = _PANELS["assessments"].context

    class Request:
        user = cast.fasilitator

    cast.program.membership = Membership.objects.get(program=cast.program, user=cast.fasilitator)
    # five: the two averages, who was rated (anonymity), the latest round, the credentials
    with django_assert_num_queries(5):
        panel = context(Request(), cast.program)
    assert [c.title for c in panel["credentials"]] == ["Accredited Partnership Broker", "Mediasi"]
    assert panel["latest"]["round_date"] == rounds[1].held_on
    grow(cast, rounds, people=3)
    CredentialFactory(facilitator=cast.fasilitator, title="Tambahan")
    with django_assert_num_queries(5):
        context(Request(), cast.program)


def test_form_pages(cast, login, rounds, django_assert_num_queries):
    client = login(cast.fasilitator)
    assert_constant(
        client, reverse("assessments:round_create", args=[cast.program.pk]), 8, cast, rounds, django_assert_num_queries
    )
    assert_constant(
        client, reverse("assessments:plan_create", args=[cast.program.pk]), 10, cast, rounds, django_assert_num_queries
    )
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    assert_constant(
        client, reverse("assessments:training_create", args=[plan.pk]), 9, cast, rounds, django_assert_num_queries
    )
