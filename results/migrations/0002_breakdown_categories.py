"""Reference data: the breakdowns Indonesian poverty programs are judged by (administrators may add more).

Names are stored in English and translated on display (results/breakdowns.py lists the msgids).
Locations (regency, district, village) have no global options: each program adds its own.
"""

from django.db import migrations

CATEGORIES = [
    ("sex", "Sex", [("female", "Female"), ("male", "Male")]),
    (
        "age",
        "Age group",
        [("0-17", "0–17 years"), ("18-29", "18–29 years"), ("30-59", "30–59 years"), ("60-plus", "60 years and over")],
    ),
    ("disability", "Disability", [("with-disability", "With a disability"), ("without-disability", "Without a disability")]),
    ("decile", "Welfare decile", [(f"decile-{n}", f"Decile {n}") for n in range(1, 11)]),
    ("regency", "Regency / city", []),
    ("district", "District", []),
    ("village", "Village", []),
]


def load(apps, schema_editor):
    Category = apps.get_model("results", "BreakdownCategory")
    Option = apps.get_model("results", "BreakdownOption")
    for order, (code, name, options) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for position, (option_code, option_name) in enumerate(options, start=1):
            Option.objects.get_or_create(
                category=category, program=None, code=option_code, defaults={"name": option_name, "order": position}
            )


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
