from django.db import transaction

from notifications.models import Notification


@transaction.atomic
def do_notify(users, kind, label="", message="", url=""):
    """Create one in-app notification per user. Emails are the reminders issue's job."""
    rows = [Notification(user=user, kind=kind, label=str(label)[:300], message=message, url=url) for user in users]
    return Notification.objects.bulk_create(rows)
