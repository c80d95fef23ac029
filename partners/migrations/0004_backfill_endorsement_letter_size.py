"""Backfill ProgramPartner.endorsement_letter_size from the stored files (the quota sums the column)."""

from django.db import migrations


def backfill(apps, schema_editor):
    ProgramPartner = apps.get_model("partners", "ProgramPartner")
    storage = ProgramPartner._meta.get_field("endorsement_letter").storage
    rows = ProgramPartner.objects.filter(endorsement_letter_size=0).exclude(endorsement_letter="")
    changed = []
    for pk, name in list(rows.values_list("pk", "endorsement_letter")):
        try:
            size = storage.size(name)
        except OSError:  # the file is gone: it takes no space
            continue
        changed.append(ProgramPartner(pk=pk, endorsement_letter_size=size))
    ProgramPartner.objects.bulk_update(changed, ["endorsement_letter_size"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_storage_quota")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
