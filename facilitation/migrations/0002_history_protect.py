import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _through(name, table, left, left_to, right, right_to):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (left, models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=left_to)),
            (right, models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=right_to)),
        ],
        options={"db_table": table, "unique_together": {(left, right)}},
    )


class Migration(migrations.Migration):
    """History is never deleted by a cascade. The three many-to-many join tables keep their
    tables and columns (state only); their rows now protect the person or partner they name."""

    dependencies = [
        ("facilitation", "0001_initial"),
        ("partners", "0005_partner_left_history_protect"),
        ("roadmap", "0005_history_protect"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                _through(
                    "MeetingAttendee",
                    "facilitation_meeting_attendees",
                    "meeting",
                    "facilitation.meeting",
                    "user",
                    settings.AUTH_USER_MODEL,
                ),
                _through(
                    "MeetingPartner",
                    "facilitation_meeting_attending_partners",
                    "meeting",
                    "facilitation.meeting",
                    "programpartner",
                    "partners.programpartner",
                ),
                _through(
                    "MediationParty",
                    "facilitation_mediationcase_parties",
                    "mediationcase",
                    "facilitation.mediationcase",
                    "programpartner",
                    "partners.programpartner",
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="attendees",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="meetings_attended",
                        through="facilitation.MeetingAttendee",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="people attending",
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="attending_partners",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="meetings_attended",
                        through="facilitation.MeetingPartner",
                        to="partners.programpartner",
                        verbose_name="organisations attending",
                    ),
                ),
                migrations.AlterField(
                    model_name="mediationcase",
                    name="parties",
                    field=models.ManyToManyField(
                        related_name="mediation_cases",
                        through="facilitation.MediationParty",
                        to="partners.programpartner",
                        verbose_name="parties",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="owner_partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_items",
                to="partners.programpartner",
                verbose_name="owner (partner)",
            ),
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="owner_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="facilitation_action_items",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner (person)",
            ),
        ),
        migrations.AlterField(
            model_name="mediationcase",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="mediationcase",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="mediation_cases", to="partners.program"
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="partners.program"
            ),
        ),
    ]
