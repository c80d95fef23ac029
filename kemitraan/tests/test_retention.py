"""Retention: each clean-up job, with frozen time, deletes what is old and keeps what is not."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone

from kemitraan.actions import do_purge_access_logs
from kemitraan.tasks import apply_retention
from notifications.actions import do_purge_read_notifications, do_purge_reminder_ledger
from notifications.models import Notification, Reminder
from reports.actions import do_purge_expired_exports
from reports.models import ExportJob
from roadmap.models import Revision

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def export(user, *, age_days, content=b"a,b\n1,2\n"):
    with time_machine.travel(days_ago(age_days), tick=False):
        job = ExportJob.objects.create(requested_by=user, kind=ExportJob.Kind.MILESTONES_CSV, status="done")
    job.file.save("milestones.csv", ContentFile(content), save=True)
    return job


def test_exports_older_than_seven_days_lose_row_and_file(cast, django_capture_on_commit_callbacks):
    old = export(cast.staf_a, age_days=8)
    edge = export(cast.staf_a, age_days=6)
    storage = old.file.storage
    old_name, edge_name = old.file.name, edge.file.name
    assert storage.exists(old_name)

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert do_purge_expired_exports() == 1

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [edge.pk]
    assert not storage.exists(old_name)
    assert storage.exists(edge_name)


def test_export_retention_is_a_setting(cast, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_RETENTION_DAYS = 30
    kept = export(cast.staf_a, age_days=8)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert do_purge_expired_exports() == 0
    assert ExportJob.objects.filter(pk=kept.pk).exists()


def test_a_missing_export_file_does_not_stop_the_purge(cast, django_capture_on_commit_callbacks):
    first, second = export(cast.staf_a, age_days=10), export(cast.staf_b, age_days=10)
    first.file.storage.delete(first.file.name)  # already gone (disk restored from an older backup)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert do_purge_expired_exports(batch_size=1) == 2
    assert not ExportJob.objects.exists()
    assert not second.file.storage.exists(second.file.name)


def notification(user, *, age_days, read):
    with time_machine.travel(days_ago(age_days), tick=False):
        return Notification.objects.create(
            user=user, kind="update_approved", label="x", read_at=timezone.now() if read else None
        )


def test_read_notifications_go_after_180_days_unread_ones_stay(cast):
    old_read = notification(cast.staf_a, age_days=181, read=True)
    old_unread = notification(cast.staf_a, age_days=400, read=False)
    recent_read = notification(cast.staf_a, age_days=179, read=True)
    with time_machine.travel(NOW, tick=False):
        assert do_purge_read_notifications(batch_size=1) == 1
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_unread.pk, recent_read.pk}
    assert old_read.pk not in remaining


def ledger_row(user, *, age_days, sent, object_id):
    created = days_ago(age_days)
    return Reminder.objects.create(
        user=user,
        kind="overdue",
        object_type="milestone",
        object_id=object_id,
        period=created.date().isoformat(),
        created_at=created,
        sent_at=created if sent else None,
    )


def test_handled_ledger_rows_go_after_a_year_the_delivery_queue_stays(cast):
    old_sent = ledger_row(cast.staf_a, age_days=366, sent=True, object_id=1)
    old_unsent = ledger_row(cast.staf_a, age_days=500, sent=False, object_id=2)
    recent_sent = ledger_row(cast.staf_a, age_days=300, sent=True, object_id=3)
    with time_machine.travel(NOW, tick=False):
        assert do_purge_reminder_ledger() == 1
        assert do_purge_reminder_ledger() == 0  # a second run finds nothing more
    remaining = set(Reminder.objects.values_list("pk", flat=True))
    assert remaining == {old_unsent.pk, recent_sent.pk}
    assert old_sent.pk not in remaining


def test_axes_login_records_go_after_90_days_current_lockouts_stay(cast):
    def at(age_days, model, **fields):
        with time_machine.travel(days_ago(age_days), tick=False):
            return model.objects.create(
                username="staf_a", ip_address="10.0.0.1", user_agent="x", http_accept="*/*", path_info="/", **fields
            )

    old_log, new_log = at(91, AccessLog), at(89, AccessLog)
    old_failure, new_failure = at(91, AccessFailureLog), at(10, AccessFailureLog)
    lockout = at(91, AccessAttempt, failures_since_start=5)
    with time_machine.travel(NOW, tick=False):
        assert do_purge_access_logs() == 2
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new_log.pk]
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [new_failure.pk]
    assert AccessAttempt.objects.filter(pk=lockout.pk).exists()
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()


def test_the_daily_job_runs_every_step_and_repeats_harmlessly(cast, django_capture_on_commit_callbacks):
    export(cast.staf_a, age_days=30)
    notification(cast.staf_a, age_days=365, read=True)
    ledger_row(cast.staf_a, age_days=400, sent=True, object_id=9)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = apply_retention.delay().get()
        second = apply_retention.delay().get()
    assert first == {"exports": 1, "read_notifications": 1, "reminder_ledger": 1, "access_logs": 0}
    assert second == {"exports": 0, "read_notifications": 0, "reminder_ledger": 0, "access_logs": 0}


def test_nothing_else_is_ever_cleaned(cast, django_capture_on_commit_callbacks):
    """Ten years on, the job has touched only its four kinds of rows: history (revisions,
    activity, assessments), people and programs keep every row."""
    from django.apps import apps

    notification(cast.staf_a, age_days=1, read=True)
    export(cast.staf_a, age_days=1)
    purged = {ExportJob, Notification, Reminder, AccessLog, AccessFailureLog}
    before = {model: model.objects.count() for model in apps.get_models() if model not in purged}
    with time_machine.travel(NOW + datetime.timedelta(days=3650), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            apply_retention.delay().get()
    after = {model: model.objects.count() for model in before}
    assert after == before
    assert before[Revision] == Revision.objects.count()
    assert not ExportJob.objects.exists() and not Notification.objects.exists()


def test_beat_runs_the_retention_job_daily():
    from django_celery_beat.models import PeriodicTask

    from kemitraan.celery import app

    task = PeriodicTask.objects.get(task="kemitraan.tasks.apply_retention")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "3", "*")
    app.loader.import_default_modules()
    assert "kemitraan.tasks.apply_retention" in app.tasks
