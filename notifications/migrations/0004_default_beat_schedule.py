"""Default periodic tasks for django-celery-beat (Asia/Jakarta).

Idempotent: existing rows (possibly changed by an administrator) are left alone.
"""

import json

from django.db import migrations

TASKS = [
    # name, task, crontab (minute, hour, day_of_week)
    ("Pengingat: sweep setiap jam / hourly reminder sweep", "notifications.tasks.sweep_reminders", ("5", "*", "*")),
    ("Ringkasan mingguan / weekly digest", "notifications.tasks.send_weekly_digest", ("0", "7", "1")),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = False
    for name, task, (minute, hour, day_of_week) in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Jakarta",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, args=json.dumps([]), kwargs="{}")
        changed = True
    if changed:
        # Tell a running DatabaseScheduler to reload (what PeriodicTasks.update_changed does).
        from django.utils import timezone

        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_digestrun_preference_reminder_remindersettings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
