# Issue 19: a progress report carries its milestone's program, so the dashboard's waiting-review
# counts and queue read one partial index instead of joining every submitted report.

import django.db.models.deletion
from django.db import migrations, models

# Plain SQL rather than RunPython: the fill needs the column this migration adds, and the test
# suite re-runs every RunPython with the state *before* its migration (conftest._reload_reference_data).
FILL_PROGRAM = """
UPDATE roadmap_progressupdate
SET program_id = (SELECT m.program_id FROM roadmap_milestone m WHERE m.id = roadmap_progressupdate.milestone_id)
WHERE program_id IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("roadmap", "0009_item_figures_moved_to_indicators"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="program",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.program",
            ),
        ),
        migrations.RunSQL(FILL_PROGRAM, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="progressupdate",
            name="program",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.program",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                condition=models.Q(("state", "submitted")),
                fields=["program", "submitted_at"],
                name="update_program_waiting_idx",
            ),
        ),
    ]
