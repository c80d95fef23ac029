# Issue 19: a result carries its indicator's program, so the dashboard's "results awaiting review"
# counts and queue read one partial index instead of joining every submitted result to its indicator
# (as roadmap 0010 did for progress reports).

import django.db.models.deletion
from django.db import migrations, models

# Plain SQL rather than RunPython: the fill needs the column this migration adds, and the test
# suite re-runs every RunPython with the state *before* its migration (conftest._reload_reference_data).
FILL_PROGRAM = """
UPDATE results_result
SET program_id = (SELECT i.program_id FROM results_indicator i WHERE i.id = results_result.indicator_id)
WHERE program_id IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("results", "0005_breakdown_region_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="result",
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
            model_name="result",
            name="program",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.program",
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                condition=models.Q(("state", "submitted")),
                fields=["program", "submitted_at"],
                name="result_program_waiting_idx",
            ),
        ),
    ]
