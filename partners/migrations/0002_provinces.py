"""Indonesia's 38 provinces (Kemendagri codes) as reference data."""

from django.db import migrations

PROVINCES = [
    ("11", "Aceh"),
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"),
    ("31", "DKI Jakarta"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"),
    ("35", "Jawa Timur"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"),
    ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"),
    ("76", "Sulawesi Barat"),
    ("81", "Maluku"),
    ("82", "Maluku Utara"),
    ("91", "Papua Barat"),
    ("92", "Papua Barat Daya"),
    ("94", "Papua"),
    ("95", "Papua Selatan"),
    ("96", "Papua Tengah"),
    ("97", "Papua Pegunungan"),
]


def load(apps, schema_editor):
    Province = apps.get_model("partners", "Province")
    for code, name in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("partners", "Province").objects.filter(code__in=[c for c, _ in PROVINCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
