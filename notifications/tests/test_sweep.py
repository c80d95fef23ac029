"""The sweep's rules, called directly with frozen time (no Celery)."""

import datetime
import sys
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import kinds
from notifications.models import Notification, Reminder, ReminderSettings
from notifications.reminders import Sweep, run_sweep
from notifications.tests.conftest import NOW, TODAY
from partners.models import EndorsementStatus
from roadmap.models import MilestoneStatus, ProgressUpdate

pytestmark = pytest.mark.django_db


def ledger(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("user__username", "kind", "period"))


def test_due_soon_reaches_the_responsible_person_and_the_owner_staff(world):
    c = world.cast
    milestone = world.milestone(5, responsible=c.lead_a)

    run_sweep(NOW)

    due = (TODAY + datetime.timedelta(days=5)).isoformat()
    assert ledger(object_id=milestone.pk) == [
        ("lead_a", kinds.DUE_SOON, f"{due}/7"),
        ("staf_a", kinds.DUE_SOON, f"{due}/7"),
    ]


def test_due_soon_thresholds_remind_again_at_one_day_but_never_twice_per_threshold(world, time_machine):
    milestone = world.milestone(5)
    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(hours=1))
    assert Reminder.objects.filter(object_id=milestone.pk).count() == 1

    later = NOW + datetime.timedelta(days=4)
    time_machine.move_to(later, tick=False)
    run_sweep(later)

    periods = sorted(Reminder.objects.filter(object_id=milestone.pk).values_list("period", flat=True))
    due = milestone.due_date.isoformat()
    assert periods == [f"{due}/1", f"{due}/7"]


def test_nothing_is_reminded_outside_the_window_or_for_finished_work(world):
    world.milestone(20)
    world.milestone(2, status=MilestoneStatus.DONE)
    world.milestone(-3, status=MilestoneStatus.CANCELLED)

    sweep = run_sweep(NOW)

    assert Reminder.objects.count() == 0
    assert sweep.stats["milestones_scanned"] == 0


def test_overdue_goes_to_the_responsible_person_and_the_facilitator(world):
    milestone = world.milestone(-2, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW)

    run_sweep(NOW)

    assert ledger(object_id=milestone.pk) == [
        ("fasilitator", kinds.OVERDUE, milestone.due_date.isoformat()),
        ("staf_a", kinds.OVERDUE, milestone.due_date.isoformat()),
    ]


def test_stale_in_progress_milestone_reminds_the_responsible_person(world):
    stale = world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=20))
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=5))
    world.milestone(30, status=MilestoneStatus.PLANNED)

    run_sweep(NOW)

    since = (TODAY - datetime.timedelta(days=20)).isoformat()
    assert ledger() == [("staf_a", kinds.STALE, since)]
    assert Reminder.objects.get().object_id == stale.pk


def test_stale_without_any_report_counts_from_the_start_date(world):
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, responsible=None)

    run_sweep(NOW)

    # No responsible person: the owner partner's staff hear about it instead.
    assert ledger() == [("staf_a", kinds.STALE, (TODAY - datetime.timedelta(days=60)).isoformat())]


def test_reports_waiting_for_review_over_three_days_remind_the_facilitator(world):
    c = world.cast
    milestone = world.milestone(30)
    old = ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="submitted", new_status="in_progress", progress=40,
        narrative="Pelatihan selesai", submitted_at=NOW - datetime.timedelta(days=4),
    )  # fmt: skip
    ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="submitted", new_status="in_progress", progress=50,
        narrative="Baru dikirim", submitted_at=NOW - datetime.timedelta(days=1),
    )  # fmt: skip

    run_sweep(NOW)

    assert ledger() == [("fasilitator", kinds.REVIEW_WAITING, (TODAY - datetime.timedelta(days=4)).isoformat())]
    assert Reminder.objects.get().object_id == old.pk


def test_missing_endorsement_reminds_the_partner_lead_and_facilitator_once_a_week(world, time_machine):
    c = world.cast
    c.partner_b.endorsement_status = EndorsementStatus.REQUESTED
    c.partner_b.save()

    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(days=1))

    assert ledger() == [
        ("fasilitator", kinds.ENDORSEMENT_MISSING, "2026-W48"),
        ("lead_b", kinds.ENDORSEMENT_MISSING, "2026-W48"),
    ]
    next_week = NOW + datetime.timedelta(days=7)
    time_machine.move_to(next_week, tick=False)
    run_sweep(next_week)
    assert Reminder.objects.filter(period="2026-W49").count() == 2


def test_per_program_settings_change_the_thresholds(world):
    ReminderSettings.objects.create(program=world.cast.program, due_soon_days="3", stale_after_days=30)
    world.milestone(5)
    in_three = world.milestone(3)
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=20))

    run_sweep(NOW)

    assert list(Reminder.objects.values_list("object_id", "kind")) == [(in_three.pk, kinds.DUE_SOON)]


def test_dry_run_changes_nothing(world, mailoutbox):
    world.milestone(1)

    sweep = run_sweep(NOW, dry_run=True)

    assert [(r.user_id, r.kind) for r in sweep.would_send] == [(world.cast.staf_a.pk, kinds.DUE_SOON)]
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_assessment_pending_submissions_are_reminded_when_the_assessments_app_provides_them(world, monkeypatch):
    c = world.cast
    closes = TODAY + datetime.timedelta(days=2)
    module = types.ModuleType("assessments.selectors")
    module.pending_submissions = lambda now: [
        {"user_id": c.staf_a.pk, "object_id": 41, "closes_on": closes, "label": "Penilaian diri 2026", "url": "/a/41/"},
        {"user_id": c.lead_a.pk, "object_type": "health_check", "object_id": 7, "closes_on": closes, "label": "Cek"},
    ]
    monkeypatch.setitem(sys.modules, "assessments.selectors", module)

    run_sweep(NOW)
    run_sweep(NOW)

    assert sorted(Reminder.objects.values_list("user__username", "kind", "object_type", "period")) == [
        ("lead_a", kinds.ASSESSMENT_PENDING, "health_check", f"{closes.isoformat()}/7"),
        ("staf_a", kinds.ASSESSMENT_PENDING, "assessment", f"{closes.isoformat()}/7"),
    ]


def test_assessment_rounds_closing_soon_remind_people_who_have_not_submitted(world, monkeypatch):
    """The real contract: pending_submissions yields (user_id, round_id, kind, closes_on) tuples."""
    c = world.cast
    far = TODAY + datetime.timedelta(days=20)
    soon = TODAY + datetime.timedelta(days=1)
    module = types.ModuleType("assessments.selectors")
    module.pending_submissions = lambda now: iter(
        [
            (c.staf_a.pk, 5, "self_assessment", soon),
            (c.lead_a.pk, 5, "health_check", soon),
            (c.staf_b.pk, 6, "health_check", far),
        ]
    )
    monkeypatch.setitem(sys.modules, "assessments.selectors", module)

    run_sweep(NOW)

    assert sorted(Reminder.objects.values_list("user__username", "object_type", "object_id", "period")) == [
        ("lead_a", "health_check", 5, f"{soon.isoformat()}/1"),
        ("staf_a", "self_assessment", 5, f"{soon.isoformat()}/1"),
    ]


@pytest.fixture
def no_assessments(monkeypatch):
    module = types.ModuleType("assessments.selectors")
    module.pending_submissions = lambda now: iter(())
    monkeypatch.setitem(sys.modules, "assessments.selectors", module)


def _sweep_queries(world, count, batch_size):
    c = world.cast
    for i in range(count):
        world.milestone(1 + i % 5, responsible=c.lead_a if i % 2 else c.staf_a)
        world.milestone(-1 - i % 5)
    with CaptureQueriesContext(connection) as ctx:
        Sweep(NOW, batch_size=batch_size).collect()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("count", [3, 12])
def test_collecting_costs_a_fixed_number_of_queries_per_batch(world, count, no_assessments):
    # One batch holds everything: the count must not grow with the number of milestones.
    assert _sweep_queries(world, count, batch_size=1000) == 9


def test_collecting_in_small_batches_adds_a_fixed_number_of_queries_per_batch(world, no_assessments):
    # 8 milestones in batches of 2 = 4 milestone batches (+1 empty read to stop). Each later batch
    # costs 3 queries (milestones, existing ledger keys, insert): the owner partner's staff and the
    # program's facilitators were read with the first batch and are cached for the sweep.
    queries = _sweep_queries(world, 4, batch_size=2)
    assert queries == 9 + 3 * 3
