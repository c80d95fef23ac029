"""Beat entry: every five minutes, publish again the exports that never reached the broker.

Idempotent like notifications' schedule: an existing row (possibly changed by an administrator)
is left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

NAME = "Ekspor tertunda: kirim ulang / requeue waiting exports"
TASK = "reports.tasks.requeue_stale_exports"


create_schedule, remove_schedule = crontab_entries([(NAME, TASK, {"minute": "*/5"})])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_export_private_file"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
