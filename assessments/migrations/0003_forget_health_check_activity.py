"""Health-check submissions no longer appear in the activity feed: the line named the respondent of an
anonymous health check (issue 12). The lines already written are removed, since they carry nothing
but who answered."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("partners", "Activity").objects.filter(kind="health_check_submitted").delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_framework_content"), ("partners", "0002_provinces")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
