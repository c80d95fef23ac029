"""Demo reminder settings and preferences (idempotent: natural keys + get_or_create).

The sample notifications the demo accounts find in their navbar are seeded by the apps whose
kinds they are (roadmap/demo.py). Reminder emails are not sent here: run
`python manage.py send_reminders --dry-run` to see what the sweep would send for the demo road maps.
"""

from notifications.models import Preference, ReminderSettings


def seed(ctx):
    users = ctx["users"]
    for program in ctx["programs"]:
        ReminderSettings.objects.get_or_create(program=program)
    # One person who prefers an email per item, to show the choice on the preferences page.
    if "mitra_b" in users:
        Preference.objects.get_or_create(user=users["mitra_b"], defaults={"email": Preference.Email.IMMEDIATE})
