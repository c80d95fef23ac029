"""Report tables as (headers, rows) so that the HTML page, CSV, Excel and the task share one definition.

Small tables are lists built from the report; the milestone list is a lazy iterator over
`values_list(...).iterator()` so an export of 200,000 rows never holds them all in memory.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import ContributionKind
from reports.selectors import with_rates
from roadmap.changelog import describe
from roadmap.models import Milestone, MilestoneStatus


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: Iterable
    caption: list | None = None  # a title row above the headers (what, program, period), when set
    count: Callable | None = None  # one COUNT query for lazy tables (their rows are read only once)

    def row_count(self):
        """How many rows the table has: len() of a built table, one COUNT query for a lazy one."""
        if self.count is not None:
            return self.count()
        return len(self.rows)


class LazyRows(Sequence):
    """Rows built on first use. A report's tables are built together, but a download reads only one:
    the portfolio's program table (every program, with its rates) is not computed to export the
    milestone list."""

    def __init__(self, build):
        self._build = build
        self._rows = None

    def _all(self):
        if self._rows is None:
            self._rows = list(self._build())
        return self._rows

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self):
        return len(self._all())


def _num(value):
    return "" if value is None else value


def milestone_list(milestones, *, with_program=False):
    """The milestone list table over a Milestone queryset, streamed in chunks.

    "On time" and "Overdue" are the road map's rules (`Milestone.objects.with_flags`), evaluated in SQL."""
    status_labels = dict(MilestoneStatus.choices)
    fields = [
        "pk",
        "program__name",
        "output__statement",
        "title",
        "owner__organisation__name",
        "start_date",
        "due_date",
        "status",
        "progress",
        "completed_on",
        "in_time",
        "late",
    ]
    headers = [
        _("ID"),
        _("Program"),
        _("Output"),
        _("Milestone"),
        _("Owner partner"),
        _("Start date"),
        _("Due date"),
        _("Status"),
        _("Progress (%)"),
        _("Completed on"),
        _("On time"),
        _("Overdue"),
    ]
    qs = milestones.with_flags().order_by("due_date", "pk").values_list(*fields)

    def rows():
        for pk, program, output, title, owner, start, due, status, progress, completed, in_time, late in qs.iterator(
            chunk_size=2000
        ):
            row = [pk, program, output[:200], title, owner, start, due, status_labels.get(status, status)]
            yield [*row, progress, completed or "", _("yes") if in_time else "", _("yes") if late else ""]

    if not with_program:
        headers = [h for i, h in enumerate(headers) if i != 1]
        inner = rows

        def rows():  # noqa: F811 - the same rows without the program column
            for row in inner():
                yield [row[0], *row[2:]]

    return Table("milestones", _("Milestones"), headers, rows(), count=milestones.count)


def milestone_count(milestones):
    return milestones.count()


def rate_row(row):
    return [
        row.ms_total,
        row.ms_done,
        _num(row.completion_rate),
        row.ms_on_time,
        _num(row.on_time_rate),
        row.ms_overdue,
    ]


RATE_HEADERS = [
    _("Milestones due"),
    _("Done"),
    _("Completion (%)"),
    _("Done on time"),
    _("On-time rate (%)"),
    _("Overdue"),
]


def program_tables(report):
    """Every table of the program report, in page order."""
    tables = [
        Table(
            "outcomes",
            _("Outcomes"),
            [
                _("Outcome"),
                _("Progress (%)"),
                _("Progress from"),
            ],
            [
                [
                    o.statement,
                    _num(o.progress),
                    o.progress_source_label,
                ]
                for o in report.outcomes
            ],
        ),
        Table(
            "outputs",
            _("Outputs and milestones"),
            [
                _("Outcome"),
                _("Output"),
                _("Progress (%)"),
                _("Progress from"),
                *RATE_HEADERS,
            ],
            [
                [
                    o.outcome.statement,
                    o.statement,
                    _num(o.progress),
                    o.progress_source_label,
                    *rate_row(o),
                ]
                for o in report.outputs
            ],
        ),
        Table(
            "partners",
            _("Milestones per partner"),
            [_("Partner"), *RATE_HEADERS],
            [[p.display_name, *rate_row(p)] for p in report.partners],
        ),
        Table(
            "contributions",
            _("Contributions per partner (IDR)"),
            [
                _("Partner"),
                _("Initial funder"),
                *ContributionKind.labels,
                _("Total in period"),
                _("Share (%)"),
                _("Total to date"),
            ],
            [
                [
                    p.display_name,
                    _("yes") if p.is_initial_funder else "",
                    *p.by_kind,
                    p.period_total,
                    _num(p.share),
                    p.total_to_date,
                ]
                for p in report.partners
            ],
        ),
        Table(
            "revisions",
            _("Revisions"),
            [_("Date"), _("Item"), _("Change"), _("Reason"), _("By")],
            [
                [
                    timezone.localtime(r.created_at).date(),
                    r.item_label,
                    describe(r),
                    r.reason,
                    str(r.actor or ""),
                ]
                for r in report.revisions
            ],
        ),
        Table(
            "decisions",
            _("Key decisions"),
            [_("Date"), _("Meeting"), _("Decision")],
            [[d.meeting.date, d.meeting.title, d.text] for d in report.decisions],
        ),
        Table(
            "recommendations",
            _("Recommendations"),
            [_("Date"), _("Recommendation"), _("Kind of change"), _("Status")],
            [
                [timezone.localtime(r.created_at).date(), r.title, r.get_kind_display(), r.get_status_display()]
                for r in report.recommendations
            ],
        ),
        Table(
            "recognitions",
            _("Recognition"),
            [_("Date"), _("Recognition"), _("Partner"), _("Awarded by"), _("Description")],
            [[r.date, r.title, r.partner.organisation.name, r.awarded_by, r.description] for r in report.recognitions],
        ),
        Table(
            "strengthening",
            _("Institutional strengthening"),
            [_("Adopted on"), _("Partner"), _("Kind"), _("What was adopted"), _("Description")],
            [
                [c.adopted_on, c.partner.organisation.name, c.get_kind_display(), c.title, c.description]
                for c in report.strengthening
            ],
        ),
        milestone_list(
            Milestone.objects.filter(program=report.program).due_between(report.period.start, report.period.end)
        ),
    ]
    return tables


def portfolio_tables(portfolio, rows):
    """Tables of the portfolio report; `rows` is the annotated program queryset."""
    return [
        Table(
            "programs",
            _("Programs"),
            [
                _("Program"),
                _("Phase"),
                _("Provinces"),
                *RATE_HEADERS,
                _("Endorsements missing"),
                _("Contributions in period (IDR)"),
            ],
            LazyRows(
                lambda: [
                    [
                        p.name,
                        p.get_phase_display(),
                        ", ".join(pr.name for pr in p.provinces.all()),
                        *rate_row(with_rates(p)),
                        p.endorsements_missing,
                        p.contribution_total,
                    ]
                    for p in rows
                ]
            ),
        ),
        Table(
            "phases",
            _("Programs by phase"),
            [_("Phase"), _("Programs")],
            [[label, n] for _value, label, n in portfolio.phases if n],
        ),
        Table(
            "sectors",
            _("Contributions by sector (IDR)"),
            [_("Sector"), _("Total")],
            [[label, total] for label, total in portfolio.by_sector if total],
        ),
        Table(
            "kinds",
            _("Contributions by type (IDR)"),
            [_("Type"), _("Total")],
            [[label, total] for label, total in portfolio.by_kind if total],
        ),
        Table(
            "provinces",
            _("Milestone completion by province"),
            [_("Province"), _("Milestones due"), _("Done"), _("Completion (%)")],
            [[r["name"], r["total"], r["done"], _num(r["completion_rate"])] for r in portfolio.by_province],
        ),
    ]
