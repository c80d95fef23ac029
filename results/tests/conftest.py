import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners.models import Program
from results.actions import do_generate_periods
from results.models import BreakdownCategory, BreakdownOption, ReportingPeriod, Result
from results.tests.factories import IndicatorFactory, ResultFactory
from roadmap.tests.factories import OutcomeFactory, OutputFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="bukti.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def framework(cast):
    """The cast's program, quarterly from January last year to December next year, with one outcome,
    one output and an indicator on each; partner A reports both, broken down by sex."""
    today = timezone.localdate()
    Program.objects.filter(pk=cast.program.pk).update(
        start_date=datetime.date(today.year - 1, 1, 1), end_date=datetime.date(today.year + 1, 12, 31)
    )
    cast.program.refresh_from_db()
    do_generate_periods(cast.fasilitator, cast.program)
    periods = list(ReportingPeriod.objects.filter(program=cast.program))
    past = [p for p in periods if p.end < today]
    future = [p for p in periods if p.start > today]
    outcome = OutcomeFactory(program=cast.program)
    output = OutputFactory(outcome=outcome)
    sex = BreakdownCategory.objects.get(code="sex")
    indicator = IndicatorFactory(
        outcome=outcome, code="HH-1", target_value=100, partners=[cast.partner_a], categories=[sex]
    )
    on_output = IndicatorFactory(
        outcome=None, output=output, code="HH-2", target_value=50, partners=[cast.partner_a, cast.partner_b]
    )
    return SimpleNamespace(
        program=cast.program,
        outcome=outcome,
        output=output,
        indicator=indicator,
        on_output=on_output,
        periods=periods,
        past=past,
        future=future,
        female=BreakdownOption.objects.get(category=sex, code="female"),
        male=BreakdownOption.objects.get(category=sex, code="male"),
    )


@pytest.fixture
def draft_result(cast, framework):
    return ResultFactory(
        indicator=framework.indicator, period=framework.past[-1], partner=cast.partner_a, author=cast.staf_a
    )


@pytest.fixture
def submitted_result(cast, framework):
    return ResultFactory(
        indicator=framework.indicator,
        period=framework.past[-2],
        partner=cast.partner_a,
        author=cast.staf_a,
        state=Result.State.SUBMITTED,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def approved_result(cast, framework):
    return ResultFactory(
        indicator=framework.indicator,
        period=framework.past[-3],
        partner=cast.partner_a,
        author=cast.staf_a,
        state=Result.State.APPROVED,
        value=40,
    )
