"""The numbers behind the reports. Every aggregate is computed in SQL (annotate/aggregate);
Python only reshapes the few grouped rows that come back (pivots, cumulative sums, percentages).

Milestone figures (done, on time, overdue, completion, progress) come from the road map's rules
(`roadmap.models.MilestoneRules`, `Milestone.objects.*`), defined once for every page; see
docs/definitions.md. A report counts the milestones due in its period; overdue is counted as of
the period's end (or today, if sooner), so a milestone that fell due before the period and is
still open stays overdue on it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.selectors import program_trends
from core.numbers import percent
from facilitation.models import Decision
from governance.models import Commitment, InstitutionalChange, Recognition, Recommendation, SustainabilityPlan
from governance.selectors import commitment_totals, commitments_by_partner, dependency_series
from partners.models import (
    CAPACITY_CONTRIBUTION_KINDS,
    CapacityItem,
    CapacityKind,
    Contribution,
    ContributionKind,
    HowJoined,
    Phase,
    Program,
    ProgramPartner,
    Sector,
)
from roadmap.changelog import CREATED
from roadmap.models import (
    Milestone,
    MilestoneFigures,
    MilestoneRules,
    Outcome,
    Output,
    Revision,
    completion_rate,
    figure_counts,
    on_time_rate,
    set_outcome_progress,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=0))


def overdue_date(period):
    """The day a report counts overdue milestones on: the day after the period, or today if sooner."""
    return min(timezone.localdate(), period.end + datetime.timedelta(days=1))


def with_rates(row):
    """Completion and on-time rates on an annotated row (ms_total, ms_done, ms_on_time)."""
    row.completion_rate = completion_rate(row.ms_done, row.ms_total)
    row.on_time_rate = on_time_rate(row.ms_on_time, row.ms_done)
    return row


def period_figures(milestones, period):
    """The milestone figures of `milestones` for a report period, in one aggregate query."""
    # due_date <= end goes in WHERE so the (program, due_date) index narrows the scan; the
    # period's start only narrows total/done/on time (an older milestone can still be overdue).
    return milestones.filter(due_date__lte=period.end).figures(
        on=overdue_date(period), scope=MilestoneRules.due_between(period.start, period.end)
    )


def burn_up(milestones, start, end):
    """Cumulative milestones due vs completed (counted ones), bucketed by week (month for periods over 6 months)."""
    trunc = TruncMonth if (end - start).days > 190 else TruncWeek
    milestones = milestones.counted()
    done = milestones.done()
    before = milestones.aggregate(
        due=Count("pk", filter=Q(due_date__lt=start)),
        done=Count("pk", filter=MilestoneRules.done() & Q(completed_on__lt=start)),
    )
    due_rows = (
        milestones.filter(due_date__gte=start, due_date__lte=end)
        .annotate(bucket=trunc("due_date"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by("bucket")
    )
    done_rows = (
        done.filter(completed_on__gte=start, completed_on__lte=end)
        .annotate(bucket=trunc("completed_on"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by("bucket")
    )
    due = {_as_date(r["bucket"]): r["n"] for r in due_rows}
    done = {_as_date(r["bucket"]): r["n"] for r in done_rows}
    labels, planned, completed = [], [], []
    total_due, total_done = before["due"], before["done"]
    for bucket in sorted(set(due) | set(done)):
        total_due += due.get(bucket, 0)
        total_done += done.get(bucket, 0)
        labels.append(bucket.isoformat())
        planned.append(total_due)
        completed.append(total_done)
    return {"labels": labels, "planned": planned, "completed": completed}


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass
class ProgramReport:
    program: Program
    period: object
    hide_individual_scores: bool
    outcomes: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    stats: MilestoneFigures | None = None
    contribution_kinds: list = field(default_factory=list)
    contribution_total: Decimal = Decimal(0)
    dependency_share: Decimal | None = None
    dependency_series: list = field(default_factory=list)
    burn_up: dict = field(default_factory=dict)
    trends: object = None
    recognitions: list = field(default_factory=list)
    strengthening: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    additions: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    capacity: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    commitment_totals: tuple = (Decimal(0), Decimal(0), None)

    @property
    def partner_chart(self):
        return {
            "labels": [p.organisation.name for p in self.partners],
            "values": [float(p.period_total) for p in self.partners],
        }

    @property
    def is_empty(self):
        return not (
            self.outcomes or self.partners or self.stats.ms_total or self.revisions or self.additions or self.decisions
        )


ADDED = {
    "outcome": lambda n: ngettext("%(n)s outcome", "%(n)s outcomes", n) % {"n": n},
    "output": lambda n: ngettext("%(n)s output", "%(n)s outputs", n) % {"n": n},
    "milestone": lambda n: ngettext("%(n)s milestone", "%(n)s milestones", n) % {"n": n},
}


def additions_summary(rows):
    """'3 outputs, 38 milestones' from (item_type, n) rows, in road-map order; unknown types are skipped."""
    counts = {row["item_type"]: row["n"] for row in rows}
    return [ADDED[kind](counts[kind]) for kind in ADDED if counts.get(kind)]


def count_subquery(queryset, outer):
    """COUNT(*) of `queryset` rows whose `outer` field is the outer row, as a correlated subquery:
    several counts on one row without joins multiplying each other."""
    grouped = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped[:1], output_field=IntegerField()), 0)


def milestone_subqueries(outer, period):
    """ms_total/ms_done/ms_on_time/ms_overdue per outer row (a partner, a program) for a period."""
    due = Milestone.objects.due_between(period.start, period.end)
    return {
        "ms_total": count_subquery(due.counted(), outer),
        "ms_done": count_subquery(due.done(), outer),
        "ms_on_time": count_subquery(due.on_time(), outer),
        "ms_overdue": count_subquery(Milestone.objects.overdue(on=overdue_date(period)), outer),
    }


def _set_figures(row, figures):
    """`row` with ms_total/ms_done/ms_on_time/ms_overdue from a grouped figure_counts row (zeros without)."""
    for key in ("ms_total", "ms_done", "ms_on_time", "ms_overdue"):
        setattr(row, key, (figures or {}).get(key, 0))
    return row


PORTFOLIO_BEHIND_ROWS = 50  # partners behind listed on the portfolio (the rest are counted)


def commitment_day(period):
    """The day a report judges commitments on: the end of its period, or today if sooner."""
    return min(period.end, timezone.localdate())


def build_program_report(program, period, *, hide_individual_scores=False):
    start, end = period.start, period.end
    report = ProgramReport(program=program, period=period, hide_individual_scores=hide_individual_scores)

    report.outputs = [
        with_rates(o)
        for o in Output.objects.filter(outcome__program=program)
        .select_related("outcome")
        .with_progress()
        .annotate(
            **figure_counts(
                "milestones", on=overdue_date(period), scope=MilestoneRules.due_between(start, end, "milestones")
            )
        )
        .order_by("outcome__order", "outcome__pk", "order", "pk")
    ]
    # The outcomes' progress from the outputs just read (issue 19: not a second pass over the milestones).
    report.outcomes = set_outcome_progress(
        list(Outcome.objects.filter(program=program).order_by("order", "pk")), report.outputs
    )

    in_period = Q(contributions__date__gte=start, contributions__date__lte=end)
    # Milestone counts and contribution sums on one row would multiply each other through the joins,
    # so the milestone counts per partner come from their own grouped query (issue 19: as correlated
    # subqueries beside the contributions' GROUP BY, PostgreSQL ran each once per contribution row).
    partners = (
        ProgramPartner.objects.filter(program=program)
        .select_related("organisation")
        .annotate(
            period_total=Coalesce(Sum("contributions__value_idr", filter=in_period), ZERO),
            total_to_date=Coalesce(Sum("contributions__value_idr", filter=Q(contributions__date__lte=end)), ZERO),
            contribution_count=Count("contributions", filter=in_period),
        )
        .order_by("-period_total", "organisation__name")
    )
    figures = {
        row.pop("owner_id"): row
        for row in Milestone.objects.filter(program=program)
        .order_by()
        .values("owner_id")
        .annotate(
            **figure_counts(on=overdue_date(period), scope=MilestoneRules.due_between(start, end)),
        )
    }
    report.partners = [with_rates(_set_figures(p, figures.get(p.pk))) for p in partners]

    by_kind = (
        Contribution.objects.filter(partner__program=program, date__gte=start, date__lte=end)
        .values("partner_id", "kind")
        .annotate(total=Coalesce(Sum("value_idr"), ZERO), n=Count("pk"))
    )
    pivot = {}
    for row in by_kind:
        pivot.setdefault(row["partner_id"], {})[row["kind"]] = row["total"]
    grand = sum((p.period_total for p in report.partners), Decimal(0))
    report.contribution_total = grand
    for p in report.partners:
        p.by_kind = [pivot.get(p.pk, {}).get(kind, Decimal(0)) for kind in ContributionKind.values]
        p.share = percent(p.period_total, grand)
    report.contribution_kinds = [
        (label, sum((pivot.get(p.pk, {}).get(kind, Decimal(0)) for p in report.partners), Decimal(0)))
        for kind, label in ContributionKind.choices
    ]
    initial = sum((p.period_total for p in report.partners if p.is_initial_funder), Decimal(0))
    report.dependency_share = percent(initial, grand)
    report.dependency_series = list(dependency_series(program))
    report.commitments = commitments_by_partner(
        Commitment.objects.filter(partner__program=program).overlapping(start, end), commitment_day(period)
    )
    report.commitment_totals = commitment_totals(report.commitments)

    report.capacity = capacity_use(report.partners, end)

    milestones = Milestone.objects.filter(program=program)
    report.stats = period_figures(milestones, period)
    report.burn_up = burn_up(milestones, start, end)
    report.trends = program_trends(program)

    in_period = Revision.objects.filter(program=program, created_at__date__gte=start, created_at__date__lte=end)
    # Items added to the road map are counted in one line, not listed one row each: a board report
    # reads the changes (and their reasons), not forty "milestone created" lines.
    report.revisions = list(
        in_period.exclude(field=CREATED).select_related("actor").order_by("-created_at", "-pk")[:200]
    )
    report.additions = additions_summary(in_period.filter(field=CREATED).values("item_type").annotate(n=Count("pk")))
    report.decisions = list(
        Decision.objects.filter(meeting__program=program, meeting__date__gte=start, meeting__date__lte=end)
        .select_related("meeting")
        .order_by("-meeting__date", "meeting__pk", "order", "pk")[:200]
    )
    report.recognitions = list(
        Recognition.objects.confirmed()
        .filter(program=program, date__lte=end)
        .select_related("partner__organisation")
        .order_by("-date", "-pk")[:200]
    )
    # Institutional strengthening (issue 15, item 10): what the partners had adopted by the period's end.
    report.strengthening = list(
        InstitutionalChange.objects.filter(program=program, adopted_on__lte=end)
        .select_related("partner__organisation")
        .order_by("-adopted_on", "-pk")[:200]
    )
    report.recommendations = list(
        Recommendation.objects.filter(program=program, created_at__date__gte=start, created_at__date__lte=end).order_by(
            "-created_at", "-pk"
        )[:200]
    )
    return report


@dataclass
class CapacityLine:
    """One capacity found at scoping (or one kind contributed without one), beside what was contributed."""

    kind: str  # the capacity kind, or the contribution kind of a line not found at scoping
    label: str
    notes: str = ""
    scoped: bool = True
    contributed: list = field(default_factory=list)  # the contribution kinds' labels that use it
    count: int = 0
    value: Decimal = Decimal(0)

    @property
    def unused(self):
        """Found at scoping, but nothing that uses it has been contributed (by the report's end)."""
        return self.scoped and self.count == 0


def capacity_use(partners, end):
    """Per partner: each capacity kind found at scoping beside the contributions that use it, to `end`.

    Two queries whatever the size: the capacity items of the partners' organisations, and the
    contributions grouped by partner and kind. A contribution kind no scoped capacity explains is
    listed too ("not found at scoping"), so nothing contributed is hidden.
    """
    partners = list(partners)
    items = {}
    for item in CapacityItem.objects.filter(organisation__in={p.organisation_id for p in partners}).order_by(
        "organisation_id", "kind"
    ):
        items.setdefault(item.organisation_id, []).append(item)
    given = {}
    for row in (
        Contribution.objects.filter(partner__in=partners, date__lte=end)
        .order_by()
        .values("partner_id", "kind")
        .annotate(n=Count("pk"), total=Coalesce(Sum("value_idr"), ZERO))
    ):
        given.setdefault(row["partner_id"], {})[row["kind"]] = (row["n"], row["total"])
    kind_order = {value: i for i, value in enumerate(CapacityKind.values)}
    table = []
    for partner in partners:
        mine = given.get(partner.pk, {})
        used_kinds = set()
        lines = []
        for item in sorted(items.get(partner.organisation_id, []), key=lambda i: kind_order.get(i.kind, 99)):
            kinds = CAPACITY_CONTRIBUTION_KINDS.get(item.kind, ())
            used_kinds.update(kinds)
            line = CapacityLine(kind=item.kind, label=item.get_kind_display(), notes=item.notes)
            for kind in kinds:
                n, total = mine.get(kind, (0, Decimal(0)))
                if n:
                    line.contributed.append(ContributionKind(kind).label)
                line.count += n
                line.value += total
            lines.append(line)
        for kind, label in ContributionKind.choices:
            if kind in mine and kind not in used_kinds:
                n, total = mine[kind]
                lines.append(
                    CapacityLine(kind=kind, label=label, scoped=False, contributed=[label], count=n, value=total)
                )
        table.append((partner, lines))
    return table


# --- Portfolio ---------------------------------------------------------------------------------


@dataclass
class Portfolio:
    programs: object
    period: object
    phases: list = field(default_factory=list)
    program_count: int = 0
    stats: MilestoneFigures | None = None
    endorsements_missing: int = 0
    by_sector: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    by_province: list = field(default_factory=list)
    by_regency: list = field(default_factory=list)
    by_how_joined: list = field(default_factory=list)
    contribution_total: Decimal = Decimal(0)
    with_plan: int = 0
    with_plan_share: Decimal | None = None
    commitments: list = field(default_factory=list)
    commitment_totals: tuple = (Decimal(0), Decimal(0), None)
    commitments_behind: list = field(default_factory=list)

    @property
    def province_chart(self):
        return {
            "labels": [r["name"] for r in self.by_province],
            "values": [float(r["completion_rate"] or 0) for r in self.by_province],
        }


def portfolio_program_rows(programs, period):
    """One annotated row per program for the drill-down table (subqueries: no join blow-up)."""
    start, end = period.start, period.end
    contributions = (
        Contribution.objects.filter(partner__program=OuterRef("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("partner__program")
        .annotate(t=Sum("value_idr"))
        .values("t")[:1]
    )
    return (
        programs.annotate(
            **milestone_subqueries("program", period),
            contribution_total=Coalesce(
                Subquery(contributions, output_field=DecimalField(max_digits=20, decimal_places=0)), ZERO
            ),
            endorsements_missing=count_subquery(ProgramPartner.objects.missing_endorsement(), "program"),
        )
        .prefetch_related("provinces")
        .order_by("name", "pk")
    )


def build_portfolio(programs, period):
    start, end = period.start, period.end
    portfolio = Portfolio(programs=programs, period=period)
    phase_counts = {r["phase"]: r["n"] for r in programs.order_by().values("phase").annotate(n=Count("pk"))}
    portfolio.phases = [(value, label, phase_counts.get(value, 0)) for value, label in Phase.choices]
    portfolio.program_count = sum(phase_counts.values())

    milestones = Milestone.objects.filter(program__in=programs)
    portfolio.stats = period_figures(milestones, period)
    portfolio.endorsements_missing = ProgramPartner.objects.filter(program__in=programs).missing_endorsement().count()
    contributions = Contribution.objects.filter(partner__program__in=programs, date__gte=start, date__lte=end)

    sector_totals = {
        r["partner__organisation__sector"]: r["total"]
        for r in contributions.order_by()
        .values("partner__organisation__sector")
        .annotate(total=Coalesce(Sum("value_idr"), ZERO))
    }
    portfolio.by_sector = [(label, sector_totals.get(value, Decimal(0))) for value, label in Sector.choices]
    kind_totals = {
        r["kind"]: r["total"]
        for r in contributions.order_by().values("kind").annotate(total=Coalesce(Sum("value_idr"), ZERO))
    }
    portfolio.by_kind = [(label, kind_totals.get(value, Decimal(0))) for value, label in ContributionKind.choices]
    portfolio.contribution_total = sum(kind_totals.values(), Decimal(0))

    provinces = (
        milestones.due_between(start, end)
        .counted()
        .filter(program__provinces__isnull=False)
        .order_by()
        .values("program__provinces__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=MilestoneRules.done()))
        .order_by("program__provinces__name")
    )
    portfolio.by_province = [
        {
            "name": r["program__provinces__name"],
            "total": r["total"],
            "done": r["done"],
            "completion_rate": completion_rate(r["done"], r["total"]),
        }
        for r in provinces
    ]

    # The same by official regency / city (issue 14, item 4): a program counts in each of its regencies.
    regencies = (
        milestones.due_between(start, end)
        .counted()
        .filter(program__regencies__isnull=False)
        .order_by()
        .values("program__regencies__code", "program__regencies__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=MilestoneRules.done()))
        .order_by("program__regencies__code")
    )
    portfolio.by_regency = [
        {
            "code": r["program__regencies__code"],
            "name": r["program__regencies__name"],
            "total": r["total"],
            "done": r["done"],
            "completion_rate": completion_rate(r["done"], r["total"]),
        }
        for r in regencies
    ]

    # How the partners still in these programs joined (issue 15, item 8); "" = not recorded.
    joined = {
        r["how_joined"]: r["n"]
        for r in ProgramPartner.objects.filter(program__in=programs, left_on__isnull=True)
        .order_by()
        .values("how_joined")
        .annotate(n=Count("pk"))
    }
    portfolio.by_how_joined = [(label, joined.get(value, 0)) for value, label in HowJoined.choices]
    portfolio.by_how_joined.append((_("Not recorded"), joined.get("", 0)))

    # Committed against realised (issue 14, item 5): one query, grouped per partner.
    portfolio.commitments = commitments_by_partner(
        Commitment.objects.filter(partner__program__in=programs)
        .overlapping(start, end)
        .order_by("partner__program__name", "partner__organisation__name", "pk"),
        commitment_day(period),
    )
    portfolio.commitment_totals = commitment_totals(portfolio.commitments)
    portfolio.commitments_behind = [r for r in portfolio.commitments if r.behind][:PORTFOLIO_BEHIND_ROWS]

    portfolio.with_plan = programs.filter(pk__in=SustainabilityPlan.objects.values("program")).count()
    portfolio.with_plan_share = percent(portfolio.with_plan, portfolio.program_count)
    return portfolio


def portfolio_milestones(params):
    """Milestones due in the job's period, for one program or the listed programs (ids taken at request time)."""
    milestones = Milestone.objects.due_between(params["start"], params["end"])
    if params.get("program"):
        return milestones.filter(program_id=params["program"])
    return milestones.filter(program_id__in=params.get("programs", []))
