import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.actions import do_propose_recommendation, do_respond_to_recommendation, do_save_sustainability_plan
from governance.tests.factories import RecognitionFactory, RecommendationFactory
from partners.tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

TEXT = {"title": "Ke tahap peninjauan", "rationale": "r", "alternatives": "a"}


def program_page(cast):
    return reverse("partners:program_detail", args=[cast.program.pk])


def test_facilitator_sees_panels_with_change_phase_link(cast, scoping, login):
    body = login(cast.fasilitator).get(program_page(cast)).content.decode()
    for key in ("agreement", "recommendations", "sustainability", "recognition"):
        assert f'data-panel="governance-{key}"' in body
    assert reverse("governance:change_phase", args=[cast.program.pk]) in body
    assert 'data-gate="not-met"' in body


def test_staff_sees_no_change_phase_link(cast, login):
    body = login(cast.staf_a).get(program_page(cast)).content.decode()
    assert 'data-panel="governance-agreement"' in body
    assert reverse("governance:change_phase", args=[cast.program.pk]) not in body


def test_lead_sees_recommendations_awaiting_their_answer_only(cast, login):
    rec = do_propose_recommendation(cast.fasilitator, cast.program, kind="phase", new_phase="reviewing", **TEXT)
    response = login(cast.lead_a).get(program_page(cast))
    panels = {p.template: p.context for p in response.context["panels"]}
    assert [r.pk for r in panels["governance/_panel_recommendations.html"]["awaiting"]] == [rec.pk]
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    response = login(cast.lead_a).get(program_page(cast))
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["governance/_panel_recommendations.html"]["awaiting"] == []


def _grow(cast, n):
    for _ in range(n):
        RecommendationFactory(program=cast.program, status="proposed")
        RecommendationFactory(program=cast.program, status="objected")
        RecognitionFactory(program=cast.program, partner=cast.partner_a)
        ContributionFactory(partner=cast.partner_b)


@pytest.mark.parametrize("who", ["lead_a", "fasilitator"])
def test_program_page_governance_queries_are_constant(
    cast, scoping, login, full_agreement, django_assert_num_queries, who
):
    do_save_sustainability_plan(cast.fasilitator, cast.program, path="carried_on", carrying_partner=cast.partner_a)
    client = login(getattr(cast, who))
    _grow(cast, 2)
    with CaptureQueriesContext(connection) as first:
        client.get(program_page(cast))
    _grow(cast, 6)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(program_page(cast))


def test_facilitator_sees_objected_recommendations_needing_a_decision(cast, login):
    rec = do_propose_recommendation(cast.fasilitator, cast.program, kind="phase", new_phase="reviewing", **TEXT)
    do_respond_to_recommendation(cast.lead_b, rec, verdict="object", comment="Belum waktunya.")
    response = login(cast.fasilitator).get(program_page(cast))
    panels = {p.template: p.context for p in response.context["panels"]}
    assert [r.pk for r in panels["governance/_panel_recommendations.html"]["needs_decision"]] == [rec.pk]
    response = login(cast.manajer).get(program_page(cast))
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["governance/_panel_recommendations.html"]["needs_decision"] == []
