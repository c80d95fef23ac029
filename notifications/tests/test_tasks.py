"""Celery tasks (run eagerly here), the weekly digest, the command and the beat schedule."""

import datetime

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from core import queue
from notifications import kinds, tasks
from notifications.models import DigestRun, Notification, Preference, Reminder
from notifications.reminders import HOLD, catch_up_weekly_digest, run_sweep, send_weekly_digest
from notifications.tests.conftest import JAKARTA, NOW
from roadmap.reminders import DUE_SOON

pytestmark = pytest.mark.django_db

MONDAY_0700 = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=JAKARTA)


def test_the_default_beat_schedule_is_in_the_database_in_jakarta_time():
    sweep = PeriodicTask.objects.get(task="notifications.tasks.sweep_reminders")
    digest = PeriodicTask.objects.get(task="notifications.tasks.send_weekly_digest")
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.crontab.day_of_week) == ("5", "*", "*")
    assert (digest.crontab.minute, digest.crontab.hour, digest.crontab.day_of_week) == ("0", "7", "1")
    assert str(sweep.crontab.timezone) == str(digest.crontab.timezone) == "Asia/Jakarta"
    assert sweep.enabled and digest.enabled


def test_the_sweep_task_runs_in_process_without_a_broker(
    world, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    world.milestone(1)

    # The sweep claims; the batch's emails go out from their own task, published after the commit.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stats = tasks.sweep_reminders.delay().get()

    assert stats[DUE_SOON] == 1 and stats["email_batches_queued"] == 1
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert Reminder.objects.get().outcome == Reminder.Outcome.EMAILED


def test_a_duplicated_email_task_sends_nothing_twice(world, mailoutbox, eager_celery):
    world.milestone(1)
    world.milestone(-2)
    sweep = run_sweep(NOW, emails=HOLD)
    assert mailoutbox == [] and len(sweep.claims) == 1
    claim, user_ids = str(sweep.claims[0][0]), sweep.claims[0][1]

    first = tasks.send_reminder_emails.delay(claim, NOW.isoformat(), user_ids).get()
    second = tasks.send_reminder_emails.delay(claim, NOW.isoformat(), user_ids).get()

    assert first == {"emails": 2} and second == {}  # staf_a's digest and the facilitator's
    assert len(mailoutbox) == 2
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {Reminder.Outcome.EMAILED}


def test_the_deliver_task_is_idempotent(world, mailoutbox, eager_celery):
    world.milestone(1)
    from notifications.reminders import Sweep

    Sweep(NOW).collect()
    user_ids = [world.cast.staf_a.pk]
    tasks.deliver_reminders.delay(user_ids)
    tasks.deliver_reminders.delay(user_ids)

    assert len(mailoutbox) == 1


def test_send_reminders_command_and_its_dry_run(world, mailoutbox, capsys):
    world.milestone(1, title="Survei data dasar")

    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "Survei data dasar" in out and "1 new reminders for 1 people" in out
    assert "not yet sent (would go out too): 0" in out
    assert Reminder.objects.count() == 0 and mailoutbox == []

    call_command("send_reminders")
    assert "due_soon=1" in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_weekly_digest_goes_once_per_person_per_week(world, mailoutbox, time_machine):
    c = world.cast
    world.milestone(1, title="Survei data dasar")
    call_command("send_reminders")
    Preference.objects.create(user=c.lead_b, weekly_digest=False)
    Notification.objects.create(user=c.lead_b, kind="update_approved", label="x")
    mailoutbox.clear()
    time_machine.move_to(MONDAY_0700, tick=False)

    send_weekly_digest(MONDAY_0700)
    send_weekly_digest(MONDAY_0700 + datetime.timedelta(minutes=5))
    catch_up_weekly_digest(MONDAY_0700 + datetime.timedelta(hours=1))

    (digest,) = mailoutbox  # staf_a only: lead_b opted out; others had nothing
    assert c.staf_a.email in digest.to[0]
    assert "Survei data dasar" in digest.body
    assert "1 notifikasi yang belum dibaca" in digest.body
    assert digest.alternatives[0][1] == "text/html"
    assert Reminder.objects.get(kind=kinds.WEEKLY_DIGEST).period == "2026-W49"


def test_the_hourly_sweep_catches_up_a_missed_weekly_digest(world, mailoutbox, eager_celery, time_machine):
    world.milestone(1)
    call_command("send_reminders")
    mailoutbox.clear()
    before = MONDAY_0700 - datetime.timedelta(minutes=1)
    assert catch_up_weekly_digest(before) == {}
    assert not DigestRun.objects.exists()

    tuesday = MONDAY_0700 + datetime.timedelta(days=1)
    time_machine.move_to(tuesday, tick=False)
    stats = tasks.sweep_reminders.delay().get()

    # staf_a and the facilitator: the milestone fell overdue meanwhile, so both had reminders.
    assert stats["weekly_emails"] == 2
    assert DigestRun.objects.get().finished_at is not None
    assert tasks.sweep_reminders.delay().get().get("weekly_emails", 0) == 0


def test_a_digest_more_than_two_days_late_is_skipped():
    assert catch_up_weekly_digest(MONDAY_0700 + datetime.timedelta(hours=49)) == {}
    assert not DigestRun.objects.exists()


def test_no_countdown_may_outlive_the_redis_visibility_timeout(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    with pytest.raises(ValueError, match="visibility timeout"):
        queue.enqueue(tasks.deliver_reminders, [1], countdown=3600)
    assert queue.max_countdown() == 3540
