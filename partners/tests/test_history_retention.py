"""History is never deleted by a cascade (issue 12, item 7): a person with history cannot be deleted,
so closed rounds keep their results; roadmap deletions of items with history are refused cleanly."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from assessments.actions import do_close_round
from assessments.selectors import health_comparison, program_summary
from assessments.tests.factories import RoundFactory, submitted_assessment, submitted_health_check
from governance.models import RecommendationResponse
from governance.tests.factories import RecommendationFactory
from partners.actions import record_activity
from partners.models import User
from partners.tests.factories import UserFactory
from roadmap.actions import do_add_comment
from roadmap.models import Milestone
from roadmap.tests.factories import MilestoneFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Messages are asserted in English (the source language)."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def closed_round(cast):
    round_ = RoundFactory(program=cast.program, health_anonymous=False)
    for person, value in [(cast.staf_a, 4), (cast.lead_a, 3), (cast.staf_b, 2), (cast.lead_b, 5)]:
        submitted_assessment(round_, person, person, value)
    for person, partner, value in [(cast.lead_a, cast.partner_a, 4), (cast.lead_b, cast.partner_b, 2)]:
        submitted_health_check(round_, person, value, partner=partner)
    return do_close_round(cast.fasilitator, round_)


def test_deleting_a_person_with_history_is_refused_and_closed_round_results_stay(cast, closed_round):
    summary, health = program_summary(cast.program, closed_round.pk), health_comparison(cast.program)
    for person in (cast.staf_a, cast.lead_b):
        with pytest.raises(ProtectedError):
            User.objects.get(pk=person.pk).delete()
    assert User.objects.filter(pk__in=[cast.staf_a.pk, cast.lead_b.pk]).count() == 2
    assert program_summary(cast.program, closed_round.pk) == summary
    assert health_comparison(cast.program) == health


@pytest.mark.parametrize(
    "make_history",
    [
        lambda cast, u: RecommendationResponse.objects.create(
            recommendation=RecommendationFactory(program=cast.program), user=u, verdict="agree"
        ),
        lambda cast, u: ProgressUpdateFactory(
            author=u, milestone=MilestoneFactory(output__outcome__program=cast.program)
        ),
        lambda cast, u: record_activity(cast.program, u, "program_updated", "x"),
    ],
    ids=["recommendation answer", "progress report", "activity"],
)
def test_any_history_protects_its_person(cast, make_history):
    person = UserFactory()
    make_history(cast, person)
    with pytest.raises(ProtectedError):
        person.delete()


def test_a_person_without_history_can_still_be_removed_by_an_operator(cast):
    person = UserFactory()
    person.delete()
    assert not User.objects.filter(pk=person.pk).exists()


def test_deleting_a_milestone_with_a_comment_is_refused_with_a_message(cast, login):
    milestone = MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_a)
    do_add_comment(cast.staf_a, milestone, "Mohon dicek.")
    url = reverse("roadmap:milestone_delete", args=[milestone.pk])
    response = login(cast.fasilitator).post(url, {"reason": "Salah input."})
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_milestone_added_by_mistake_is_still_deleted(cast, login):
    milestone = MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_a)
    url = reverse("roadmap:milestone_delete", args=[milestone.pk])
    response = login(cast.fasilitator).post(url, {"reason": "Salah input."})
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_the_results_of_people_whose_partner_left_stay_readable(cast, closed_round, login):
    from assessments.selectors import round_people
    from partners.actions import do_mark_partner_left

    do_mark_partner_left(cast.fasilitator, cast.partner_b, reason="Mandat berakhir.")
    client = login(cast.fasilitator)
    url = reverse("assessments:person_results", args=[cast.program.pk, cast.staf_b.pk])
    assert client.get(url).status_code == 200
    assert cast.staf_b in [p["membership"].user for p in round_people(closed_round, cast.fasilitator)["people"]]
    assert login(cast.staf_b).get(url).status_code == 404
