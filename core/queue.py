"""Publishing Celery tasks from web requests and actions without ever blocking or failing them.

Every app enqueues through `enqueue_on_commit`: the task is published only after the
surrounding transaction commits, once (no retry loop), and a broker outage is logged,
never raised. Whatever was not published is found again by the periodic sweeps, which
derive their work from the database.

A Redis that accepts connections but never answers must not hold a web request either.
The socket timeouts in settings (CELERY_BROKER_TRANSPORT_OPTIONS) end such a call after a
second or two, and on top of them every publish has a hard deadline (PUBLISH_DEADLINE):
it runs in a short-lived thread, and the caller stops waiting for it at the deadline.

A task can be named instead of imported (`enqueue_on_commit("reports.tasks.run_export", pk)`),
so an action module never has to import the tasks module that calls it back.
"""

import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The longest a caller waits for one publish, in seconds (a web request's whole budget is about 2 s).
PUBLISH_DEADLINE = 2.0
# At most this many publishes may be in flight at once in one process; when a sick broker holds
# them all, further publishes give up at once instead of piling up threads.
MAX_PUBLISHES_IN_FLIGHT = 8
_in_flight = threading.BoundedSemaphore(MAX_PUBLISHES_IN_FLIGHT)


class Enqueued:
    """What became of one `enqueue_on_commit`: `sent` is None until the publish was tried
    (after commit), then True, or False when the broker could not take it in time."""

    __slots__ = ("name", "sent")

    def __init__(self, name):
        self.name = name
        self.sent = None

    def __repr__(self):
        return f"<Enqueued {self.name} sent={self.sent}>"


def max_countdown():
    """Seconds a message may wait in Redis before a worker takes it: below the visibility timeout."""
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - 60


def task_name(task):
    return task if isinstance(task, str) else task.name


def _publisher(task):
    """The `apply_async`-like callable for a task object or a registered task name."""
    if not isinstance(task, str):
        return task.apply_async
    app = current_app
    if app.conf.task_always_eager:
        # In-process mode runs the task here, so it must be loaded: Celery's autodiscovery
        # imports every app's tasks module (what a worker does when it starts).
        if task not in app.tasks:
            app.loader.import_default_modules()
        return app.tasks[task].apply_async
    return lambda **options: app.send_task(task, **options)


def enqueue(task, *args, countdown=None):
    """Publish a task (object or name) once; True if the broker took it within the deadline.

    Never raises for a broker outage: it is logged and False is returned. A countdown at or
    above the Redis visibility timeout would make Redis hand the message to a second worker
    while the first still waits for it, so it is refused outright.
    """
    if countdown is not None and countdown > max_countdown():
        raise ValueError(f"countdown {countdown}s exceeds the broker visibility timeout; use the sweep instead")
    name = task_name(task)
    options = {"args": args, "countdown": countdown, "retry": False}
    if current_app.conf.task_always_eager:
        # No broker: the task runs here, in-process; a failing task is logged like an outage.
        try:
            _publisher(task)(**options)
            return True
        except Exception:
            logger.warning("Could not run %s in-process; the next sweep will catch up.", name, exc_info=True)
            return False
    return _publish_within_deadline(name, _publisher(task), options)


def _publish_within_deadline(name, publish, options):
    slots = _in_flight
    if not slots.acquire(blocking=False):
        logger.warning("Could not enqueue %s: the broker is not answering; the next sweep will catch up.", name)
        return False
    outcome = {}
    finished = threading.Event()

    def run():
        try:
            publish(**options)
            outcome["sent"] = True
        except Exception:
            logger.warning("Could not enqueue %s; the next sweep will catch up.", name, exc_info=True)
            outcome["sent"] = False
        finally:
            slots.release()
            finished.set()

    threading.Thread(target=run, name=f"enqueue:{name}", daemon=True).start()
    if not finished.wait(PUBLISH_DEADLINE):
        logger.warning(
            "Could not enqueue %s within %.1f s (the broker is not answering); the next sweep will catch up.",
            name,
            PUBLISH_DEADLINE,
        )
        return False
    return outcome["sent"]


def enqueue_on_commit(task, *args, countdown=None):
    """Enqueue after the surrounding transaction commits (never for a rolled-back write).

    Returns an `Enqueued` whose `sent` tells, once the transaction has committed, whether the
    broker took the message (a view can then tell the user the work will start later).
    """
    if countdown is not None and countdown > max_countdown():
        raise ValueError(f"countdown {countdown}s exceeds the broker visibility timeout; use the sweep instead")
    result = Enqueued(task_name(task))

    def publish():
        result.sent = enqueue(task, *args, countdown=countdown)

    transaction.on_commit(publish)
    return result


def broker_status():
    """'in-process' when there is no broker, else 'ok' or 'down', answered within a second or two."""
    url = settings.REDIS_URL
    if not url:
        return "in-process"
    try:
        # Here, not at the top: only deployments with REDIS_URL need redis (~0.5 s to import).
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=options["socket_connect_timeout"],
            socket_timeout=options["socket_timeout"],
            retry=Retry(NoBackoff(), 0),
        )
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported not raised
        logger.warning("healthz: broker unreachable: %s", exc)
        return "down"
