"""Beat entry: every day at 07:00 Jakarta, send the bulletins that are due (public.tasks.send_bulletins).

Idempotent: an existing row (possibly changed by an administrator) is left alone.
"""

import json

from django.db import migrations
from django.utils import timezone

NAME = "Buletin kemitraan: kirim harian / daily bulletin sending"
TASK = "public.tasks.send_bulletins"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Jakarta"
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=crontab, args=json.dumps([]), kwargs="{}")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_bulletin"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
