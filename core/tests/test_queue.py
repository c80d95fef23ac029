"""core.queue: one publish, a hard deadline, a bounded number of publishes in flight, tasks by name.

The real-broker versions of these promises (a silent Redis on a real socket) are in
tests/security/test_availability.py; here the publish itself is replaced to pin the mechanism.
"""

import threading
import time

import pytest
from celery import current_app as celery_app
from celery import shared_task

from core import queue

CALLS = []


@shared_task(name="core.tests.record")
def record(value):
    CALLS.append(value)
    return value


@pytest.fixture
def not_eager():
    """Publishing goes through the broker path (the publish itself is replaced in each test)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def blocked_publish(monkeypatch, not_eager):
    """Every publish hangs until the test releases it, like a Redis that never answers."""
    release = threading.Event()
    started = []

    def hang(**options):
        started.append(options)
        release.wait(10)

    monkeypatch.setattr(queue, "_publisher", lambda task: hang)
    monkeypatch.setattr(queue, "PUBLISH_DEADLINE", 0.3)
    yield started
    release.set()


def test_a_task_can_be_enqueued_by_name_and_runs_in_process():
    CALLS.clear()
    assert queue.enqueue("core.tests.record", 7) is True
    assert CALLS == [7]


def test_a_hanging_publish_is_abandoned_at_the_deadline(blocked_publish, caplog):
    started = time.monotonic()
    assert queue.enqueue("core.tests.record", 1) is False
    elapsed = time.monotonic() - started

    assert 0.3 <= elapsed < 1
    assert blocked_publish == [{"args": (1,), "countdown": None, "retry": False}]  # once, no retry loop
    assert "the next sweep will catch up" in caplog.text


def test_when_every_slot_is_held_by_a_hanging_publish_the_next_gives_up_at_once(blocked_publish, monkeypatch):
    monkeypatch.setattr(queue, "_in_flight", threading.BoundedSemaphore(2))
    assert queue.enqueue("core.tests.record", 1) is False
    assert queue.enqueue("core.tests.record", 2) is False

    started = time.monotonic()
    assert queue.enqueue("core.tests.record", 3) is False
    assert time.monotonic() - started < 0.1
    assert len(blocked_publish) == 2  # the third never started a thread


def test_a_broker_error_is_logged_and_reported_not_raised(monkeypatch, not_eager, caplog):
    def refuse(**options):
        raise ConnectionRefusedError("nobody listens")

    monkeypatch.setattr(queue, "_publisher", lambda task: refuse)
    assert queue.enqueue("core.tests.record", 1) is False
    assert "Could not enqueue core.tests.record" in caplog.text


@pytest.mark.django_db
def test_enqueue_on_commit_publishes_after_commit_and_tells_the_outcome(django_capture_on_commit_callbacks):
    CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = queue.enqueue_on_commit("core.tests.record", 5)
        assert result.sent is None and CALLS == []
    assert result.sent is True and CALLS == [5]


@pytest.mark.django_db
def test_enqueue_on_commit_publishes_nothing_for_a_rolled_back_write(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = queue.enqueue_on_commit("core.tests.record", 5)
    assert len(callbacks) == 1 and result.sent is None  # on_commit: nothing runs unless the write commits


def test_a_countdown_past_the_visibility_timeout_is_refused():
    with pytest.raises(ValueError):
        queue.enqueue_on_commit(record, 1, countdown=queue.max_countdown() + 1)
