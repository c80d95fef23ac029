from celery.signals import before_task_publish
from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from kemitraan.middleware import start_session_clock


class KemitraanConfig(AppConfig):
    name = "kemitraan"
    verbose_name = "Kemitraan"

    def ready(self):
        user_logged_in.connect(start_session_clock, dispatch_uid="kemitraan.start_session_clock")
        # Beat publishing the heartbeat task is beat's tick (kemitraan/health.py).
        from kemitraan.health import record_beat_tick  # here: it imports models

        before_task_publish.connect(record_beat_tick, dispatch_uid="kemitraan.record_beat_tick")
