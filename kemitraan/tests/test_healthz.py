"""/healthz and manage.py check_health: the database, the broker, beat's last tick and the workers'
last heartbeat, each with its age. 503 only when the database is down; "degraded" (200) when only
the queue side is behind."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from kemitraan import health
from kemitraan.models import Heartbeat
from kemitraan.tasks import heartbeat

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def queue(settings, monkeypatch):
    """A deployment with a broker (REDIS_URL set) whose broker answers, unless a test says otherwise."""
    settings.REDIS_URL = "redis://broker.invalid:6379/0"
    monkeypatch.setattr(health, "broker_status", lambda: "ok")
    return monkeypatch


def beats(*, beat_age=None, worker_age=None):
    for name, age in ((Heartbeat.BEAT, beat_age), (Heartbeat.WORKER, worker_age)):
        if age is not None:
            Heartbeat.objects.create(name=name, at=NOW - datetime.timedelta(seconds=age))


def get(client):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("healthz"))


def test_all_well_reports_each_part_with_its_age(client, queue, django_assert_num_queries):
    beats(beat_age=30, worker_age=45)
    with django_assert_num_queries(2):  # SELECT 1, the heartbeats
        response = get(client)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "ok": True,
        "database": "ok",
        "broker": "ok",
        "beat": {"status": "ok", "last": "2026-11-29T11:59:30+00:00", "age_seconds": 30},
        "worker": {"status": "ok", "last": "2026-11-29T11:59:15+00:00", "age_seconds": 45},
    }


def test_worker_stopped_is_degraded_not_down(client, queue):
    beats(beat_age=20, worker_age=3600)  # beat ticks, but no worker has run the heartbeat for an hour
    response = get(client)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["ok"] is True
    assert body["worker"] == {"status": "late", "last": "2026-11-29T11:00:00+00:00", "age_seconds": 3600}
    assert body["beat"]["status"] == "ok"


def test_a_worker_that_never_ran_is_degraded(client, queue):
    beats(beat_age=20)
    body = get(client).json()
    assert body["status"] == "degraded"
    assert body["worker"] == {"status": "never", "last": None, "age_seconds": None}


def test_beat_stopped_is_degraded(client, queue):
    beats(beat_age=301, worker_age=10)
    body = get(client).json()
    assert (body["status"], body["beat"]["status"], body["worker"]["status"]) == ("degraded", "late", "ok")


def test_broker_down_is_degraded_and_answers_200(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"  # nothing listens here
    beats(beat_age=10, worker_age=10)
    response = get(client)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["broker"], body["database"]) == ("degraded", "down", "ok")


def test_database_down_answers_503(client, queue):
    class Broken:
        def cursor(self):
            raise health.DatabaseError("connection refused")

    queue.setattr(health, "connection", Broken())
    response = get(client)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["ok"], body["database"]) == ("down", False, "down")
    assert body["beat"] == body["worker"] == {"status": "unknown"}


def test_without_a_broker_tasks_run_in_process_and_all_is_ok(client, settings):
    settings.REDIS_URL = ""
    body = get(client).json()
    assert body == {
        "status": "ok",
        "ok": True,
        "database": "ok",
        "broker": "in-process",
        "beat": {"status": "in-process"},
        "worker": {"status": "in-process"},
    }


def test_healthz_needs_no_login_and_is_not_cached(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_heartbeat_task_records_the_worker_and_publishing_it_records_beat():
    with time_machine.travel(NOW, tick=False):
        heartbeat.delay()
        health.record_beat_tick(sender="kemitraan.tasks.heartbeat")
        health.record_beat_tick(sender="notifications.tasks.sweep_reminders")  # not a tick
    assert dict(Heartbeat.objects.values_list("name", "at")) == {"worker": NOW, "beat": NOW}
    later = NOW + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        heartbeat.delay()
    assert Heartbeat.objects.get(name="worker").at == later
    assert Heartbeat.objects.count() == 2


def test_beat_sends_the_heartbeat_every_minute():
    from django_celery_beat.models import PeriodicTask

    entry = PeriodicTask.objects.get(task="kemitraan.tasks.heartbeat")
    assert (entry.interval.every, entry.interval.period, entry.expire_seconds) == (60, "seconds", 120)


@pytest.mark.parametrize(
    ("beat_age", "worker_age", "code"), [(10, 10, 0), (10, 900, 1), (900, 10, 1)], ids=["ok", "worker", "beat"]
)
def test_check_health_exit_codes_for_cron(queue, capsys, beat_age, worker_age, code):
    beats(beat_age=beat_age, worker_age=worker_age)
    with time_machine.travel(NOW, tick=False):
        if code:
            with pytest.raises(SystemExit) as exit_info:
                call_command("check_health")
            assert exit_info.value.code == code
        else:
            call_command("check_health")
    assert '"status": ' in capsys.readouterr().out


def test_check_health_judges_one_component_for_a_container(queue):
    beats(beat_age=10, worker_age=900)
    with time_machine.travel(NOW, tick=False):
        call_command("check_health", "--component", "beat")  # exit 0
        with pytest.raises(SystemExit) as exit_info:
            call_command("check_health", "--component", "worker")
    assert exit_info.value.code == 2


def test_check_health_exits_2_when_the_database_server_is_down():
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(DATABASE_URL="postgres://postgres@127.0.0.1:1/kemitraan", DJANGO_ENV="development")
    result = subprocess.run(
        [sys.executable, "manage.py", "check_health"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert '"database": "down"' in result.stdout
