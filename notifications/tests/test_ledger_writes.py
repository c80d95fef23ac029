"""The ledger and the notifications have no database foreign keys (issue 19: the sweep writes them in
bulk, and a per-row foreign-key trigger cost seconds at national scale). Deletes still cascade."""

import pytest

from notifications.actions import do_notify
from notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db


def test_deleting_a_person_or_a_program_still_deletes_their_notifications_and_ledger_rows(cast):
    """The ledger and notifications have no database foreign keys (the sweep writes them in bulk):
    Django's collector does the CASCADE."""
    from partners.models import Program
    from partners.tests.factories import ProgramFactory

    other = ProgramFactory()
    do_notify([cast.staf_a, cast.staf_b], "update_returned", "Survei", "", "/roadmap/", program=other)
    Reminder.objects.filter(user=cast.staf_b).update(program=other)
    assert Notification.objects.filter(user=cast.staf_a).count() == 1
    cast.staf_a.delete()
    assert not Notification.objects.filter(user_id=cast.staf_a.pk).exists()
    assert not Reminder.objects.filter(user_id=cast.staf_a.pk).exists()
    assert Reminder.objects.filter(user=cast.staf_b, program=other).count() == 1
    Program.objects.filter(pk=other.pk).delete()
    assert not Reminder.objects.filter(program_id=other.pk).exists()
