"""The reporting flow and every refusal of the issue's "bad input" list, at the action level."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from partners.actions import do_override_endorsement
from partners.models import Program, ProgramPartner, ReportingFrequency
from results import actions
from results.models import BreakdownValue, IndicatorType, ReportingPeriod, Result
from results.tests.conftest import pdf_file
from results.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _codes(exc):
    return (
        {e.code for e in exc.error_list}
        if hasattr(exc, "error_list")
        else {e.code for errors in exc.error_dict.values() for e in errors}
    )


def report(cast, framework, **kwargs):
    period = kwargs.pop("period", framework.past[-1])
    indicator = kwargs.pop("indicator", framework.indicator)
    kwargs.setdefault("value", Decimal(30))
    return actions.do_report_result(cast.staf_a, indicator, period, cast.partner_a, **kwargs)


def test_periods_follow_the_program_dates_and_frequency(cast):
    Program.objects.filter(pk=cast.program.pk).update(
        start_date=datetime.date(2025, 2, 10), end_date=datetime.date(2026, 1, 5), reporting_due_days=15
    )
    cast.program.refresh_from_db()
    created = actions.do_generate_periods(cast.fasilitator, cast.program)
    assert [p.label for p in created] == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "Q1 2026"]
    assert created[0].due_date == datetime.date(2025, 4, 15)
    assert actions.do_generate_periods(cast.fasilitator, cast.program) == []  # idempotent
    Program.objects.filter(pk=cast.program.pk).update(reporting_frequency=ReportingFrequency.SEMESTER)
    cast.program.refresh_from_db()
    assert actions.do_generate_periods(cast.fasilitator, cast.program) == []  # never overlaps existing periods


@pytest.mark.parametrize(
    ("frequency", "count"),
    [(ReportingFrequency.MONTHLY, 12), (ReportingFrequency.SEMESTER, 2), (ReportingFrequency.ANNUAL, 1)],
)
def test_every_frequency(cast, frequency, count):
    Program.objects.filter(pk=cast.program.pk).update(
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 12, 31), reporting_frequency=frequency
    )
    cast.program.refresh_from_db()
    assert len(actions.do_generate_periods(cast.fasilitator, cast.program)) == count


def test_report_submit_return_edit_approve_then_locked(cast, framework):
    result = report(cast, framework, breakdown={framework.female: Decimal(20)}, files=[pdf_file()], submit=True)
    assert result.state == Result.State.SUBMITTED and result.evidence.count() == 1
    actions.do_return_result(cast.fasilitator, result, "Sertakan daftar hadir.")
    assert Result.objects.get(pk=result.pk).state == Result.State.RETURNED
    actions.do_edit_result(
        cast.staf_a, result, value=Decimal(32), breakdown={framework.female: Decimal(21)}, submit=True
    )
    actions.do_approve_result(cast.fasilitator, result)
    result.refresh_from_db()
    assert result.state == Result.State.APPROVED and result.value == 32
    assert list(BreakdownValue.objects.filter(result=result).values_list("value", flat=True)) == [21]
    with pytest.raises(ValidationError) as exc:
        actions.do_edit_result(cast.staf_a, result, value=Decimal(40))
    assert "not_editable" in _codes(exc.value)
    with pytest.raises(ValidationError) as exc:
        report(cast, framework)
    assert "locked" in _codes(exc.value)


def test_correction_needs_a_reason_and_replaces_the_value_only_when_approved(cast, framework, approved_result):
    with pytest.raises(ValidationError) as exc:
        actions.do_correct_result(cast.staf_a, approved_result, value=Decimal(45), reason="  ")
    assert "reason_required" in _codes(exc.value)
    assert Result.objects.count() == 1
    correction = actions.do_correct_result(
        cast.staf_a, approved_result, value=Decimal(45), reason="Salah hitung di desa Oebelo", submit=True
    )
    assert correction.revision == 2 and correction.previous == approved_result
    current = Result.objects.current().get(indicator=framework.indicator, period=approved_result.period)
    assert current.pk == approved_result.pk  # the approved value counts until the correction is approved
    actions.do_approve_result(cast.fasilitator, correction)
    current = Result.objects.current().get(indicator=framework.indicator, period=approved_result.period)
    assert current.pk == correction.pk and current.value == 45
    approved_result.refresh_from_db()
    assert approved_result.superseded and approved_result.value == 40  # kept for the change log


def test_every_result_carries_its_indicators_program(cast, framework, approved_result):
    """Issue 19: the dashboard counts and lists waiting results by Result.program (its partial index),
    so every way a result is made sets it to the indicator's program."""
    reported = report(cast, framework, submit=True)
    correction = actions.do_correct_result(cast.staf_a, approved_result, value=Decimal(45), reason="Salah hitung")
    typed = Result.objects.create(  # a plain save (tests, the shell) fills it from the indicator
        indicator=framework.indicator,
        period=framework.past[0],
        partner=cast.partner_a,
        kind="number",
        value=1,
        author=cast.staf_a,
    )
    for result in (approved_result, reported, correction, typed):
        result.refresh_from_db()
        assert result.program_id == framework.indicator.program_id == cast.program.pk
    assert Result.objects.count() == 4
    assert not Result.objects.exclude(program=F("indicator__program")).exists()


def test_a_second_correction_while_one_is_open_is_refused(cast, framework, approved_result):
    actions.do_correct_result(cast.staf_a, approved_result, value=Decimal(45), reason="Salah hitung")
    with pytest.raises(ValidationError) as exc:
        actions.do_correct_result(cast.staf_a, approved_result, value=Decimal(46), reason="Lagi")
    assert "already_reported" in _codes(exc.value)
    assert Result.objects.count() == 2


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (IndicatorType.NUMBER, Decimal(-1), "negative"),
        (IndicatorType.PERCENTAGE, Decimal("100.5"), "over_100"),
        (IndicatorType.YES_NO, Decimal(2), "type"),
        (IndicatorType.NUMBER, None, "required"),
        (IndicatorType.NUMBER, "12", "type"),
        (IndicatorType.NARRATIVE, Decimal(3), "narrative"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(cast, framework, kind, value, code):
    indicator = IndicatorFactory(outcome=framework.outcome, kind=kind, partners=[cast.partner_a])
    with pytest.raises(ValidationError) as exc:
        report(cast, framework, indicator=indicator, value=value, files=[pdf_file()])
    assert code in _codes(exc.value)
    assert not Result.objects.exists()


def test_breakdown_over_the_total_is_refused(cast, framework):
    with pytest.raises(ValidationError) as exc:
        report(
            cast, framework, value=Decimal(30), breakdown={framework.female: Decimal(20), framework.male: Decimal(11)}
        )
    assert "breakdown_over_total" in _codes(exc.value)
    assert not Result.objects.exists() and not BreakdownValue.objects.exists()


def test_breakdown_of_a_category_the_indicator_does_not_use_is_refused(cast, framework):
    with pytest.raises(ValidationError) as exc:
        report(cast, framework, indicator=framework.on_output, breakdown={framework.female: Decimal(1)})
    assert "breakdown_option" in _codes(exc.value)


def test_a_period_that_has_not_started_is_refused(cast, framework):
    with pytest.raises(ValidationError) as exc:
        report(cast, framework, period=framework.future[0])
    assert "period_not_open" in _codes(exc.value)
    assert not Result.objects.exists()


def test_a_double_submit_creates_one_result(cast, framework):
    first = report(cast, framework, submit=True)
    with pytest.raises(ValidationError) as exc:
        report(cast, framework, submit=True)
    assert "already_reported" in _codes(exc.value)
    assert list(Result.objects.values_list("pk", flat=True)) == [first.pk]


def test_the_database_refuses_a_second_open_result_for_a_slot(cast, framework, draft_result):
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(
            indicator=draft_result.indicator,
            period=draft_result.period,
            partner=draft_result.partner,
            kind="number",
            value=1,
            author=cast.staf_a,
            revision=2,
        )


@pytest.mark.parametrize(("kind", "value"), [("number", -1), ("percentage", 101), ("yes_no", 3)])
def test_the_database_checks_values(cast, framework, kind, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(
            indicator=framework.indicator,
            period=framework.past[0],
            partner=cast.partner_a,
            kind=kind,
            value=value,
            author=cast.staf_a,
        )


def test_review_twice_is_refused(cast, framework, submitted_result):
    actions.do_approve_result(cast.fasilitator, submitted_result)
    with pytest.raises(ValidationError) as exc:
        actions.do_return_result(cast.fasilitator, submitted_result, "Terlambat")
    assert "not_submitted" in _codes(exc.value)


def test_return_needs_a_note(cast, framework, submitted_result):
    with pytest.raises(ValidationError):
        actions.do_return_result(cast.fasilitator, submitted_result, " ")
    assert Result.objects.get(pk=submitted_result.pk).state == Result.State.SUBMITTED


def test_indicator_code_is_unique_in_the_program_with_a_clean_message(cast, framework):
    with pytest.raises(ValidationError) as exc:
        actions.do_create_indicator(
            cast.fasilitator, cast.program, outcome=framework.outcome, code="hh-1", name="Dua kali", kind="number"
        )
    assert "code_taken" in _codes(exc.value)


def test_indicator_must_measure_exactly_one_thing_of_its_program(cast, framework):
    with pytest.raises(ValidationError):
        actions.do_create_indicator(cast.fasilitator, cast.program, code="X", name="x", kind="number")
    with pytest.raises(ValidationError):
        actions.do_create_indicator(
            cast.fasilitator, cast.program, outcome=framework.outcome, output=framework.output, code="X", name="x"
        )


def test_period_targets(cast, framework):
    period = framework.past[0]
    actions.do_set_period_targets(cast.fasilitator, framework.indicator, {period: Decimal(25)})
    assert framework.indicator.period_targets.get().value == 25
    with pytest.raises(ValidationError):
        actions.do_set_period_targets(cast.fasilitator, framework.indicator, {period: Decimal(-1)})
    actions.do_set_period_targets(cast.fasilitator, framework.indicator, {period: None})
    assert not framework.indicator.period_targets.exists()


def test_periods_are_per_program(cast, framework):
    assert ReportingPeriod.objects.filter(program=cast.program).count() == len(framework.periods)


def test_an_unendorsed_partner_reports_no_result_until_endorsed_or_overridden(cast, framework):
    """Issue 15, item 1: restu pimpinan lasts beyond scoping."""
    ProgramPartner.objects.filter(pk=cast.partner_a.pk).update(endorsement_status="requested")
    cast.partner_a.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        report(cast, framework)
    assert exc.value.code == "partner_not_endorsed"
    assert not Result.objects.exists()
    do_override_endorsement(cast.fasilitator, cast.partner_a, reason="Data panen harus masuk bulan ini.")
    cast.partner_a.refresh_from_db()
    assert report(cast, framework).partner == cast.partner_a
