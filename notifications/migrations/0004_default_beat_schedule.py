"""Default periodic tasks for django-celery-beat (Asia/Jakarta).

Idempotent: existing rows (possibly changed by an administrator) are left alone.
"""

from django.db import migrations

from core.beat import crontab_entries

TASKS = [
    # name, task, crontab (minute, hour, day_of_week)
    ("Pengingat: sweep setiap jam / hourly reminder sweep", "notifications.tasks.sweep_reminders", ("5", "*", "*")),
    ("Ringkasan mingguan / weekly digest", "notifications.tasks.send_weekly_digest", ("0", "7", "1")),
]


create_schedule, remove_schedule = crontab_entries(
    [
        (name, task, {"minute": minute, "hour": hour, "day_of_week": day_of_week})
        for name, task, (minute, hour, day_of_week) in TASKS
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_digestrun_preference_reminder_remindersettings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
