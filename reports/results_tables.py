"""The results tables (the IPTT and the breakdowns) as report Tables, for CSV and Excel.

Figures come from results.selectors, the same as the IPTT page: one figure, one value. Cells are
typed (numbers stay numbers, an empty figure is an empty cell); each table has a title row naming
the table, the program, the periods covered and the filters applied; headers follow the language of
the request (or of the export job).
"""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.tables import Table
from results.selectors import program_breakdowns, program_rows

IPTT_KEY = "iptt"
BREAKDOWNS_KEY = "breakdowns"
RESULTS_KEYS = (IPTT_KEY, BREAKDOWNS_KEY)


def _level(indicator):
    if indicator.outcome_id:
        return gettext("Outcome"), indicator.outcome.statement
    if indicator.output_id:
        return gettext("Output"), indicator.output.statement
    return gettext("Partner's own goal"), str(indicator.partner_goal)


def periods_text(periods):
    """'Q1 2025 – Q4 2027 (1 January 2025 – 31 December 2027)' or '' without periods."""
    if not periods:
        return ""
    first, last = periods[0], periods[-1]
    labels = first.label if first.pk == last.pk else f"{first.label} – {last.label}"
    dates = f"{date_format(first.start)} – {date_format(last.end)}"
    return f"{gettext('Period')}: {labels} ({dates})"


def filters_text(filters):
    parts = []
    if filters.get("outcome"):
        parts.append(f"{gettext('Outcome')}: {filters['outcome'].statement}")
    if filters.get("partner"):
        parts.append(f"{gettext('Partner')}: {filters['partner'].organisation.name}")
    if filters.get("option"):
        option = filters["option"]
        parts.append(f"{gettext('Breakdown')}: {option.category.display_name}: {option.display_name}")
    return "; ".join(parts)


def _caption(title, program, periods, filters):
    caption = [f"{title}: {program.name}", periods_text(periods)]
    described = filters_text(filters)
    if described:
        caption.append(described)
    return caption


def iptt_table(program, rows, periods, filters=None):
    """Indicators x periods: target, actual and % per period, then the figures to date and the status."""
    filters = filters or {}
    headers = [_("Code"), _("Indicator"), _("Unit"), _("Level"), _("Measures"), _("Baseline")]
    for period in periods:
        headers += [
            f"{period.label}: {gettext('Target')}",
            f"{period.label}: {gettext('Actual')}",
            f"{period.label}: {gettext('Percent of target')}",
        ]
    headers += [_("Target to date"), _("Actual to date"), _("Percent of target"), _("Status")]
    lines = []
    for row in rows:
        ind = row.indicator
        level, measures = _level(ind)
        line = [ind.code, ind.name, ind.unit, level, measures, ind.baseline_value]
        by_period = {cell.period.pk: cell for cell in row.cells}
        for period in periods:
            cell = by_period.get(period.pk)
            line += [None, None, None] if cell is None else [cell.target, cell.actual, cell.percent]
        line += [row.target, row.actual, row.percent, str(row.rag_label)]
        lines.append(line)
    title = gettext("Indicator tracking table")
    return Table(IPTT_KEY, title, headers, lines, caption=_caption(title, program, periods, filters))


def breakdown_table(program, rows, periods, filters=None):
    """One line per indicator, breakdown, period and part (and what is not broken down), with the period total."""
    filters = filters or {}
    tables = program_breakdowns(rows, partner=filters.get("partner"))
    headers = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Breakdown"),
        _("Period"),
        _("Part"),
        _("Value"),
        _("Period total"),
    ]
    not_broken_down = gettext("Not broken down")
    lines = []
    for row in rows:
        ind = row.indicator
        for category, options, period_lines in tables.get(ind.pk, []):
            for period, parts, rest, total in period_lines:
                if total is None:
                    continue
                head = [ind.code, ind.name, ind.unit, category.display_name, period.label]
                for name, value in zip(options, parts, strict=True):
                    lines.append([*head, name, value, total])
                lines.append([*head, not_broken_down, rest, total])
    title = gettext("Breakdowns")
    return Table(BREAKDOWNS_KEY, title, headers, lines, caption=_caption(title, program, periods, filters))


def results_tables(program, filters=None):
    """The IPTT and the breakdown tables of a program, with the IPTT page's filters (outcome, partner, option).

    The breakdown table ignores the option filter: it shows every part beside its total.
    """
    filters = filters or {}
    outcome, partner, option = filters.get("outcome"), filters.get("partner"), filters.get("option")
    rows, periods = program_rows(program, outcome=outcome, partner=partner, option=option)
    iptt = iptt_table(program, rows, periods, filters)
    if option is not None:
        rows, periods = program_rows(program, outcome=outcome, partner=partner)
    return [iptt, breakdown_table(program, rows, periods, filters)]
