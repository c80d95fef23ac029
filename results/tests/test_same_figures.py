"""One figure, one value: an indicator's actual to date reads the same in the IPTT, the indicator page,
the program report, the results portfolio, the manager's portfolio report, the exports (CSV, Excel) and
the PDF bulletin's results section."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import Membership
from partners.tests.factories import MembershipFactory, ProgramFactory, ProgramPartnerFactory
from reports.exports import bulletin_results
from results import actions
from results.models import Result
from results.tests.factories import IndicatorFactory, ResultFactory, StandardIndicatorFactory
from roadmap.tests.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def test_the_same_actual_everywhere(cast, framework, login):
    standard = StandardIndicatorFactory(unit="rumah tangga")
    hh = framework.indicator
    hh.standard = standard
    hh.save()
    # Partner A: 40 then a correction to 45 in one quarter, 30 in another; B reports a value still in review.
    first = ResultFactory(
        indicator=hh, period=framework.past[0], partner=cast.partner_a, author=cast.staf_a, state="approved", value=40
    )
    correction = actions.do_correct_result(cast.staf_a, first, value=Decimal(45), reason="Salah hitung", submit=True)
    actions.do_approve_result(cast.fasilitator, correction)
    ResultFactory(
        indicator=hh, period=framework.past[1], partner=cast.partner_a, author=cast.staf_a, state="approved", value=30
    )
    ResultFactory(
        indicator=hh,
        period=framework.past[1],
        partner=cast.partner_b,
        author=cast.staf_b,
        state=Result.State.SUBMITTED,
        value=999,
    )
    # A second program adopts the standard in the same unit: the portfolio adds it.
    other = ProgramFactory(start_date=cast.program.start_date, end_date=cast.program.end_date)
    MembershipFactory(program=other, user=cast.manajer, role=Membership.Role.MANAGER)
    partner = ProgramPartnerFactory(program=other)
    period = actions.do_generate_periods(cast.fasilitator, other)[0]
    ind = IndicatorFactory(outcome=OutcomeFactory(program=other), partners=[partner], standard=standard)
    ResultFactory(indicator=ind, period=period, partner=partner, author=cast.staf_a, state="approved", value=25)

    client = login(cast.manajer)
    iptt = client.get(reverse("results:iptt", args=[cast.program.pk])).context["rows"]
    page = client.get(hh.get_absolute_url()).context["row"]
    report = client.get(reverse("reports:program", args=[cast.program.pk])).context["results_rows"]
    lines = client.get(reverse("results:portfolio")).context["lines"]
    report_lines = client.get(reverse("reports:portfolio")).context["results_lines"]

    def row_of(rows):
        return next(r for r in rows if r.indicator.pk == hh.pk)

    assert row_of(iptt).actual == page.actual == row_of(report).actual == Decimal(75)
    (line,) = lines
    (report_line,) = report_lines
    assert row_of(line.rows).actual == Decimal(75)
    assert line.total == report_line.total == Decimal(100)
    assert _csv_actual(client, cast.program, hh.code) == _xlsx_actual(client, cast.program, hh.code) == Decimal(75)
    assert row_of(bulletin_results(cast.program)["results_rows"]).actual == Decimal(75)  # the PDF bulletin


def _export(client, program, fmt):
    response = client.get(reverse("reports:results_export", args=[program.pk, "iptt", fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv_actual(client, program, code):
    _title, headers, *lines = csv.reader(io.StringIO(_export(client, program, "csv").decode("utf-8-sig")))
    column = len(headers) - 3  # target to date, actual to date, % of target, status
    return Decimal(next(line for line in lines if line[0] == code)[column])


def _xlsx_actual(client, program, code):
    sheet = load_workbook(io.BytesIO(_export(client, program, "xlsx"))).worksheets[0]
    _title, headers, *lines = sheet.iter_rows(values_only=True)
    value = next(line for line in lines if line[0] == code)[len(headers) - 3]
    assert isinstance(value, (int, float))  # a number, not text
    return Decimal(str(value))
