"""Beat entries: daily backup (kemitraan.tasks.run_backup) and retention clean-up (apply_retention).

Idempotent like notifications' schedule: an existing row (possibly changed by an administrator)
is left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

TASKS = [
    # name, task, crontab (minute, hour)
    ("Cadangan data: harian / daily backup", "kemitraan.tasks.run_backup", ("0", "2")),
    ("Retensi data: harian / daily retention clean-up", "kemitraan.tasks.apply_retention", ("30", "3")),
]


create_schedule, remove_schedule = crontab_entries(
    [(name, task, {"minute": minute, "hour": hour}) for name, task, (minute, hour) in TASKS]
)


class Migration(migrations.Migration):
    dependencies = [
        ("kemitraan", "0001_clearsessions_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
