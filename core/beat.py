"""Default beat entries, added by data migrations (django-celery-beat, Asia/Jakarta).

Every app that ships a periodic task adds it with one migration:

    from core.beat import crontab_entries
    forwards, backwards = crontab_entries([(NAME, "app.tasks.job", {"minute": "15", "hour": "3"})])
    operations = [migrations.RunPython(forwards, backwards)]

Idempotent: an entry that already exists (perhaps changed by an administrator) is left alone.
Only historical models (`apps.get_model`) are used, so old migrations keep working.
"""

from django.utils import timezone

TIME_ZONE = "Asia/Jakarta"


def crontab_entries(entries):
    """RunPython (forwards, backwards) for [(name, task, crontab fields)]; unset fields are "*"."""

    def forwards(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        changed = False
        for name, task, fields in entries:
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=fields.get("minute", "*"),
                hour=fields.get("hour", "*"),
                day_of_week=fields.get("day_of_week", "*"),
                day_of_month="*",
                month_of_year="*",
                timezone=TIME_ZONE,
            )
            PeriodicTask.objects.create(name=name, task=task, crontab=crontab, args="[]", kwargs="{}")
            changed = True
        if changed:
            # Tell a running DatabaseScheduler to reload (what PeriodicTasks.update_changed does).
            PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})

    def backwards(apps, schema_editor):
        names = [name for name, _, _ in entries]
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()

    return forwards, backwards
