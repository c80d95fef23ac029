"""Beat entry: once a day, delete expired sessions (Django's clearsessions).

Idempotent like notifications' schedule: an existing row (possibly changed by an administrator)
is left alone.
"""

import json

from django.db import migrations
from django.utils import timezone

NAME = "Sesi kedaluwarsa: hapus harian / daily clearsessions"
TASK = "kemitraan.tasks.clear_expired_sessions"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Jakarta",
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=crontab, args=json.dumps([]), kwargs="{}")
    # Tell a running DatabaseScheduler to reload (what PeriodicTasks.update_changed does).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
