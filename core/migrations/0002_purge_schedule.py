"""Purge claimed form tokens once a day (django-celery-beat, Asia/Jakarta).

Idempotent: an existing row (possibly changed by an administrator) is left alone.
"""

import json

from django.db import migrations

NAME = "Token formulir: hapus yang kedaluwarsa / purge expired form tokens"
TASK = "core.tasks.purge_form_submissions"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Jakarta"
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=crontab, args=json.dumps([]), kwargs="{}")
    # Tell a running DatabaseScheduler to reload (what PeriodicTasks.update_changed does).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_form_submission"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
