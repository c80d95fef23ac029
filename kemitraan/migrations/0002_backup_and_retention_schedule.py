"""Beat entries: daily backup (kemitraan.tasks.run_backup) and retention clean-up (apply_retention).

Idempotent like notifications' schedule: an existing row (possibly changed by an administrator)
is left alone.
"""

import json

from django.db import migrations
from django.utils import timezone

TASKS = [
    # name, task, crontab (minute, hour)
    ("Cadangan data: harian / daily backup", "kemitraan.tasks.run_backup", ("0", "2")),
    ("Retensi data: harian / daily retention clean-up", "kemitraan.tasks.apply_retention", ("30", "3")),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = False
    for name, task, (minute, hour) in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Jakarta",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, args=json.dumps([]), kwargs="{}")
        changed = True
    if changed:
        # Tell a running DatabaseScheduler to reload (what PeriodicTasks.update_changed does).
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kemitraan", "0001_clearsessions_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
