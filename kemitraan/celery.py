"""Celery app configured from Django settings (cookiecutter-django style).

With no REDIS_URL set, settings turn on CELERY_TASK_ALWAYS_EAGER so the same
task code runs in-process and no broker is needed.
"""

import os

from celery import Celery

import kemitraan.observability  # noqa: F401  (connects the request-id signals in workers and beat)

# A worker or beat on a server is production unless told otherwise (`make worker` says development).
os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kemitraan.settings")

app = Celery("kemitraan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
