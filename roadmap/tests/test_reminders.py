"""The road map's reminder rules (roadmap/reminders.py), run through the sweep with frozen time."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.db import connection

from notifications.models import Reminder, ReminderSettings
from notifications.registry import Due
from notifications.reminders import run_sweep
from roadmap.models import MilestoneStatus, ProgressUpdate
from roadmap.reminders import DUE_SOON, OVERDUE, REVIEW_WAITING, STALE
from roadmap.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory

pytestmark = pytest.mark.django_db

# A Wednesday, 09:00 in Jakarta.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture
def world(cast, time_machine):
    """The cast's program with a road map: partner A owns the milestones, staf_a is responsible."""
    time_machine.move_to(NOW, tick=False)
    output = OutputFactory(outcome=OutcomeFactory(program=cast.program))

    def milestone(due_in, **extra):
        extra.setdefault("responsible", cast.staf_a)
        return MilestoneFactory(
            program=cast.program,
            output=output,
            owner=cast.partner_a,
            start_date=TODAY - datetime.timedelta(days=60),
            due_date=TODAY + datetime.timedelta(days=due_in),
            **extra,
        )

    return SimpleNamespace(cast=cast, milestone=milestone)


def ledger(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("user__username", "kind", "period"))


def test_due_soon_reaches_the_responsible_person_and_the_owner_staff(world):
    c = world.cast
    milestone = world.milestone(5, responsible=c.lead_a)

    run_sweep(NOW)

    due = (TODAY + datetime.timedelta(days=5)).isoformat()
    assert ledger(object_id=milestone.pk) == [
        ("lead_a", DUE_SOON, f"{due}/7"),
        ("staf_a", DUE_SOON, f"{due}/7"),
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
        ("fasilitator", OVERDUE, milestone.due_date.isoformat()),
        ("staf_a", OVERDUE, milestone.due_date.isoformat()),
    ]


def test_stale_in_progress_milestone_reminds_the_responsible_person(world):
    stale = world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=20))
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=5))
    world.milestone(30, status=MilestoneStatus.PLANNED)

    run_sweep(NOW)

    since = (TODAY - datetime.timedelta(days=20)).isoformat()
    assert ledger() == [("staf_a", STALE, since)]
    assert Reminder.objects.get().object_id == stale.pk


def test_stale_counts_calendar_days_like_the_pages(world):
    """A report approved 14 days ago at 20:00 is stale this morning at 09:00 (docs/definitions.md):
    the sweep's SQL once compared instants (now - 14 days), missing it until 20:00."""
    evening = NOW.replace(hour=20) - datetime.timedelta(days=14)
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=evening)
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=evening + datetime.timedelta(days=1))

    run_sweep(NOW)

    assert ledger() == [("staf_a", STALE, evening.date().isoformat())]


def test_stale_without_any_report_counts_from_the_start_date(world):
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, responsible=None)

    run_sweep(NOW)

    # No responsible person: the owner partner's staff hear about it instead.
    assert ledger() == [("staf_a", STALE, (TODAY - datetime.timedelta(days=60)).isoformat())]


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

    assert ledger() == [("fasilitator", REVIEW_WAITING, (TODAY - datetime.timedelta(days=4)).isoformat())]
    assert Reminder.objects.get().object_id == old.pk


def test_per_program_settings_change_the_thresholds(world):
    ReminderSettings.objects.create(program=world.cast.program, due_soon_days="3", stale_after_days=30)
    world.milestone(5)
    in_three = world.milestone(3)
    world.milestone(30, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=20))

    run_sweep(NOW)

    assert list(Reminder.objects.values_list("object_id", "kind")) == [(in_three.pk, DUE_SOON)]


# Issue 16, item 13: notifications name the program, do not repeat each other, and are re-checked
# when they are delivered.


def test_a_report_submitted_and_waiting_is_told_once_and_names_the_program(world, mailoutbox):
    from roadmap.actions import do_submit_update

    c = world.cast
    milestone = world.milestone(30)
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="draft", new_status="in_progress", progress=40, narrative="x"
    )
    do_submit_update(c.staf_a, update)  # the "report submitted" notification (digest: not emailed yet)
    ProgressUpdate.objects.filter(pk=update.pk).update(submitted_at=NOW - datetime.timedelta(days=4))
    run_sweep(NOW)  # ... and the "waiting for review" reminder, in the same digest
    to_facilitator = [m for m in mailoutbox if c.fasilitator.email in " ".join(m.to)]
    assert len(to_facilitator) == 1
    body = to_facilitator[0].body
    assert body.count(milestone.title) == 1
    assert c.program.name in body
    outcomes = sorted(Reminder.objects.filter(user=c.fasilitator).values_list("kind", "outcome"))
    assert outcomes == [("review_waiting", "dropped"), ("update_submitted", "emailed")]


def test_a_report_reviewed_before_the_digest_is_dropped_and_its_notification_is_done(world, mailoutbox):
    from notifications.models import Notification
    from roadmap.actions import do_approve_update, do_submit_update

    c = world.cast
    milestone = world.milestone(30)
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="draft", new_status="in_progress", progress=40, narrative="x"
    )
    do_submit_update(c.staf_a, update)
    ProgressUpdate.objects.filter(pk=update.pk).update(submitted_at=NOW - datetime.timedelta(days=4))
    waiting = Notification.objects.get(user=c.fasilitator, kind="update_submitted")
    assert waiting.read_at is None and c.program.name in waiting.label
    update.refresh_from_db()
    do_approve_update(c.fasilitator, update)
    waiting.refresh_from_db()
    assert waiting.read_at is not None  # no longer "new": the review is done
    run_sweep(NOW)
    assert not [m for m in mailoutbox if c.fasilitator.email in " ".join(m.to)]
    assert set(Reminder.objects.filter(user=c.fasilitator).values_list("outcome", flat=True)) == {"dropped"}


def test_a_closed_milestone_is_not_reminded_at_delivery(world, mailoutbox):
    from notifications.reminders import Sweep, deliver_pending

    milestone = world.milestone(1)
    sweep = Sweep(NOW)
    sweep.collect()  # recorded while it was open ...
    milestone.status = MilestoneStatus.DONE
    milestone.progress = 100
    milestone.save()
    deliver_pending(NOW)  # ... delivered after it was done
    assert not mailoutbox
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {"dropped"}


# Issue 19: the rules run in SQL on PostgreSQL, each on its program's own date (issue 16, item 16).


def test_a_program_in_wit_has_its_own_today(world):
    from partners.models import Program

    late_evening = datetime.datetime(2026, 11, 25, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    due_today_in_jakarta = world.milestone(0)
    run_sweep(late_evening)
    assert ledger(object_id=due_today_in_jakarta.pk) == [("staf_a", DUE_SOON, f"{TODAY.isoformat()}/1")]

    Reminder.objects.all().delete()
    Program.objects.filter(pk=world.cast.program.pk).update(time_zone="Asia/Jayapura")  # already 01:30 tomorrow
    run_sweep(late_evening)
    assert ledger(object_id=due_today_in_jakarta.pk) == [
        ("fasilitator", OVERDUE, TODAY.isoformat()),
        ("staf_a", OVERDUE, TODAY.isoformat()),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL rules are PostgreSQL's")
def test_the_sql_rules_find_exactly_what_the_python_rules_find(world, cast):
    from notifications.reminders import Sweep
    from partners.models import Program
    from roadmap.reminders import _milestone_python, _milestone_sql

    c = world.cast
    for day in (-55, -30, -2, -1, 0, 1, 3, 5, 7, 8, 20):
        world.milestone(day)
        world.milestone(day, responsible=None, status=MilestoneStatus.BLOCKED)
        world.milestone(day, responsible=c.lead_a, status=MilestoneStatus.IN_PROGRESS, last_progress_at=None)
        world.milestone(
            day, status=MilestoneStatus.IN_PROGRESS, last_progress_at=NOW - datetime.timedelta(days=abs(day) + 5)
        )
        world.milestone(day, status=MilestoneStatus.DONE)
    elsewhere = MilestoneFactory(due_date=TODAY - datetime.timedelta(days=1), responsible=c.staf_b)
    Program.objects.filter(pk=elsewhere.program_id).update(time_zone="Asia/Jayapura", is_emergency=True)
    ReminderSettings.objects.create(program=c.program, due_soon_days="5,2", stale_after_days=10)

    for now in (NOW, NOW.replace(hour=23, minute=30)):
        sweep = Sweep(now)
        python_rows = {due for batch in _milestone_python(sweep) for due in batch}
        sql_rows = set()
        with connection.cursor() as cursor:
            for select in _milestone_sql(sweep):
                cursor.execute(select.sql, select.params)
                sql_rows |= {Due(*row) for row in cursor.fetchall() if row[0]}
        assert {row.kind for row in python_rows} == {DUE_SOON, OVERDUE, STALE}
        assert sql_rows == python_rows
