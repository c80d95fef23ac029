"""Results' reminder rules (results/reminders.py), run through the sweep with frozen time."""

import datetime
import zoneinfo

import pytest

from notifications.models import Reminder
from notifications.reminders import run_sweep
from partners.models import Program
from results.actions import do_generate_periods
from results.models import ReportingPeriod, Result
from results.reminders import RESULTS_DUE_SOON, RESULTS_OVERDUE, RESULTS_REVIEW_WAITING
from results.tests.factories import IndicatorFactory, ResultFactory
from roadmap.tests.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

# A Wednesday, 09:00 in Jakarta; Q3 2026 ended on 30 September and is due 30 days later (30 October):
# overdue. Q4 is due 30 January 2027: not yet near. With 60 days' grace Q4 is due in the reminder window.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def setup(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    Program.objects.filter(pk=cast.program.pk).update(
        start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 12, 31)
    )
    cast.program.refresh_from_db()
    do_generate_periods(cast.fasilitator, cast.program, NOW.date())
    indicator = IndicatorFactory(outcome=OutcomeFactory(program=cast.program), partners=[cast.partner_a])
    return indicator


def ledger(kind):
    return sorted(Reminder.objects.filter(kind=kind).values_list("user__username", "period"))


def test_an_unreported_period_past_its_due_date_reminds_the_partner_and_the_facilitator(cast, setup):
    q3 = ReportingPeriod.objects.get(program=cast.program, label="Q3 2026")
    run_sweep(NOW)
    got = [user for user, period in ledger(RESULTS_OVERDUE) if period.startswith(f"{q3.pk}/")]
    assert got == ["fasilitator", "lead_a", "staf_a"]
    run_sweep(NOW)  # never twice
    assert len([p for _u, p in ledger(RESULTS_OVERDUE) if p.startswith(f"{q3.pk}/")]) == 3


def test_a_submitted_result_stops_the_due_reminders(cast, setup):
    for period in ReportingPeriod.objects.filter(program=cast.program, end__lt=NOW.date()):
        ResultFactory(
            indicator=setup, period=period, partner=cast.partner_a, author=cast.staf_a, state=Result.State.APPROVED
        )
    run_sweep(NOW)
    assert ledger(RESULTS_OVERDUE) == []


def test_due_soon_within_the_programs_threshold(cast, setup, time_machine):
    q4 = ReportingPeriod.objects.get(program=cast.program, label="Q4 2026")
    soon = datetime.datetime.combine(q4.due_date - datetime.timedelta(days=5), NOW.timetz())
    time_machine.move_to(soon, tick=False)
    run_sweep(soon)
    assert ("staf_a", f"{q4.pk}/{cast.partner_a.pk}/7") in ledger(RESULTS_DUE_SOON)


def test_a_result_waiting_review_reminds_the_facilitator(cast, setup):
    period = ReportingPeriod.objects.filter(program=cast.program, end__lt=NOW.date()).first()
    ResultFactory(
        indicator=setup,
        period=period,
        partner=cast.partner_a,
        author=cast.staf_a,
        state=Result.State.SUBMITTED,
        submitted_at=NOW - datetime.timedelta(days=5),
    )
    run_sweep(NOW)
    assert [user for user, _p in ledger(RESULTS_REVIEW_WAITING)] == ["fasilitator"]
