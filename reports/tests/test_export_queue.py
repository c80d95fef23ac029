"""Export jobs and the queue: requested with Redis refusing connections, they are saved and the
requester is told they will start later; the periodic requeue publishes every job that never
reached the queue, once; and reports/actions.py names the export task instead of importing it."""

import ast
import datetime
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from kemitraan.celery import app as celery_app
from reports import actions, tasks
from reports.models import ExportJob

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).resolve().parents[1]


def _reset_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_refuses():
    """The real Redis transport aimed at a port that is bound but not listening: connections are refused."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager = False
    conf.broker_url = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
    _reset_pools()
    yield
    conf.task_always_eager, conf.broker_url = saved
    _reset_pools()
    closed.close()


def _request_program_export(client, program):
    return client.post(reverse("reports:program_export_job", args=[program.pk]), {"kind": "milestones_csv"})


@pytest.mark.django_db(transaction=True)
def test_with_redis_refusing_an_export_is_saved_and_the_requester_told_it_will_start_later(
    cast, road, login, broker_refuses
):
    client = login(cast.manajer)

    started = time.monotonic()
    response = _request_program_export(client, cast.program)
    elapsed = time.monotonic() - started

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_detail", args=[job.pk])
    assert elapsed < 3
    assert job.status == ExportJob.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "Ekspor sudah disimpan, tetapi antrean tugas sedang tidak tersedia." in page
    assert "alert-warning" in page


@pytest.mark.django_db(transaction=True)
def test_with_the_queue_up_the_export_runs_and_no_warning_is_shown(cast, road, login):
    client = login(cast.manajer)  # the test settings run tasks in-process: the queue is "up"

    response = _request_program_export(client, cast.program)

    assert ExportJob.objects.get().status == ExportJob.Status.DONE
    assert "antrean tugas" not in client.get(response["Location"]).content.decode()


def _job(cast, *, age_minutes, status=ExportJob.Status.QUEUED):
    today = timezone.localdate()
    params = {
        "programs": [cast.program.pk],
        "language": "id",
        "start": (today - datetime.timedelta(days=400)).isoformat(),
        "end": (today + datetime.timedelta(days=400)).isoformat(),
    }
    job = ExportJob.objects.create(requested_by=cast.manajer, kind=ExportJob.Kind.MILESTONES_CSV, params=params)
    created = timezone.now() - datetime.timedelta(minutes=age_minutes)
    ExportJob.objects.filter(pk=job.pk).update(created_at=created, status=status)
    return job


def test_requeue_runs_jobs_that_never_reached_the_queue_once(cast, road):
    stranded = _job(cast, age_minutes=30)
    fresh = _job(cast, age_minutes=1)  # may still be on its way to a worker
    claimed = _job(cast, age_minutes=30, status=ExportJob.Status.RUNNING)

    assert tasks.requeue_stale_exports() == {"waiting": 1, "sent": 1}

    stranded.refresh_from_db()
    assert stranded.status == ExportJob.Status.DONE and stranded.row_count == 4
    finished = stranded.finished_at
    assert ExportJob.objects.get(pk=fresh.pk).status == ExportJob.Status.QUEUED
    assert ExportJob.objects.get(pk=claimed.pk).status == ExportJob.Status.RUNNING

    # Idempotent: a second run finds nothing, and a duplicate message for the job does nothing.
    assert tasks.requeue_stale_exports() == {"waiting": 0, "sent": 0}
    tasks.run_export(stranded.pk)
    assert ExportJob.objects.get(pk=stranded.pk).finished_at == finished


def test_requeue_stops_at_the_first_job_the_broker_does_not_take(cast, monkeypatch):
    jobs = [_job(cast, age_minutes=30 - n) for n in range(3)]
    calls = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, job_id: calls.append(job_id) or False)

    assert tasks.requeue_stale_exports() == {"waiting": 3, "sent": 0}

    assert calls == [jobs[0].pk]  # the oldest first; the rest wait for the next run
    assert set(ExportJob.objects.values_list("status", flat=True)) == {ExportJob.Status.QUEUED}


def test_requeue_with_redis_refusing_leaves_the_jobs_queued(cast, broker_refuses):
    job = _job(cast, age_minutes=30)

    assert tasks.requeue_stale_exports() == {"waiting": 1, "sent": 0}
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED


@pytest.mark.parametrize("stranded", [2, 6])
def test_requeue_reads_the_waiting_jobs_in_one_query(cast, monkeypatch, django_assert_num_queries, stranded):
    for n in range(stranded):
        _job(cast, age_minutes=30 + n)
    sent = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, job_id: sent.append(job_id) or True)

    # One UPDATE marks the jobs left running by a dead worker failed (issue 19), one SELECT reads the waiting ones.
    with django_assert_num_queries(2):
        tasks.requeue_stale_exports()

    assert len(sent) == stranded


def test_the_requeue_runs_every_five_minutes_from_the_beat_schedule():
    entry = PeriodicTask.objects.get(task="reports.tasks.requeue_stale_exports")
    assert entry.enabled and json.loads(entry.args) == []
    assert (entry.crontab.minute, entry.crontab.hour) == ("*/5", "*")
    assert celery_app.tasks[entry.task] is tasks.requeue_stale_exports._get_current_object()


def test_the_export_task_is_registered_under_the_name_the_action_publishes():
    assert tasks.run_export.name == actions.RUN_EXPORT_TASK
    assert celery_app.tasks[actions.RUN_EXPORT_TASK] is tasks.run_export._get_current_object()


def _imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):  # every import, at module level or hidden inside a function
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_actions_do_not_import_the_tasks_module():
    imported = set(_imported_modules(REPORTS / "actions.py"))
    assert not {name for name in imported if name.startswith("reports.tasks")}
    assert "reports.actions" in set(_imported_modules(REPORTS / "tasks.py"))


IN_PROCESS_PROBE = """
import sys
import reports.actions
from core.queue import _publisher
assert "reports.tasks" not in sys.modules, "reports.actions must not load reports.tasks"
publish = _publisher(reports.actions.RUN_EXPORT_TASK)
print("loaded" if "reports.tasks" in sys.modules else "missing", publish.__self__.name)
"""


def test_in_process_mode_finds_the_export_task_by_name_in_a_fresh_process():
    """`make run` has no broker: the named task is loaded by Celery's autodiscovery and run in-process."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "DJANGO_ENV"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", IN_PROCESS_PROBE],
        cwd=REPORTS.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["loaded", actions.RUN_EXPORT_TASK]
