"""Beat entry: every day at 07:00 Jakarta, send the bulletins that are due (public.tasks.send_bulletins).

Idempotent: an existing row (possibly changed by an administrator) is left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

NAME = "Buletin kemitraan: kirim harian / daily bulletin sending"
TASK = "public.tasks.send_bulletins"


create_schedule, remove_schedule = crontab_entries([(NAME, TASK, {"minute": "0", "hour": "7"})])


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_bulletin"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
