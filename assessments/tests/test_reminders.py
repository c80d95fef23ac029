"""Assessments' reminder rule (assessments/reminders.py): unsubmitted self-assessments and health
checks whose round closes within a due-soon threshold."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from assessments import reminders
from assessments.models import FacilitatorCredential
from assessments.reminders import ASSESSMENT_PENDING, CREDENTIAL_EXPIRING
from assessments.tests.factories import RoundFactory, submitted_assessment, submitted_health_check
from notifications.models import Reminder
from notifications.reminders import Sweep, run_sweep

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture
def closing(cast, time_machine):
    """An open round of the cast's program closing in two days."""
    time_machine.move_to(NOW, tick=False)
    return RoundFactory(
        program=cast.program, held_on=TODAY - datetime.timedelta(days=10), closes_on=TODAY + datetime.timedelta(days=2)
    )


def test_people_who_have_not_submitted_are_reminded_once_before_the_round_closes(cast, closing):
    submitted_assessment(closing, cast.staf_a, cast.staf_a, 4)
    submitted_health_check(closing, cast.lead_a, 4)
    # Far from closing: not yet.
    RoundFactory(program=cast.program, held_on=TODAY, closes_on=TODAY + datetime.timedelta(days=30))

    run_sweep(NOW)
    run_sweep(NOW)

    period = f"{closing.closes_on.isoformat()}/7"
    rows = set(Reminder.objects.values_list("user__username", "kind", "object_type", "object_id", "period"))
    assert ("staf_a", ASSESSMENT_PENDING, "self_assessment", closing.pk, period) not in rows
    assert ("lead_a", ASSESSMENT_PENDING, "health_check", closing.pk, period) not in rows
    assert ("lead_a", ASSESSMENT_PENDING, "self_assessment", closing.pk, period) in rows
    assert ("lead_b", ASSESSMENT_PENDING, "health_check", closing.pk, period) in rows
    assert {row[3] for row in rows} == {closing.pk}
    assert Reminder.objects.count() == len(rows)  # the second sweep added nothing


def test_the_reminder_links_to_the_form_the_person_owes(cast, closing):
    run_sweep(NOW)

    self_row = Reminder.objects.get(user=cast.lead_b, object_type="self_assessment")
    health_row = Reminder.objects.get(user=cast.lead_b, object_type="health_check")
    assert self_row.url == reverse("assessments:assess", args=[closing.pk, cast.lead_b.pk])
    assert health_row.url == reverse("assessments:health_check", args=[closing.pk])
    assert (self_row.label, self_row.program_id, self_row.due_date) == (
        cast.program.name,
        cast.program.pk,
        closing.closes_on,
    )


def test_the_smallest_threshold_reached_names_the_period(cast, monkeypatch, time_machine):
    time_machine.move_to(NOW, tick=False)
    soon, far = TODAY + datetime.timedelta(days=1), TODAY + datetime.timedelta(days=20)
    first, second = RoundFactory(program=cast.program), RoundFactory(program=cast.program)
    monkeypatch.setattr(
        reminders,
        "pending_submissions",
        lambda now, **kwargs: iter(
            [
                (cast.staf_a.pk, first.pk, "self_assessment", soon),
                (cast.lead_a.pk, first.pk, "health_check", soon),
                (cast.staf_b.pk, second.pk, "health_check", far),
            ]
        ),
    )

    run_sweep(NOW)

    assert sorted(Reminder.objects.values_list("user__username", "object_type", "object_id", "period")) == [
        ("lead_a", "health_check", first.pk, f"{soon.isoformat()}/1"),
        ("staf_a", "self_assessment", first.pk, f"{soon.isoformat()}/1"),
    ]


def test_a_batch_of_both_kinds_costs_one_read_and_one_ledger_insert(cast, monkeypatch, django_assert_num_queries):
    closes = TODAY + datetime.timedelta(days=2)
    rounds = [RoundFactory(program=cast.program) for _ in range(3)]
    items = [(cast.staf_a.pk, r.pk, kind, closes) for r in rounds for kind in ("self_assessment", "health_check")]
    monkeypatch.setattr(reminders, "pending_submissions", lambda now, **kwargs: iter(items))
    sweep = Sweep(NOW)
    # rounds' programs, then one INSERT ... ON CONFLICT DO NOTHING for both object types (issue 19)
    with django_assert_num_queries(2):
        for batch in reminders.assessment_reminders(sweep):
            sweep.record(batch)
    assert Reminder.objects.count() == 6


# Issue 15, item 12: expiring facilitator certificates -------------------------------------------------


def test_a_certificate_expiring_within_30_days_reminds_its_facilitator_once(cast, time_machine):
    now = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    time_machine.move_to(now, tick=False)
    today = now.date()

    def credential(days, certified=True):
        return FacilitatorCredential.objects.create(
            facilitator=cast.fasilitator,
            title=f"Sertifikat {days}",
            provider="LSP",
            completed_on=today - datetime.timedelta(days=400),
            is_certified=certified,
            valid_until=today + datetime.timedelta(days=days),
        )

    soon = credential(10)
    credential(45)  # not yet
    credential(-1)  # already expired
    credential(5, certified=False)  # a training, not a certificate
    run_sweep(now)
    run_sweep(now + datetime.timedelta(days=1))
    rows = list(Reminder.objects.filter(kind=CREDENTIAL_EXPIRING).values_list("user__username", "object_id", "period"))
    assert rows == [("fasilitator", soon.pk, soon.valid_until.isoformat())]
