"""Celery app configured from Django settings (cookiecutter-django style).

With no REDIS_URL set, settings turn on CELERY_TASK_ALWAYS_EAGER so the same
task code runs in-process and no broker is needed.
"""

import os

from celery import Celery
from celery.signals import task_prerun, worker_init
from django.utils import timezone

import kemitraan.observability  # noqa: F401  (connects the request-id signals in workers and beat)

# A worker or beat on a server is production unless told otherwise (`make worker` says development).
os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kemitraan.settings")

app = Celery("kemitraan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def preload_pdf_engine(**kwargs):
    """Import WeasyPrint and render one tiny PDF in the worker's main process, before the pool forks.

    Importing WeasyPrint costs about a second and its first render loads the fonts; paid here, every
    forked child inherits both, so even the first PDF job after a worker starts takes no longer
    than the next one (issue 19: "the worker preloads WeasyPrint"). KEMITRAAN_PRELOAD_PDF=0 skips
    it, for a worker that never builds PDFs (a dedicated reminders queue, say).
    """
    if os.environ.get("KEMITRAAN_PRELOAD_PDF", "1") == "0":
        return
    from weasyprint import HTML

    HTML(string="<p>Kemitraan</p>").write_pdf()


@task_prerun.connect
def site_time_zone(task=None, **kwargs):
    """Every task in a worker starts in the site's zone: a program's zone that an access check activated
    in the previous task of this process (partners.access.enter_program) does not carry over. A task
    run eagerly (no broker) runs inside the request, which keeps the zone of the page it serves."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    timezone.deactivate()
