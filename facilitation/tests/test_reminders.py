"""Issue 15, item 12: overdue meeting action items are reminded by the hourly sweep, in the digests."""

import datetime
import zoneinfo

import pytest

from facilitation.reminders import ACTION_ITEM_OVERDUE
from facilitation.tests.factories import ActionItemFactory, MeetingFactory
from notifications.models import Reminder
from notifications.registry import reminder_kinds
from notifications.reminders import run_sweep

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


def ledger():
    return sorted(
        Reminder.objects.filter(kind=ACTION_ITEM_OVERDUE).values_list("user__username", "object_id", "period")
    )


@pytest.fixture
def meeting(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    return MeetingFactory(program=cast.program, date=TODAY - datetime.timedelta(days=30))


def test_overdue_item_reminds_its_owner_and_the_facilitator_once(cast, meeting):
    late = ActionItemFactory(meeting=meeting, owner_person=cast.staf_a, due_date=TODAY - datetime.timedelta(days=2))
    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(hours=1))
    assert ledger() == [("fasilitator", late.pk, "2026-11-23"), ("staf_a", late.pk, "2026-11-23")]


def test_an_item_owned_by_a_partner_reminds_its_leads(cast, meeting):
    late = ActionItemFactory(meeting=meeting, owner_partner=cast.partner_b, due_date=TODAY - datetime.timedelta(days=1))
    run_sweep(NOW)
    assert [row[0] for row in ledger()] == ["fasilitator", "lead_b"]
    assert {row[1] for row in ledger()} == {late.pk}


def test_done_not_yet_due_and_long_past_items_are_not_reminded(cast, meeting):
    ActionItemFactory(meeting=meeting, owner_person=cast.staf_a, due_date=TODAY - datetime.timedelta(days=2), done=True)
    ActionItemFactory(meeting=meeting, owner_person=cast.staf_a, due_date=TODAY)
    ActionItemFactory(meeting=meeting, owner_person=cast.staf_a, due_date=TODAY - datetime.timedelta(days=90))
    run_sweep(NOW)
    assert ledger() == []


def test_the_kind_is_in_the_digest_order():
    assert ACTION_ITEM_OVERDUE in reminder_kinds()
