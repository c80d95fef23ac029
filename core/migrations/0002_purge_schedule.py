"""Purge claimed form tokens once a day (django-celery-beat, Asia/Jakarta).

Idempotent: an existing row (possibly changed by an administrator) is left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

NAME = "Token formulir: hapus yang kedaluwarsa / purge expired form tokens"
TASK = "core.tasks.purge_form_submissions"


create_schedule, remove_schedule = crontab_entries([(NAME, TASK, {"minute": "40", "hour": "2"})])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_form_submission"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
