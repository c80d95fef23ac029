"""Read-only figures of the results framework, each computed in a fixed number of queries.

The rules (docs/results.md says the same in words):

- Only approved results that no approved correction has replaced count (`Result.objects.current()`).
- A period's actual combines the responsible partners' values: summed for numbers, averaged for
  percentages and for indicators whose periods average, "yes" if any partner says yes.
- The actual to date combines the periods by the indicator's aggregation: the sum, the latest
  period's value, or the average.
- The target to date is the same combination of the period targets of the periods reported so far
  (the overall target when the indicator has no period targets).
- Achievement is actual / target (higher is better) or target / actual (lower is better), in %.
  Green from 90 %, amber from 60 %, red below. Roll-ups average the achievements, each capped at 100 %.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import connections
from django.db.models import Avg, Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partners.access import can_manage_program, is_partner_member_of
from partners.models import Membership
from results.models import (
    Aggregation,
    BreakdownValue,
    Direction,
    Indicator,
    IndicatorType,
    PeriodTarget,
    ReportingPeriod,
    Result,
    StandardIndicator,
)
from roadmap.models import Outcome

GREEN_FROM = Decimal(90)
AMBER_FROM = Decimal(60)
HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")

RAG_LABELS = {"green": _("On track"), "amber": _("Needs attention"), "red": _("Off track")}


def _round(value, places=ONE_PLACE):
    return None if value is None else Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def period_value(indicator, total, average, maximum):
    """Combine the partners' values in one period (see the module docstring)."""
    if indicator.kind == IndicatorType.YES_NO:
        return maximum
    if indicator.kind == IndicatorType.PERCENTAGE or indicator.aggregation == Aggregation.AVERAGE:
        return _round(average, Decimal("0.01"))
    return total


def combine(aggregation, values):
    """Combine values listed in period order by an aggregation rule; None when there is none."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return sum(values, Decimal(0))
    if aggregation == Aggregation.LATEST:
        return values[-1]
    return _round(sum(values, Decimal(0)) / len(values), Decimal("0.01"))


def achievement(direction, actual, target):
    """% of the target reached, in the indicator's direction; None without both figures."""
    if actual is None or target is None:
        return None
    if direction == Direction.DOWN:
        if actual == 0:
            return HUNDRED
        return _round(Decimal(target) * HUNDRED / Decimal(actual))
    if target == 0:
        return HUNDRED
    return _round(Decimal(actual) * HUNDRED / Decimal(target))


def rag(score):
    if score is None:
        return ""
    if score >= GREEN_FROM:
        return "green"
    if score >= AMBER_FROM:
        return "amber"
    return "red"


def percent_of_target(actual, target):
    if actual is None or not target:
        return None
    return _round(Decimal(actual) * HUNDRED / Decimal(target))


@dataclass
class Cell:
    period: object
    target: Decimal | None
    actual: Decimal | None
    reports: int = 0

    @property
    def percent(self):
        return percent_of_target(self.actual, self.target)


@dataclass
class Row:
    indicator: object
    cells: list = field(default_factory=list)
    actual: Decimal | None = None
    target: Decimal | None = None
    score: Decimal | None = None

    @property
    def percent(self):
        return percent_of_target(self.actual, self.target)

    @property
    def rag(self):
        return rag(self.score)

    @property
    def rag_label(self):
        return RAG_LABELS.get(self.rag, "")

    @property
    def capped_score(self):
        return None if self.score is None else min(self.score, HUNDRED)


def _row(indicator, periods, targets, actuals, with_cells=True):
    """The indicator's Row. periods: [(period, period id)] of its program, in order; targets and
    actuals keyed by (indicator id, period id). Written for speed (issue 19: the portfolio builds a
    few hundred rows of 8+ periods each); the rules are period_value, combine and achievement.
    with_cells=False: only the figures to date (the row's cells stay empty)."""
    row = Row(indicator)
    cells = row.cells
    indicator_id = indicator.pk
    reported_targets, reported_actuals = [], []
    has_period_targets = False
    for period, period_id in periods:
        key = (indicator_id, period_id)
        target = targets.get(key)
        if target is not None:
            has_period_targets = True
        got = actuals.get(key)
        if got is None:
            if with_cells:
                cells.append(Cell(period, target, None, 0))
            continue
        actual = period_value(indicator, got[0], got[1], got[2])
        if with_cells:
            cells.append(Cell(period, target, actual, got[3]))
        if actual is not None:
            reported_targets.append(target)
            reported_actuals.append(actual)
    if not indicator.is_numeric:
        return row
    row.actual = combine(indicator.aggregation, reported_actuals)
    if has_period_targets and reported_actuals:
        row.target = combine(indicator.aggregation, reported_targets)
    else:
        row.target = indicator.target_value
    if indicator.kind == IndicatorType.YES_NO and row.target is None:
        row.target = Decimal(1)
    row.score = achievement(indicator.direction, row.actual, row.target)
    return row


def _tuples(queryset):
    """The queryset's rows as the database driver returns them. On PostgreSQL, ints and Decimals
    already: the ORM's per-value converters cost four times the query itself for the portfolio's
    few thousand (indicator, period) figures (issue 19). Elsewhere (SQLite) the ORM converts."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The fields a page's Row needs (the IPTT, the roll-up, the portfolio): the rest of an indicator
# (data source, qualitative baseline and target...) is left unread.
ROW_FIELDS = (
    "program",
    "outcome",
    "output",
    "partner_goal",
    "standard",
    "code",
    "name",
    "unit",
    "kind",
    "aggregation",
    "direction",
    "baseline_value",
    "target_value",
    "order",
)

# What an export or a report says an indicator measures; pages that show only the indicator's own
# fields pass related=False (the joins cost more than the rest of the IPTT's queries, issue 19).
MEASURES = ("outcome", "output", "partner_goal__partner__organisation", "standard")


def indicator_rows(indicators, *, partner=None, option=None, related=True, cells=True):
    """[Row] for the indicators (a queryset of one or more programs): four queries in all.

    partner: count only that ProgramPartner's results; option: count only that breakdown option's part.
    related: also read what each indicator measures and its standard indicator (`MEASURES`).
    cells=False: rows without their per-period cells (only the figures to date).
    """
    indicators = list(indicators.select_related(*MEASURES) if related else indicators)
    if not indicators:
        return [], []
    program_ids = {i.program_id for i in indicators}
    periods = list(ReportingPeriod.objects.filter(program__in=program_ids).order_by("start", "pk"))
    ids = [i.pk for i in indicators]
    targets = {
        (indicator, period): value
        for indicator, period, value in _tuples(
            PeriodTarget.objects.filter(indicator__in=ids).values_list("indicator", "period", "value")
        )
    }
    actuals = _actuals(ids, partner=partner, option=option)
    by_program = defaultdict(list)
    for period in periods:
        by_program[period.program_id].append((period, period.id))
    rows = [_row(i, by_program[i.program_id], targets, actuals, cells) for i in indicators]
    return rows, periods


def _actuals(indicator_ids, *, partner=None, option=None):
    """{(indicator_id, period_id): (sum, avg, max, reports)} of the current results."""
    if option is not None:
        values = BreakdownValue.objects.filter(
            result__in=Result.objects.current().filter(indicator__in=indicator_ids), option=option
        )
        if partner is not None:
            values = values.filter(result__partner=partner)
        grouped = values.values_list("result__indicator", "result__period").annotate(
            total=Sum("value"), average=Avg("value"), maximum=Max("value"), reports=Count("pk")
        )
        return {(g[0], g[1]): g[2:] for g in _tuples(grouped.order_by())}
    results = Result.objects.current().filter(indicator__in=indicator_ids, value__isnull=False)
    if partner is not None:
        results = results.filter(partner=partner)
    grouped = results.values_list("indicator", "period").annotate(
        total=Sum("value"), average=Avg("value"), maximum=Max("value"), reports=Count("pk")
    )
    return {(g[0], g[1]): g[2:] for g in _tuples(grouped.order_by())}


def program_rows(program, *, outcome=None, partner=None, option=None, related=True):
    """The program's [Row] (indicator_rows), filtered. No DISTINCT is needed: an indicator links to a
    partner at most once, and the outcome filter follows foreign keys."""
    indicators = Indicator.objects.filter(program=program)
    if not related:
        indicators = indicators.only(*ROW_FIELDS)
    if outcome is not None:
        indicators = indicators.filter(outcome=outcome) | indicators.filter(output__outcome=outcome)
    if partner is not None:
        indicators = indicators.filter(partners=partner)
    return indicator_rows(indicators, partner=partner, option=option, related=related)


def portfolio_rows(program_ids, *, programs=None):
    """[Row] of every indicator of those programs (indicator_rows' four queries): what
    `furthest_off_target` and `portfolio_lines` both read, so a page showing both reads it once.
    The rows carry the figures to date only, no per-period cells. programs: {id: Program} the
    caller has read already (their names are shown), so the indicators need not join them."""
    indicators = Indicator.objects.filter(program__in=program_ids)
    if programs is None:
        indicators = indicators.select_related("program").only(*ROW_FIELDS, "program__name")
    else:
        indicators = indicators.only(*ROW_FIELDS)
    rows, _periods = indicator_rows(indicators, related=False, cells=False)
    if programs is not None:
        cache = Indicator.program.field
        for row in rows:
            cache.set_cached_value(row.indicator, programs[row.indicator.program_id])
    return rows


def furthest_off_target(program_ids, limit=5, *, rows=None):
    """The indicators with the lowest achievement (those with a score), worst first. `rows`: the
    programs' `portfolio_rows`, when the caller has them already."""
    if rows is None:
        rows = portfolio_rows(program_ids)
    scored = [r for r in rows if r.score is not None]
    scored.sort(key=lambda r: (r.score, r.indicator.code))
    return scored[:limit]


# Roll-up: indicator -> output -> outcome -> program -------------------------------------


def _mean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return _round(sum(values, Decimal(0)) / len(values))


@dataclass
class RollupItem:
    item: object
    rows: list
    children: list = field(default_factory=list)

    @cached_property
    def score(self):
        # Cached: the page reads each item's score and status, and a parent reads its children's.
        return _mean([r.capped_score for r in self.rows] + [c.score for c in self.children])

    @property
    def rag(self):
        return rag(self.score)

    @property
    def has_indicators(self):
        return bool(self.rows) or any(c.has_indicators for c in self.children)


def program_rollup(program, rows=None):
    """{"outcomes": [RollupItem(outcome, rows, children=[RollupItem(output, rows)])], "score", "goals": rows}.

    Two queries for the outcomes and outputs, plus indicator_rows' four when rows are not given.
    """
    if rows is None:
        rows, _periods = indicator_rows(Indicator.objects.filter(program=program))
    by_outcome, by_output, goals = defaultdict(list), defaultdict(list), []
    for row in rows:
        if row.indicator.outcome_id:
            by_outcome[row.indicator.outcome_id].append(row)
        elif row.indicator.output_id:
            by_output[row.indicator.output_id].append(row)
        else:
            goals.append(row)
    outcomes = []
    for outcome in Outcome.objects.filter(program=program).prefetch_related("outputs"):
        children = [RollupItem(o, by_output.get(o.pk, [])) for o in outcome.outputs.all()]
        outcomes.append(RollupItem(outcome, by_outcome.get(outcome.pk, []), children))
    score = _mean([o.score for o in outcomes])
    return {"outcomes": outcomes, "score": score, "rag": rag(score), "goals": goals}


# Portfolio: standard indicators across programs --------------------------------------------


@dataclass
class PortfolioLine:
    standard: object
    rows: list
    excluded: list

    @property
    def total(self):
        values = [r.actual for r in self.rows if r.actual is not None]
        if not values:
            return None
        if self.standard.aggregation == Aggregation.AVERAGE or self.standard.kind == IndicatorType.PERCENTAGE:
            return _round(sum(values, Decimal(0)) / len(values), Decimal("0.01"))
        return sum(values, Decimal(0))

    @property
    def target(self):
        values = [r.target for r in self.rows if r.target is not None]
        if not values:
            return None
        if self.standard.aggregation == Aggregation.AVERAGE or self.standard.kind == IndicatorType.PERCENTAGE:
            return _round(sum(values, Decimal(0)) / len(values), Decimal("0.01"))
        return sum(values, Decimal(0))

    @property
    def percent(self):
        return percent_of_target(self.total, self.target)


def portfolio_lines(program_ids, *, rows=None):
    """[PortfolioLine] per standard indicator adopted in those programs: five queries (one when
    `rows`, the programs' `portfolio_rows`, are given).

    A program indicator counts when its unit matches the standard's (case and spaces aside); others
    are listed as excluded, never silently added.
    """
    if rows is None:
        rows, _periods = indicator_rows(
            Indicator.objects.filter(program__in=program_ids, standard__isnull=False).select_related("program")
        )
    by_standard = defaultdict(list)
    for row in rows:
        if row.indicator.standard_id is not None:
            by_standard[row.indicator.standard_id].append(row)
    lines = []
    for standard in StandardIndicator.objects.filter(pk__in=list(by_standard)):
        unit = standard.unit.strip().lower()
        matching = [r for r in by_standard[standard.pk] if r.indicator.unit.strip().lower() == unit]
        excluded = [r for r in by_standard[standard.pk] if r.indicator.unit.strip().lower() != unit]
        lines.append(PortfolioLine(standard, matching, excluded))
    return lines


# Breakdown tables ------------------------------------------------------------------------


def breakdown_tables(indicator, row):
    """[(category, options, lines)] for the indicator's categories; each line is
    (period, [value per option], not_broken_down, total). `row` is the indicator's Row. Two queries.

    Whatever the parts do not cover shows as "not broken down", never silently lost.
    """
    categories = list(indicator.categories.all())
    values = (
        BreakdownValue.objects.filter(result__in=Result.objects.current().filter(indicator=indicator))
        .values("result__period", "option", "option__category", "option__name")
        .annotate(total=Sum("value"))
        .order_by("option__order", "option")
    )
    cells = defaultdict(dict)  # category -> {(period, option): value}
    options = defaultdict(dict)  # category -> {option id: name}, in order
    for v in values:
        cells[v["option__category"]][(v["result__period"], v["option"])] = v["total"]
        options[v["option__category"]][v["option"]] = v["option__name"]
    tables = []
    for category in categories:
        columns = options[category.pk]
        lines = []
        for cell in row.cells:
            parts = [cells[category.pk].get((cell.period.pk, option)) for option in columns]
            covered = sum((p for p in parts if p is not None), Decimal(0))
            rest = None if cell.actual is None else cell.actual - covered
            lines.append((cell.period, parts, rest, cell.actual))
        tables.append((category, list(columns.values()), lines))
    return tables


# Pages -----------------------------------------------------------------------------------


def chart_data(row):
    """Actual against target per period, for static/js/results-charts.js (json_script)."""
    return {
        "labels": [cell.period.label for cell in row.cells],
        "actual": [None if cell.actual is None else float(cell.actual) for cell in row.cells],
        "target": [None if cell.target is None else float(cell.target) for cell in row.cells],
        "names": {"actual": str(_("Actual")), "target": str(_("Target"))},
    }


def indicator_page(indicator, user):
    """Everything the indicator page shows, in a fixed number of queries."""
    rows, periods = indicator_rows(Indicator.objects.filter(pk=indicator.pk))
    row = rows[0]
    membership = indicator.membership
    results = list(
        Result.objects.filter(indicator=indicator)
        .select_related("period", "partner__organisation", "author", "previous")
        .order_by("period__start", "partner__organisation__name", "revision")
    )
    partners = list(indicator.partners.select_related("organisation"))
    my_partner = None
    if membership is not None and membership.is_partner and any(p.pk == membership.partner_id for p in partners):
        my_partner = membership.partner_id
    today = timezone.localdate()
    reported = {(r.period_id, r.partner_id) for r in results}
    open_periods = []
    if my_partner is not None:
        open_periods = [p for p in periods if p.start <= today and (p.pk, my_partner) not in reported]
    return {
        "program": indicator.program,
        "indicator": indicator,
        "row": row,
        "chart": chart_data(row),
        "breakdowns": breakdown_tables(indicator, row) if indicator.is_numeric else [],
        "results": results,
        "corrections": [r for r in results if r.previous_id],
        "partners": partners,
        "open_periods": open_periods,
        "my_partner": my_partner,
        "can_manage": can_manage_program(user, membership),
    }


def result_page(result, user):
    membership = result.membership
    history = list(
        Result.objects.filter(indicator=result.indicator_id, period=result.period_id, partner=result.partner_id)
        .select_related("author")
        .order_by("revision")
    )
    is_partner = is_partner_member_of(membership, result.partner_id)
    return {
        "program": result.indicator.program,
        "indicator": result.indicator,
        "result": result,
        "breakdown": list(result.breakdown.select_related("option__category")),
        "evidence": list(result.evidence.order_by("pk")),
        "history": history,
        "can_edit": is_partner and result.is_editable,
        "can_correct": is_partner
        and result.is_locked
        and not result.superseded
        and not any(h.state in Result.OPEN_STATES for h in history),
        "can_review": can_manage_program(user, membership) and result.state == Result.State.SUBMITTED,
    }


def program_breakdowns(rows, *, partner=None):
    """{indicator id: [(category, [option names], lines)]} for many indicators at once, in two queries;
    each line is (period, [value per option], not_broken_down, total), as in `breakdown_tables`.

    For exports and the bulletin. `rows` must come without a breakdown-option filter (their cell
    actuals are the totals the parts are taken from); partner: only that ProgramPartner's results.
    """
    numeric = {row.indicator.pk: row for row in rows if row.indicator.is_numeric}
    if not numeric:
        return {}
    links = (
        Indicator.categories.through.objects.filter(indicator__in=list(numeric))
        .select_related("breakdowncategory")
        .order_by("breakdowncategory__order", "breakdowncategory__pk")
    )
    categories = defaultdict(list)
    for link in links:
        categories[link.indicator_id].append(link.breakdowncategory)
    current = Result.objects.current().filter(indicator__in=list(categories))
    if partner is not None:
        current = current.filter(partner=partner)
    values = (
        BreakdownValue.objects.filter(result__in=current)
        .values("result__indicator", "result__period", "option", "option__category", "option__name")
        .annotate(total=Sum("value"))
        .order_by("option__order", "option")
    )
    cells = defaultdict(dict)  # (indicator, category) -> {(period, option): value}
    options = defaultdict(dict)  # (indicator, category) -> {option: name}, in order
    for v in values:
        key = (v["result__indicator"], v["option__category"])
        cells[key][(v["result__period"], v["option"])] = v["total"]
        options[key][v["option"]] = gettext(v["option__name"])
    tables = {}
    for indicator_id, indicator_categories in categories.items():
        row = numeric[indicator_id]
        tables[indicator_id] = []
        for category in indicator_categories:
            key = (indicator_id, category.pk)
            columns = options[key]
            lines = []
            for cell in row.cells:
                parts = [cells[key].get((cell.period.pk, option)) for option in columns]
                covered = sum((p for p in parts if p is not None), Decimal(0))
                rest = None if cell.actual is None else cell.actual - covered
                lines.append((cell.period, parts, rest, cell.actual))
            tables[indicator_id].append((category, list(columns.values()), lines))
    return tables


def my_report_slots(user, today=None):
    """[(indicator, period, partner)] the user's organisations may report for the first time: the
    indicators their partners are responsible for, in every period that has started and has no
    result of theirs yet, latest first (four queries, whatever the number of programs)."""
    today = today or timezone.localdate()
    partner_of = {
        m.program_id: m.partner
        for m in Membership.objects.filter(user=user, partner__isnull=False, partner__left_on__isnull=True)
        .exclude(role__in=[Membership.Role.FACILITATOR, Membership.Role.MANAGER])
        .select_related("partner__organisation")
    }
    partner_ids = [p.pk for p in partner_of.values()]
    pairs = Indicator.partners.through.objects.filter(programpartner_id__in=partner_ids).values_list(
        "indicator_id", "programpartner_id"
    )
    responsible = set(pairs)
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in={i for i, _p in responsible}).select_related("program")
    }
    periods = ReportingPeriod.objects.filter(program__in=partner_of.keys(), start__lte=today).order_by("-start", "pk")
    by_program = defaultdict(list)
    for period in periods:
        by_program[period.program_id].append(period)
    reported = set(
        Result.objects.filter(partner__in=partner_ids).values_list("indicator_id", "period_id", "partner_id")
    )
    slots = []
    for indicator in sorted(indicators.values(), key=lambda i: (i.program.name, i.order, i.code, i.pk)):
        partner = partner_of[indicator.program_id]
        if (indicator.pk, partner.pk) not in responsible:
            continue
        for period in by_program[indicator.program_id]:
            if (indicator.pk, period.pk, partner.pk) not in reported:
                slots.append((indicator, period, partner))
    return slots
