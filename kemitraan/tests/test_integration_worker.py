"""A real Celery worker against a real Redis: a task published inside a request carries the
request id in its message headers, and the worker's JSON log line for that task has it; the
worker's heartbeat reaches the database that /healthz reads.

Redis DB `KEMITRAAN_TEST_REDIS_URL` (flushed first); skipped only when Redis is unreachable and CI
is not set (like notifications/tests/test_integration_celery.py).
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from kemitraan import observability

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("KEMITRAAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


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


def test_the_request_id_reaches_the_workers_log_and_the_heartbeat_the_database(redis_client, tmp_path):
    database = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kemitraan", "worker", "--pool=solo", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        token = observability._request_id.set("req-integration-0001")  # as RequestIdMiddleware does
        try:
            Celery(broker=REDIS_URL).send_task("kemitraan.tasks.heartbeat")
        finally:
            observability._request_id.reset(token)
        deadline = time.monotonic() + 120
        beats = []
        while time.monotonic() < deadline and not beats:
            assert worker.poll() is None, "the Celery worker exited early"
            time.sleep(0.5)
            try:
                with sqlite3.connect(database) as db:
                    beats = db.execute("SELECT name FROM kemitraan_heartbeat").fetchall()
            except sqlite3.OperationalError:  # locked while the worker writes
                beats = []
        time.sleep(1)
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)

    assert beats == [("worker",)], log[-3000:]
    records = []
    for line in log.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    (heartbeat,) = [r for r in records if r.get("message", "").startswith("worker heartbeat recorded")]
    assert heartbeat["request_id"] == "req-integration-0001"
    assert heartbeat["logger"] == "kemitraan.tasks"
