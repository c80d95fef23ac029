"""Redis down: web requests still save fast, and the next sweep sends what was missed.

No wall-clock assertions (a loaded machine makes them flaky): the tests check instead that the
caller only ever waits for a publish with the bounded deadline (core.queue.PUBLISH_DEADLINE), and
the timings live in docs/operations.md.
"""

import threading
import types

import pytest
from django.utils import timezone

from core import queue
from core.queue import enqueue
from kemitraan.celery import app as celery_app
from notifications.models import Notification, Preference, Reminder
from notifications.reminders import run_sweep
from notifications.tasks import deliver_reminders
from roadmap.actions import do_approve_update
from roadmap.models import Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db


def _reset_pools():
    """Drop the cached connection and producer pools so the next publish uses the new broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """A real Redis transport pointed at a port nobody listens on."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_pools()
    yield
    conf.task_always_eager, conf.broker_url = saved
    _reset_pools()


@pytest.fixture
def waits(monkeypatch):
    """Every timeout the enqueueing caller waits with (threading.Event.wait in core.queue)."""
    seen = []

    class RecordingEvent(threading.Event):
        def wait(self, timeout=None):
            seen.append(timeout)
            return super().wait(timeout)

    # Only core.queue sees the recording Event (the global threading module is left alone).
    proxy = types.SimpleNamespace(
        **{name: getattr(threading, name) for name in dir(threading) if not name.startswith("__")}
    )
    proxy.Event = RecordingEvent
    monkeypatch.setattr(queue, "threading", proxy)
    return seen


def test_enqueue_gives_up_quickly_and_logs(broker_down, caplog, waits):
    assert enqueue(deliver_reminders, [1]) is False
    # The caller waited once, and never without a bound: at most PUBLISH_DEADLINE seconds.
    assert waits == [queue.PUBLISH_DEADLINE] and queue.PUBLISH_DEADLINE <= 2
    assert "the next sweep will catch up" in caplog.text


def test_a_milestone_update_saves_with_the_broker_down_and_the_email_goes_out_on_the_next_sweep(
    world, broker_down, mailoutbox, django_capture_on_commit_callbacks, waits
):
    c = world.cast
    Preference.objects.create(user=c.staf_a, email=Preference.Email.IMMEDIATE)
    milestone = world.milestone(20, title="Survei data dasar")
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="submitted", new_status="in_progress", progress=40,
        narrative="Survei di 10 desa selesai", submitted_at=timezone.now(),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_approve_update(c.fasilitator, update, "Bagus")

    assert len(callbacks) >= 1  # the enqueue ran after commit, and failed (broker down)
    # The request waited for the broker only with the bounded deadline, never open-ended.
    assert waits and all(timeout == queue.PUBLISH_DEADLINE for timeout in waits)
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert (milestone.status, milestone.progress) == ("in_progress", 40)
    assert Notification.objects.filter(user=c.staf_a, kind="update_approved").count() == 1
    assert mailoutbox == []
    assert Reminder.objects.get(user=c.staf_a).sent_at is None

    run_sweep()

    (email,) = mailoutbox
    assert c.staf_a.email in email.to[0] and "Survei data dasar" in email.subject
    assert Notification.objects.filter(user=c.staf_a).count() == 1
