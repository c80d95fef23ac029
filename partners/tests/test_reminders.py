"""Partners' reminder rule (partners/reminders.py): a leadership endorsement still missing."""

import datetime
import zoneinfo

import pytest

from notifications.models import Reminder
from notifications.reminders import run_sweep
from partners.models import EndorsementStatus, Phase
from partners.reminders import ENDORSEMENT_MISSING

pytestmark = pytest.mark.django_db

# A Wednesday, 09:00 in Jakarta: ISO week 2026-W48.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def requested(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    cast.partner_b.endorsement_status = EndorsementStatus.REQUESTED
    cast.partner_b.save()
    return cast.partner_b


def ledger():
    return sorted(Reminder.objects.values_list("user__username", "kind", "object_id", "period"))


def test_missing_endorsement_reminds_the_partner_lead_and_facilitator_once_a_week(cast, requested, time_machine):
    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(days=1))

    assert ledger() == [
        ("fasilitator", ENDORSEMENT_MISSING, requested.pk, "2026-W48"),
        ("lead_b", ENDORSEMENT_MISSING, requested.pk, "2026-W48"),
    ]
    next_week = NOW + datetime.timedelta(days=7)
    time_machine.move_to(next_week, tick=False)
    run_sweep(next_week)
    assert Reminder.objects.filter(period="2026-W49").count() == 2


def test_a_closed_program_reminds_nobody(cast, requested):
    cast.program.phase = Phase.CLOSED
    cast.program.save()

    run_sweep(NOW)

    assert ledger() == []


def test_an_endorsed_partner_reminds_nobody(cast, requested):
    requested.endorsement_status = EndorsementStatus.ENDORSED
    requested.save()

    run_sweep(NOW)

    assert ledger() == []


def test_the_reminder_links_to_the_program_page(cast, requested):
    run_sweep(NOW)

    assert set(Reminder.objects.values_list("url", "label", "program_id")) == {
        (cast.program.get_absolute_url(), requested.organisation.name, cast.program.pk)
    }
