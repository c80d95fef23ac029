"""The tables a table export can send, rebuilt from who asks and the page's query string.

The export views (inline, small tables) and the export task (background, large tables) both call
`export_source`, so a file made in the background has exactly the rows and the title row the
inline download would have had. Access is checked here each time: a job whose requester has
since lost access to the program fails instead of writing the file.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.access import access_program_report, portfolio_programs
from reports.exports import export_filename, period_text
from reports.forms import PeriodForm, PortfolioFilterForm
from reports.results_tables import results_tables
from reports.selectors import build_portfolio, build_program_report, portfolio_program_rows
from reports.tables import milestone_list, portfolio_tables, program_tables
from results.access import access_results
from results.forms import IpttFilterForm
from roadmap.models import Milestone

PROGRAM, PORTFOLIO, RESULTS = "program", "portfolio", "results"
SOURCES = (PROGRAM, PORTFOLIO, RESULTS)


@dataclass
class ExportSource:
    tables: list | None  # None: the filters in the query string are not usable (see `error`)
    name: str  # the program's name, or "portfolio": the first part of the file name
    period: object  # the report period (reports.forms.Period), or None for the results tables
    back_url: str  # the page the export was asked from, with its query string
    error: str = ""
    program_id: int | None = None


def program_report(user, pk, query):
    """(program, period form, report or None when the period is not usable): what the program
    report page shows and what its exports write."""
    program = access_program_report(user, pk)
    form = PeriodForm(query)
    report = None
    if form.is_usable():
        report = build_program_report(
            program, form.period_or_default(), hide_individual_scores=program.hide_individual_scores
        )
    return program, form, report


def portfolio(user, query):
    """(filter form, portfolio or None, its programs' rows or None): the portfolio page and its exports."""
    programs = portfolio_programs(user)
    form = PortfolioFilterForm(query, programs=programs)
    if not form.is_usable():
        return form, None, None
    filtered = form.filter_programs(programs)
    period = form.period_or_default()
    return form, build_portfolio(filtered, period), portfolio_program_rows(filtered, period)


def export_source(user, source, pk, query):
    """The tables of `source` ("program", "portfolio" or "results") for `user`, filtered by `query`
    (a QueryDict). Raises Http404 / PermissionDenied as the report pages do."""
    if source == PROGRAM:
        return _program_source(user, pk, query)
    if source == PORTFOLIO:
        return _portfolio_source(user, query)
    return _results_source(user, pk, query)


def _program_source(user, pk, query):
    program, _form, report = program_report(user, pk, query)
    back = f"{reverse('reports:program', args=[program.pk])}?{query.urlencode()}"
    if report is None:
        return ExportSource(None, program.name, None, back, _("Choose a valid period first."), program.pk)
    return ExportSource(program_tables(report), program.name, report.period, back, program_id=program.pk)


def _portfolio_source(user, query):
    back = f"{reverse('reports:portfolio')}?{query.urlencode()}"
    form, built, rows = portfolio(user, query)
    if built is None:
        return ExportSource(None, _("portfolio"), None, back, _("Correct the filters first."))
    period = built.period
    tables = portfolio_tables(built, rows)
    milestones = Milestone.objects.filter(program__in=built.programs).due_between(period.start, period.end)
    tables.append(milestone_list(milestones, with_program=True))
    return ExportSource(tables, _("portfolio"), period, back)


def _results_source(user, pk, query):
    """The IPTT or the breakdown table, with the IPTT page's filters (its query string)."""
    program = access_results(user, pk)
    form = IpttFilterForm(query or None, program=program)
    filters = form.cleaned_data if form.is_valid() else {}
    back = f"{reverse('results:iptt', args=[program.pk])}?{query.urlencode()}"
    return ExportSource(results_tables(program, filters), program.name, None, back, program_id=program.pk)


def find_table(source, key):
    return next((t for t in source.tables if t.key == key), None)


def table_file_name(source, table):
    """The download name without its extension: what, which table, the period's first and last day, today."""
    dates = (source.period.start, source.period.end) if source.period is not None else ()
    return export_filename(source.name, table.key, *dates)


def table_heading(source):
    """The title row's second part: the program (or portfolio) and the period."""
    period = period_text(source.period) if source.period is not None else ""
    return " · ".join(str(part) for part in (source.name, period) if part)


def table_job_params(source_kind, pk, table, source, query, url):
    """What the export task needs to rebuild `table` (reports.tasks.build_table_export), and what the
    job page shows: the table's title, the period, the link to ask again."""
    params = {
        "source": source_kind,
        "pk": pk,
        "table": table.key,
        "query": query.urlencode(),
        "title": str(table.title),
        "language": get_language(),
        "url": url,
    }
    if source.program_id:
        params["program"] = source.program_id
    if source.period is not None:
        params["label"] = str(getattr(source.period, "label", "") or "")
    return params
