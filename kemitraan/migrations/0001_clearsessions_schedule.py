"""Beat entry: once a day, delete expired sessions (Django's clearsessions).

Idempotent like notifications' schedule: an existing row (possibly changed by an administrator)
is left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

NAME = "Sesi kedaluwarsa: hapus harian / daily clearsessions"
TASK = "kemitraan.tasks.clear_expired_sessions"


create_schedule, remove_schedule = crontab_entries([(NAME, TASK, {"minute": "15", "hour": "3"})])


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
