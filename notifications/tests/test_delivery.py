"""Delivery: one email per person per run, in their language, exactly once."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.actions import do_notify
from notifications.emails import clean_header
from notifications.models import Notification, Preference, Reminder
from notifications.reminders import Sweep, deliver_pending, run_sweep
from notifications.tests.conftest import NOW
from roadmap.models import MilestoneStatus
from roadmap.reminders import OVERDUE

pytestmark = pytest.mark.django_db


def emails_to(outbox, user):
    return [m for m in outbox if any(user.email in to for to in m.to)]


def test_a_person_gets_one_digest_email_gathering_all_their_items(world, mailoutbox, settings):
    settings.SITE_URL = "https://kemitraan.example.id"
    c = world.cast
    soon = world.milestone(1, title="Survei data dasar")
    late = world.milestone(-3, title="Pelatihan kelompok usaha")

    run_sweep(NOW)

    mine = emails_to(mailoutbox, c.staf_a)
    assert len(mine) == 1
    body = mine[0].body
    assert "Survei data dasar" in body and "Pelatihan kelompok usaha" in body
    html, mimetype = mine[0].alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://kemitraan.example.id{soon.get_absolute_url()}"' in html
    assert "https://kemitraan.example.id" in body
    # The facilitator hears only about the overdue one.
    facilitator_mail = emails_to(mailoutbox, c.fasilitator)
    assert len(facilitator_mail) == 1
    assert "Pelatihan kelompok usaha" in facilitator_mail[0].body
    assert "Survei data dasar" not in facilitator_mail[0].body
    assert Reminder.objects.filter(object_id=late.pk, emailed_at__isnull=False).count() == 2


def test_each_email_is_in_the_persons_language(world, mailoutbox):
    c = world.cast
    c.staf_a.language = "en"
    c.staf_a.save()
    c.fasilitator.language = "id"
    c.fasilitator.save()
    world.milestone(-1)
    world.milestone(-2)

    run_sweep(NOW)

    (english,) = emails_to(mailoutbox, c.staf_a)
    (indonesian,) = emails_to(mailoutbox, c.fasilitator)
    assert english.subject == "Kemitraan: 2 reminders"
    assert "Milestone overdue" in english.body
    assert indonesian.subject == "Kemitraan: 2 pengingat"
    assert "Tonggak capaian terlambat" in indonesian.body


def test_immediate_preference_sends_one_email_per_item(world, mailoutbox):
    c = world.cast
    Preference.objects.create(user=c.staf_a, email=Preference.Email.IMMEDIATE)
    world.milestone(1)
    world.milestone(-1)

    run_sweep(NOW)

    assert len(emails_to(mailoutbox, c.staf_a)) == 2


def test_email_off_and_muted_kinds_stay_in_the_app(world, mailoutbox):
    c = world.cast
    Preference.objects.create(user=c.staf_a, email=Preference.Email.OFF)
    Preference.objects.create(user=c.fasilitator, muted_kinds=[OVERDUE])
    world.milestone(-1)

    run_sweep(NOW)

    assert mailoutbox == []
    assert Notification.unread_count(c.staf_a) == 1
    assert Notification.unread_count(c.fasilitator) == 1
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {Reminder.Outcome.IN_APP}


def test_two_sweeps_and_a_duplicated_delivery_send_nothing_twice(world, mailoutbox):
    world.milestone(1)
    world.milestone(-1)

    run_sweep(NOW)
    first = len(mailoutbox)
    run_sweep(NOW + datetime.timedelta(minutes=1))
    deliver_pending(NOW)
    deliver_pending(NOW)

    assert first == 2  # staf_a (digest of two) and the facilitator
    assert len(mailoutbox) == first
    assert Notification.objects.count() == 3


def test_a_row_claimed_by_a_run_that_died_is_not_sent_again(world, mailoutbox):
    """At-most-once: sent_at set (claimed) but the process died before emailing."""
    world.milestone(1)
    run_sweep(NOW)
    mailoutbox.clear()
    Reminder.objects.update(emailed_at=None, outcome="")  # as if killed right after the claim

    run_sweep(NOW + datetime.timedelta(hours=1))

    assert mailoutbox == []


def test_a_failed_send_is_released_and_retried_without_a_second_in_app_notification(world, mailoutbox):
    c = world.cast
    world.milestone(1)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("smtp down")):
        run_sweep(NOW)
    assert mailoutbox == []
    row = Reminder.objects.get()
    assert row.sent_at is None and row.outcome == Reminder.Outcome.FAILED

    run_sweep(NOW + datetime.timedelta(hours=1))

    assert len(emails_to(mailoutbox, c.staf_a)) == 1
    assert Notification.objects.filter(user=c.staf_a).count() == 1


def test_an_email_server_that_cannot_be_reached_releases_the_claim(world, mailoutbox):
    world.milestone(1)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.open", side_effect=OSError("no route")):
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
            run_sweep(NOW)
    assert Reminder.objects.get().sent_at is None

    run_sweep(NOW + datetime.timedelta(hours=1))

    assert len(mailoutbox) == 1


def test_header_values_are_sanitised(world, mailoutbox):
    c = world.cast
    c.staf_a.first_name = "Staf\r\nBcc: korban@example.org"
    c.staf_a.save()
    Preference.objects.create(user=c.staf_a, email=Preference.Email.IMMEDIATE)
    world.milestone(1, title="Judul\nSubject: palsu")

    run_sweep(NOW)

    (message,) = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Judul Subject: palsu" in message.subject
    assert all("\n" not in to and "\r" not in to for to in message.to)
    assert message.message()["To"].count("@") == 2  # the name is quoted, no second header
    assert clean_header("a\r\n\tb\x00c") == "a b c"


def test_delivery_costs_a_fixed_number_of_queries_per_batch_of_people(world):
    c = world.cast

    def queries(n):
        Reminder.objects.all().delete()
        for i in range(n):
            world.milestone(-1 - i, status=MilestoneStatus.BLOCKED)
        Sweep(NOW).collect()
        with CaptureQueriesContext(connection) as ctx:
            stats = deliver_pending(NOW)
        assert stats["claimed"] == Reminder.objects.count()
        return len(ctx.captured_queries)

    assert queries(2) == queries(6)
    assert c.staf_a.reminders.count() == 8


def test_do_notify_emails_immediate_people_after_commit_and_others_in_the_next_digest(
    world, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    c = world.cast
    Preference.objects.create(user=c.fasilitator, email=Preference.Email.IMMEDIATE)

    with django_capture_on_commit_callbacks(execute=True):
        do_notify([c.fasilitator, c.staf_a], "update_submitted", "Survei data dasar", "Mohon ditinjau", "/roadmap/")

    assert len(emails_to(mailoutbox, c.fasilitator)) == 1
    assert "Mohon ditinjau" in mailoutbox[0].body
    assert emails_to(mailoutbox, c.staf_a) == []

    run_sweep(NOW)

    assert len(emails_to(mailoutbox, c.staf_a)) == 1
    assert len(emails_to(mailoutbox, c.fasilitator)) == 1
    # One in-app notification each, not duplicated by the delivery.
    assert Notification.objects.filter(user=c.staf_a).count() == 1


def test_do_notify_rolled_back_enqueues_nothing(world, eager_celery, django_capture_on_commit_callbacks):
    c = world.cast
    Preference.objects.create(user=c.fasilitator, email=Preference.Email.IMMEDIATE)
    with mock.patch("notifications.tasks.deliver_reminders.apply_async") as publish:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            do_notify([c.fasilitator], "update_submitted", "x")
        assert len(callbacks) == 1
        publish.assert_not_called()
        callbacks[0]()
        publish.assert_called_once()
    assert mail.outbox == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the path of SQLite before 3.35 (no RETURNING)")
def test_without_returning_the_sweep_records_claims_and_sends_once(world, mailoutbox, monkeypatch):
    c = world.cast
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    world.milestone(1)
    world.milestone(-2)

    first = run_sweep(NOW)
    again = run_sweep(NOW + datetime.timedelta(hours=1))

    assert first.stats["due_soon"] == 1 and first.stats[OVERDUE] == 2 and first.stats["claimed"] == 3
    assert again.stats["due_soon"] == 0 and again.stats[OVERDUE] == 0 and again.stats["claimed"] == 0
    assert len(emails_to(mailoutbox, c.staf_a)) == 1 and len(emails_to(mailoutbox, c.fasilitator)) == 1
    assert len(mailoutbox) == 2
    assert Notification.objects.count() == 3
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {Reminder.Outcome.EMAILED}
