"""Issue 13, item 8: an outcome's or output's target now lives on its indicators (results app), so a
recommendation to change an item's own target can no longer be applied. Open ones are withdrawn
with a note saying where the target is changed now; applied ones stay as the history they are."""

from django.db import migrations
from django.utils import timezone

NOTE = (
    "Ditarik otomatis: target capaian dan keluaran kini ditetapkan pada indikatornya (modul hasil). "
    "/ Withdrawn automatically: outcome and output targets are now set on their indicators (results)."
)


def forward(apps, schema_editor):
    Recommendation = apps.get_model("governance", "Recommendation")
    Recommendation.objects.filter(
        kind="target",
        target_field__in=["target_value", "target_text"],
        status__in=["proposed", "agreed", "objected"],
    ).update(status="withdrawn", closed_at=timezone.now(), apply_error=NOTE)


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_commitments")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
