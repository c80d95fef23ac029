"""Two sweeps at once (two beat processes, or a duplicated task) send nothing twice.

Runs on real connections in threads; on PostgreSQL (CI) the claim's conditional UPDATE is what
keeps them apart. SQLite's in-memory test database cannot serve two writers, so it is skipped there.
"""

import itertools
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from notifications.models import Notification, Reminder
from notifications.reminders import HOLD, deliver_pending, run_sweep, send_claimed
from notifications.tests.conftest import NOW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL); CI runs it there"
    ),
]


def _in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_two_concurrent_sweeps_send_each_reminder_once(world):
    c = world.cast
    for day in range(-3, 4):
        world.milestone(day, responsible=c.lead_a if day % 2 else c.staf_a)
    mail.outbox = []

    for _ in range(3):
        _in_threads(2, lambda: run_sweep(NOW, batch_size=3))

    rows = Reminder.objects.count()
    assert rows > 0
    keys = Reminder.objects.values_list("user_id", "kind", "object_id", "period")
    assert len(set(keys)) == rows
    assert Notification.objects.count() == rows
    assert Reminder.objects.filter(emailed_at__isnull=False).count() == rows
    # One digest per person: staf_a, lead_a and the facilitator, each once.
    recipients = sorted(message.to[0].split("<")[-1].rstrip(">") for message in mail.outbox)
    assert recipients == sorted([c.staf_a.email, c.lead_a.email, c.fasilitator.email])


def test_duplicated_delivery_tasks_claim_disjoint_rows(world):
    c = world.cast
    for day in range(-5, 0):
        world.milestone(day)
    run_sweep(NOW, dry_run=False)
    sent_before = len(mail.outbox)
    Reminder.objects.update(sent_at=None, claim=None, notified=True, emailed_at=None)
    mail.outbox = []

    _in_threads(4, lambda: deliver_pending(NOW, user_ids=[c.staf_a.pk, c.fasilitator.pk]))

    assert sent_before == 2
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0


def test_two_workers_given_the_same_email_batch_send_it_once(world):
    c = world.cast
    for day in (-2, 1, 3):
        world.milestone(day)
    sweep = run_sweep(NOW, emails=HOLD)
    assert len(sweep.claims) == 1 and mail.outbox == []
    claim, user_ids = sweep.claims[0]

    # Two with the batch's people (as the sweep's task sends them), two with the token alone.
    turns = itertools.count()
    _in_threads(4, lambda: send_claimed(claim, NOW, user_ids if next(turns) % 2 else None))

    # staf_a's digest and the facilitator's, each once.
    recipients = sorted(message.to[0].split("<")[-1].rstrip(">") for message in mail.outbox)
    assert recipients == sorted([c.staf_a.email, c.fasilitator.email])
    assert Reminder.objects.filter(emailed_at__isnull=True).count() == 0
