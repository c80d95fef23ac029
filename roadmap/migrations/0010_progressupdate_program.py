# Issue 19: a progress report carries its milestone's program, so the dashboard's waiting-review
# counts and queue read one partial index instead of joining every submitted report.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_program(apps, schema_editor):
    ProgressUpdate = apps.get_model("roadmap", "ProgressUpdate")
    Milestone = apps.get_model("roadmap", "Milestone")
    program = Milestone.objects.filter(pk=OuterRef("milestone_id")).values("program_id")[:1]
    ProgressUpdate.objects.filter(program__isnull=True).update(program_id=Subquery(program))


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
        migrations.RunPython(fill_program, migrations.RunPython.noop),
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
