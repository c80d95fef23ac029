"""What is done is not sent: one person's own part (issue 16, item 13), and reminders' in-app copies
carry what they are about, so finishing the work marks them read."""

import pytest

from notifications.actions import do_notify, do_resolve_notifications
from notifications.models import Notification, Reminder
from notifications.reminders import deliver_pending, run_sweep
from notifications.tests.conftest import NOW

pytestmark = pytest.mark.django_db


def emails_to(outbox, user):
    return [m for m in outbox if any(user.email in to for to in m.to)]


def test_a_person_who_did_their_own_part_gets_no_digest_about_it(world, mailoutbox):
    c = world.cast
    do_notify(
        [c.staf_a, c.staf_b], "assessment_round_opened", "Penilaian diri", "", "/assessments/", about=("round", 4242)
    )
    # staf_a submitted their own: only theirs is marked read; the round is still open for staf_b.
    do_resolve_notifications("round", 4242, users=[c.staf_a])
    deliver_pending(NOW)
    assert emails_to(mailoutbox, c.staf_a) == []
    assert len(emails_to(mailoutbox, c.staf_b)) == 1
    mine = Reminder.objects.get(user=c.staf_a, object_type="notification")
    assert mine.outcome == Reminder.Outcome.DROPPED


def test_a_reminder_in_the_app_is_marked_read_when_its_work_is_done(world):
    c = world.cast
    late = world.milestone(-3, title="Pelatihan kelompok usaha")
    run_sweep(NOW)
    reminder = Notification.objects.get(user=c.staf_a, object_type="milestone")
    assert (reminder.object_id, reminder.read_at) == (late.pk, None)
    do_resolve_notifications("milestone", late.pk)
    reminder.refresh_from_db()
    assert reminder.read_at is not None
