"""Redis down: web requests still save fast, and the next sweep sends what was missed."""

import time

import pytest
from django.utils import timezone

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


def test_enqueue_gives_up_quickly_and_logs(broker_down, caplog):
    started = time.monotonic()
    assert enqueue(deliver_reminders, [1]) is False
    assert time.monotonic() - started < 2
    assert "the next sweep will catch up" in caplog.text


def test_a_milestone_update_saves_within_two_seconds_and_the_email_goes_out_on_the_next_sweep(
    world, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.cast
    Preference.objects.create(user=c.staf_a, email=Preference.Email.IMMEDIATE)
    milestone = world.milestone(20, title="Survei data dasar")
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=c.staf_a, state="submitted", new_status="in_progress", progress=40,
        narrative="Survei di 10 desa selesai", submitted_at=timezone.now(),
    )  # fmt: skip

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_approve_update(c.fasilitator, update, "Bagus")
    elapsed = time.monotonic() - started

    assert len(callbacks) >= 1  # the enqueue ran after commit, and failed (broker down)
    assert elapsed < 2
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert (milestone.status, milestone.progress) == ("in_progress", 40)
    assert Notification.objects.filter(user=c.staf_a, kind="update_approved").count() == 1
    assert mailoutbox == []
    assert Reminder.objects.get(user=c.staf_a).sent_at is None

    run_sweep()

    (email,) = mailoutbox
    assert c.staf_a.email in email.to[0] and "Survei data dasar" in email.subject
    assert Notification.objects.filter(user=c.staf_a).count() == 1
