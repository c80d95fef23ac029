"""Demo notifications and reminder settings (idempotent: natural keys + get_or_create).

The demo accounts open the app with a few unread notifications in the navbar. Reminder
emails are not sent here: run `python manage.py send_reminders --dry-run` to see what the
sweep would send for the demo road maps.
"""

from django.urls import reverse

from notifications import kinds
from notifications.models import Notification, Preference, ReminderSettings
from roadmap.models import Milestone


def _items(ctx):
    ntt = ctx["programs"][0]
    program_url = ntt.get_absolute_url()
    milestone = Milestone.objects.filter(program=ntt).order_by("due_date", "pk").first()
    title = milestone.title if milestone else ntt.name
    milestone_url = milestone.get_absolute_url() if milestone else program_url
    return [
        # username, kind, label, message, url
        ("fasilitator", "update_submitted", title, "Survei sudah dilakukan di 12 dari 20 desa.", milestone_url),
        ("fasilitator", kinds.ENDORSEMENT_MISSING, "Universitas Nusa Cendana", "", program_url),
        ("fasilitator", kinds.REVIEW_WAITING, title, "", reverse("roadmap:review_queue")),
        ("mitra_a", kinds.DUE_SOON, title, "", milestone_url),
        ("mitra_a", "update_returned", title, "Mohon lampirkan daftar hadir pelatihan.", milestone_url),
        ("pimpinan_a", kinds.OVERDUE, title, "", milestone_url),
        ("mitra_b", "update_approved", ntt.name, "Terima kasih, laporan lengkap.", program_url),
    ]


def seed(ctx):
    users = ctx["users"]
    for program in ctx["programs"]:
        ReminderSettings.objects.get_or_create(program=program)
    for username, kind, label, message, url in _items(ctx):
        user = users.get(username)
        if user is None:
            continue
        Notification.objects.get_or_create(
            user=user, kind=kind, label=label[:300], defaults={"message": message, "url": url}
        )
    # One person who prefers an email per item, to show the choice on the preferences page.
    if "mitra_b" in users:
        Preference.objects.get_or_create(user=users["mitra_b"], defaults={"email": Preference.Email.IMMEDIATE})
