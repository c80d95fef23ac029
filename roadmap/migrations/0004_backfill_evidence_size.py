"""Backfill Evidence.size from the stored files where it was never set (the quota sums the column)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Evidence = apps.get_model("roadmap", "Evidence")
    storage = Evidence._meta.get_field("file").storage
    changed = []
    for pk, name in list(Evidence.objects.filter(size=0).exclude(file="").values_list("pk", "file")):
        try:
            size = storage.size(name)
        except OSError:  # the file is gone: it takes no space
            continue
        changed.append(Evidence(pk=pk, size=size))
    Evidence.objects.bulk_update(changed, ["size"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0003_evidence_private_file")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
