"""Issue 15, item 12: a proposed change still waiting for answers reminds whoever speaks for each
partner that has not answered yet, once a week, in the same digests as every other reminder."""

import datetime
import zoneinfo

import pytest

from governance.models import Recommendation, RecommendationResponse
from governance.reminders import RECOMMENDATION_UNANSWERED, UNANSWERED_AFTER_DAYS, unanswered_recommendation_reminders
from governance.tests.factories import RecommendationFactory
from notifications.models import Reminder
from notifications.registry import reminder_kinds
from notifications.reminders import Sweep, run_sweep
from partners.models import Membership

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


def ledger():
    return sorted(
        Reminder.objects.filter(kind=RECOMMENDATION_UNANSWERED).values_list("user__username", "object_id", "period")
    )


@pytest.fixture
def proposed(cast, time_machine):
    """A recommendation proposed four days before NOW."""
    time_machine.move_to(NOW - datetime.timedelta(days=4), tick=False)
    rec = RecommendationFactory(program=cast.program, proposed_by=cast.fasilitator)
    time_machine.move_to(NOW, tick=False)
    return rec


def answer(rec, partner, user, verdict="agree"):
    RecommendationResponse.objects.create(recommendation=rec, partner=partner, user=user, verdict=verdict)


def test_only_partners_that_have_not_answered_are_reminded_once_a_week(cast, proposed):
    answer(proposed, cast.partner_a, cast.lead_a)
    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(hours=1))
    assert ledger() == [("lead_b", proposed.pk, "2026-W48")]

    run_sweep(NOW + datetime.timedelta(days=7))
    assert ledger() == [("lead_b", proposed.pk, "2026-W48"), ("lead_b", proposed.pk, "2026-W49")]


def test_a_partner_without_a_lead_is_reminded_through_its_designated_staff(cast, proposed):
    Membership.objects.filter(user=cast.lead_b).delete()
    Membership.objects.filter(user=cast.staf_b).update(is_representative=True)
    run_sweep(NOW)
    assert [row[0] for row in ledger()] == ["lead_a", "staf_b"]


def test_a_partner_with_nobody_to_answer_reminds_nobody_for_it(cast, proposed):
    Membership.objects.filter(partner=cast.partner_b).delete()
    run_sweep(NOW)
    assert [row[0] for row in ledger()] == ["lead_a"]


def test_fresh_objected_closed_and_finished_recommendations_are_not_reminded(cast, proposed, time_machine):
    time_machine.move_to(NOW - datetime.timedelta(days=UNANSWERED_AFTER_DAYS - 1), tick=False)
    RecommendationFactory(program=cast.program, proposed_by=cast.fasilitator)  # still in its grace period
    time_machine.move_to(NOW, tick=False)
    for status in (Recommendation.Status.APPLIED, Recommendation.Status.WITHDRAWN, Recommendation.Status.AGREED):
        Recommendation.objects.filter(pk=RecommendationFactory(program=cast.program).pk).update(
            created_at=NOW - datetime.timedelta(days=10), status=status
        )
    answer(proposed, cast.partner_a, cast.lead_a, verdict="object")
    Recommendation.objects.filter(pk=proposed.pk).update(status=Recommendation.Status.OBJECTED)
    run_sweep(NOW)
    assert ledger() == []


def test_a_closed_program_reminds_nobody(cast, proposed):
    cast.program.phase = "closed"
    cast.program.save()
    run_sweep(NOW)
    assert ledger() == []


def test_deactivated_leads_are_not_reminded(cast, proposed):
    cast.lead_b.is_active = False
    cast.lead_b.save()
    run_sweep(NOW)
    assert [row[0] for row in ledger()] == ["lead_a"]


def test_the_kind_is_in_the_digest_order():
    kinds = reminder_kinds()
    assert RECOMMENDATION_UNANSWERED in kinds
    assert kinds.index("action_item_overdue") > kinds.index(RECOMMENDATION_UNANSWERED)


@pytest.mark.parametrize("count", [2, 6])
def test_the_rule_reads_a_fixed_number_of_queries(cast, time_machine, django_assert_num_queries, count):
    time_machine.move_to(NOW - datetime.timedelta(days=5), tick=False)
    for _ in range(count):
        RecommendationFactory(program=cast.program, proposed_by=cast.fasilitator)
    time_machine.move_to(NOW, tick=False)
    sweep = Sweep(NOW)
    # recommendations, their answers, the programs' partners, their voices, the empty read that stops.
    with django_assert_num_queries(5):
        dues = [due for batch in unanswered_recommendation_reminders(sweep) for due in batch]
    assert len(dues) == 2 * count
