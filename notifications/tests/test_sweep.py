"""The sweep over the registered rules: the registry contract with a rule of its own (no domain
data), then the whole sweep with every app's rules (dry run, query counts per batch). Each app's
rules are tested beside them: roadmap/, partners/ and assessments/tests/test_reminders.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import reminders as assessment_reminders
from notifications import registry
from notifications.emails import group_items
from notifications.models import Notification, Reminder
from notifications.registry import Due, register_reminder_rule
from notifications.reminders import Sweep, run_sweep
from notifications.tests.conftest import NOW, TODAY
from roadmap.reminders import DUE_SOON

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_rules(monkeypatch):
    """An empty registry for the test to fill: the sweep runs only the rules registered here."""
    monkeypatch.setattr(registry, "_RULES", {})
    return registry


@pytest.fixture
def people(cast):
    return sorted([cast.staf_a, cast.manajer, cast.fasilitator], key=lambda user: user.username)


def _tickets(people, *, kind="ticket_due", period="2026-11-30"):
    """A rule of this test: every person owes ticket 7 (due in five days)."""

    def finder(sweep):
        yield Due.for_people(
            [p.pk for p in people] + [None, people[0].pk],
            kind,
            "ticket",
            7,
            period,
            label="Tiket 7",
            url="/tiket/7/",
            due_date=TODAY + datetime.timedelta(days=5),
        )

    return finder


def test_a_registered_rule_is_recorded_once_per_person_and_delivered(own_rules, people, mailoutbox):
    register_reminder_rule("test.tickets", kinds={"ticket_due": "Ticket due"}, finder=_tickets(people))

    first = run_sweep(NOW)
    second = run_sweep(NOW + datetime.timedelta(hours=1))

    assert first.stats["ticket_due"] == 3 and second.stats["ticket_due"] == 0
    assert sorted(Reminder.objects.values_list("user__username", "kind", "object_type", "object_id", "period")) == [
        (p.username, "ticket_due", "ticket", 7, "2026-11-30") for p in people
    ]
    assert Notification.objects.filter(kind="ticket_due", label="Tiket 7").count() == 3
    assert len(mailoutbox) == 3
    assert registry.reminder_kinds() == ["ticket_due"]


def test_a_new_period_is_a_new_reminder(own_rules, people):
    register_reminder_rule("test.tickets", kinds={"ticket_due": "Ticket due"}, finder=_tickets(people))
    run_sweep(NOW)
    register_reminder_rule(
        "test.tickets", kinds={"ticket_due": "Ticket due"}, finder=_tickets(people, period="2026-12-07")
    )

    run_sweep(NOW)

    assert Reminder.objects.filter(period="2026-12-07").count() == 3
    assert len(registry.reminder_rules()) == 1  # registering a key again replaces the rule


def test_a_rule_may_record_only_the_kinds_it_declared(own_rules, people):
    register_reminder_rule("test.tickets", kinds={"ticket_late": "Ticket late"}, finder=_tickets(people))

    with pytest.raises(ValueError, match="ticket_due"):
        run_sweep(NOW)
    assert not Reminder.objects.exists()


def test_a_rule_must_declare_its_kinds(own_rules):
    with pytest.raises(ValueError):
        register_reminder_rule("test.nothing", kinds={}, finder=lambda sweep: iter(()))


def test_rules_run_and_digests_list_kinds_in_rule_order(own_rules, people):
    ran = []

    def finder(name):
        def run(sweep):
            ran.append(name)
            yield Due.for_people([people[0].pk], name, "ticket", len(ran), "p", label=name)

        return run

    register_reminder_rule("test.late", order=20, kinds={"late": "Late"}, finder=finder("late"))
    register_reminder_rule("test.early", order=10, kinds={"early": "Early"}, finder=finder("early"))

    run_sweep(NOW)

    assert ran == ["early", "late"]
    assert registry.reminder_kinds() == ["early", "late"]
    rows = list(Reminder.objects.order_by("-pk"))
    assert [label for label, _ in group_items(rows)] == ["Early", "Late"]


def test_a_batch_costs_one_set_based_insert_whatever_its_object_types(own_rules, people):
    def finder(sweep):
        batch = []
        for object_type in ("ticket", "invoice"):
            for object_id in range(5):
                batch += Due.for_people([p.pk for p in people], "ticket_due", object_type, object_id, "p")
        yield batch

    register_reminder_rule("test.tickets", kinds={"ticket_due": "Ticket due"}, finder=finder)
    sweep = Sweep(NOW)
    with CaptureQueriesContext(connection) as ctx:
        sweep.collect()
    # One INSERT ... ON CONFLICT DO NOTHING RETURNING: no read of the keys already there.
    assert len(ctx.captured_queries) == 1
    assert "ON CONFLICT DO NOTHING" in ctx.captured_queries[0]["sql"]
    assert Reminder.objects.count() == 30
    second = Sweep(NOW)
    with CaptureQueriesContext(connection) as again:
        assert second.collect()["ticket_due"] == 0  # the same keys again: nothing new, still one query
    assert len(again.captured_queries) == 1
    assert Reminder.objects.count() == 30


def test_dry_run_changes_nothing(world, mailoutbox):
    world.milestone(1)

    sweep = run_sweep(NOW, dry_run=True)

    assert [(r.user_id, r.kind) for r in sweep.would_send] == [(world.cast.staf_a.pk, DUE_SOON)]
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


@pytest.fixture
def no_assessments(monkeypatch):
    """No assessment round is open (the real rule would cost one query to find that out)."""
    monkeypatch.setattr(assessment_reminders, "pending_submissions", lambda now, **kwargs: iter(()))


def _sweep_queries(world, count, batch_size):
    c = world.cast
    for i in range(count):
        world.milestone(1 + i % 5, responsible=c.lead_a if i % 2 else c.staf_a)
        world.milestone(-1 - i % 5)
    with CaptureQueriesContext(connection) as ctx:
        Sweep(NOW, batch_size=batch_size).collect()
    return len(ctx.captured_queries)


# 9 for the road map, partners and governance rules, + 2 for results' (the reporting periods near their
# due date; the results waiting for review), + 1 for facilitation's overdue action items and 1 for expiring
# facilitator certificates (issue 15, item 12): none exist here, so each rule stops after one read.
# + 2 for emergency programs (issue 15, item 2): the settings adjuster reads the emergency programs
# once, the monthly health-check rule reads once.
# + 1 for governance's recommendations still waiting for answers (issue 15, item 12).
# + 1 for partners behind their commitment (governance, issue 14, item 5).
# + 1 for assessments' overdue health-check actions (issue 15, item 11).
# The ledger is written by one INSERT ... ON CONFLICT DO NOTHING per batch (issue 19), with no read of the
# keys already there.
BASE = 17
# On PostgreSQL the milestone rules run in SQL (issue 19): three INSERT ... SELECTs (due soon, overdue,
# stale) instead of reading the milestones, their recipients and inserting per batch.
POSTGRESQL = connection.vendor == "postgresql"
if POSTGRESQL:
    BASE = 17 - 5 + 3


@pytest.mark.parametrize("count", [3, 12])
def test_collecting_costs_a_fixed_number_of_queries_per_batch(world, count, no_assessments):
    # One batch holds everything: the count must not grow with the number of milestones.
    assert _sweep_queries(world, count, batch_size=1000) == BASE


def test_collecting_in_small_batches_adds_a_fixed_number_of_queries_per_batch(world, no_assessments):
    # 8 milestones in batches of 2 = 4 milestone batches (+1 empty read to stop). Each later batch
    # costs 2 queries (milestones, the ledger insert): the owner partner's staff and the
    # program's facilitators were read with the first batch and are cached for the sweep.
    queries = _sweep_queries(world, 4, batch_size=2)
    assert queries == (BASE if POSTGRESQL else BASE + 3 * 2)  # SQL rules read no batches at all
