"""Indonesia's official regions (issue 14, item 4): regencies/cities, districts and villages with
their Kemendagri codes; organisations get a regency, programs regencies, districts and villages.

The free-text regency of an organisation is kept as `regency_name`; `manage.py load_regions`
links it to the official regency where the name matches. The provinces of Papua are re-coded to
Kemendagri's codes (the list of 0002 used older BPS codes for some of them): the rows keep their
ids, so every foreign key to a province still points at the same province.
"""

import django.db.models.deletion
from django.db import migrations, models

# Kemendagri code of each province whose code in 0002 was not Kemendagri's (matched by name).
RECODE = {
    "Papua": "91",
    "Papua Barat": "92",
    "Papua Selatan": "93",
    "Papua Tengah": "94",
    "Papua Pegunungan": "95",
    "Papua Barat Daya": "96",
}
OLD = {
    "Papua": "94",
    "Papua Barat": "91",
    "Papua Selatan": "95",
    "Papua Tengah": "96",
    "Papua Pegunungan": "97",
    "Papua Barat Daya": "92",
}


def _recode(apps, codes):
    Province = apps.get_model("partners", "Province")
    rows = list(Province.objects.filter(name__in=codes))
    # Two steps: the codes are unique and the new ones are a permutation of the old.
    for i, province in enumerate(rows):
        Province.objects.filter(pk=province.pk).update(code=f"#{i}")
    for province in rows:
        Province.objects.filter(pk=province.pk).update(code=codes[province.name])


def recode(apps, schema_editor):
    _recode(apps, RECODE)


def undo_recode(apps, schema_editor):
    _recode(apps, OLD)


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_document_library")]

    operations = [
        migrations.RunPython(recode, undo_recode),
        migrations.CreateModel(
            name="Regency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=5, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="regencies",
                        to="partners.province",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "regency / city",
                "verbose_name_plural": "regencies / cities",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="District",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "regency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="districts",
                        to="partners.regency",
                        verbose_name="regency / city",
                    ),
                ),
            ],
            options={"verbose_name": "district", "verbose_name_plural": "districts", "ordering": ["code"]},
        ),
        migrations.CreateModel(
            name="Village",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=13, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="villages",
                        to="partners.district",
                        verbose_name="district",
                    ),
                ),
            ],
            options={"verbose_name": "village", "verbose_name_plural": "villages", "ordering": ["code"]},
        ),
        migrations.RenameField(model_name="organisation", old_name="regency", new_name="regency_name"),
        migrations.AlterField(
            model_name="organisation",
            name="regency_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="regency / city (as typed)"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="regency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="partners.regency",
                verbose_name="regency / city",
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="regencies",
            field=models.ManyToManyField(
                blank=True, related_name="programs", to="partners.regency", verbose_name="regencies / cities"
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="districts",
            field=models.ManyToManyField(
                blank=True, related_name="programs", to="partners.district", verbose_name="districts"
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="villages",
            field=models.ManyToManyField(
                blank=True, related_name="programs", to="partners.village", verbose_name="villages"
            ),
        ),
    ]
