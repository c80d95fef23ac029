"""A real Celery worker subprocess against a real Redis: a due milestone gives exactly one email.

The worker and this test share a throwaway SQLite file database (migrated and seeded in
subprocesses), Redis DB `KEMITRAAN_TEST_REDIS_URL` (default redis://127.0.0.1:6379/15, flushed
first) and the file email backend in a temporary folder. The sweep task is published twice and
the delivery task twice (duplicate messages): still one email.

Skipped only when Redis is unreachable and the CI environment variable is not set.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("KEMITRAAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def seed():
    """Runs in a subprocess against the worker's database: one milestone due tomorrow."""
    import datetime

    from django.utils import timezone

    from notifications.models import Preference
    from partners.models import Membership, Organisation, Program, ProgramPartner, Province, User
    from roadmap.models import Milestone, Outcome, Output

    today = timezone.localdate()
    org = Organisation.objects.create(
        name="Yayasan Integrasi", sector="civil_society", province=Province.objects.first()
    )
    program = Program.objects.create(
        name="Program Integrasi", goal="Uji", start_date=today - datetime.timedelta(days=30)
    )
    partner = ProgramPartner.objects.create(
        program=program, organisation=org, role="implementing", endorsement_status="endorsed"
    )
    staff = User.objects.create_user("staf_integrasi", "staf@example.org", "x", role="partner_staff", organisation=org)
    Preference.objects.create(user=staff, weekly_digest=False)
    Membership.objects.create(program=program, user=staff, role="partner_staff", partner=partner)
    output = Output.objects.create(
        outcome=Outcome.objects.create(program=program, statement="Capaian"), statement="Keluaran"
    )
    Milestone.objects.create(
        program=program, output=output, owner=partner, responsible=staff, title="Survei data dasar",
        start_date=today - datetime.timedelta(days=10), due_date=today + datetime.timedelta(days=1),
    )  # fmt: skip


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is unreachable in CI: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc}); set KEMITRAAN_TEST_REDIS_URL to run this test")
    client.flushdb()
    yield client
    client.flushdb()


def _run(args, env, timeout=300):
    result = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _outbox_messages(folder):
    return sum(
        path.read_text().count("\nSubject: ") + path.read_text().startswith("Subject: ") for path in folder.glob("*")
    )


def _wait_until_idle(redis_client, worker, timeout=120):
    """Until the queue is empty and nothing is unacknowledged (acks_late: ack after the task ran)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the Celery worker exited early"
        if redis_client.llen("celery") == 0 and not redis_client.hlen("unacked"):
            return
        time.sleep(0.5)
    raise AssertionError("the Celery worker did not finish the tasks in time")


def test_a_real_worker_sends_exactly_one_email_for_a_due_milestone(redis_client, tmp_path):
    from celery import Celery

    database = tmp_path / "worker.sqlite3"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kemitraan.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
        "EMAIL_FILE_PATH": str(outbox),
        "SITE_URL": "https://kemitraan.example.id",
        "PYTHONPATH": str(BASE_DIR),
    }
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    code = "import django; django.setup(); from notifications.tests.test_integration_celery import seed; seed()"
    _run([sys.executable, "-c", code], env)

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kemitraan", "worker", "--pool=solo", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        sender = Celery(broker=REDIS_URL)
        for _ in range(2):  # a duplicated beat tick
            sender.send_task("notifications.tasks.sweep_reminders")
        for _ in range(2):  # a duplicated delivery message
            sender.send_task("notifications.tasks.deliver_reminders", args=[[1, 2, 3]])
        time.sleep(1)
        _wait_until_idle(redis_client, worker)
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)

    # 2 sweeps + 2 deliveries + the one email batch the first sweep claimed and queued.
    assert log.count("succeeded") == 5, log[-4000:]
    assert log.count("notifications.tasks.send_reminder_emails") >= 2, log[-4000:]  # received, succeeded
    assert _outbox_messages(outbox) == 1, [p.read_text() for p in outbox.glob("*")]
    text = "".join(path.read_text() for path in outbox.glob("*"))
    assert "staf@example.org" in text and "Survei data dasar" in text
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT kind, emailed_at IS NOT NULL FROM notifications_reminder").fetchall()
    assert rows == [("due_soon", 1)]
