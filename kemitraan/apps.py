from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from kemitraan.middleware import start_session_clock


class KemitraanConfig(AppConfig):
    name = "kemitraan"
    verbose_name = "Kemitraan"

    def ready(self):
        user_logged_in.connect(start_session_clock, dispatch_uid="kemitraan.start_session_clock")
