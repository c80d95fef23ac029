"""The numbers behind the reports. Every aggregate is computed in SQL (annotate/aggregate);
Python only reshapes the few grouped rows that come back (pivots, cumulative sums, percentages).

Sections that depend on other apps (assessments, governance, facilitation) are filled only when
that app provides the model or selector; otherwise the section is `None` and the page says so.
"""

import datetime
import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from partners.models import Contribution, ContributionKind, EndorsementStatus, Phase, Program, ProgramPartner
from roadmap.models import OPEN_STATUSES, Milestone, MilestoneStatus, Outcome, Output, Revision

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=0))


def optional_callable(module, name):
    """`module.name` if another app provides it yet, else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def optional_model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def percent(part, whole):
    if not whole:
        return None
    return round(100 * Decimal(part) / Decimal(whole), 1)


def item_progress(item):
    """How far an outcome/output is from baseline to target, 0-100, or None if not measurable."""
    if item.target_value is None or item.achieved_value is None:
        return None
    baseline = item.baseline_value or Decimal(0)
    span = item.target_value - baseline
    if span == 0:
        return Decimal(100) if item.achieved_value >= item.target_value else Decimal(0)
    value = 100 * (item.achieved_value - baseline) / span
    return max(Decimal(0), min(Decimal(100), round(value, 1)))


def milestone_counts(prefix, start, end, today):
    """Count() annotations for milestones (under `prefix`) due in [start, end]."""
    p = f"{prefix}__" if prefix else ""
    in_period = Q(**{f"{p}due_date__gte": start, f"{p}due_date__lte": end})
    done = Q(**{f"{p}status": MilestoneStatus.DONE})
    on_time = done & Q(**{f"{p}completed_on__lte": F(f"{p}due_date")})
    overdue = Q(**{f"{p}status__in": OPEN_STATUSES, f"{p}due_date__lt": today})
    target = prefix or "pk"
    return {
        "ms_total": Count(target, filter=in_period),
        "ms_done": Count(target, filter=in_period & done),
        "ms_on_time": Count(target, filter=in_period & on_time),
        "ms_overdue": Count(target, filter=in_period & overdue),
    }


def with_rates(row):
    row.completion_rate = percent(row.ms_done, row.ms_total)
    row.on_time_rate = percent(row.ms_on_time, row.ms_done)
    return row


@dataclass
class Stats:
    ms_total: int = 0
    ms_done: int = 0
    ms_on_time: int = 0
    ms_overdue: int = 0
    completion_rate: Decimal | None = None
    on_time_rate: Decimal | None = None


def _stats(values):
    return with_rates(Stats(**{k: values[k] or 0 for k in ("ms_total", "ms_done", "ms_on_time", "ms_overdue")}))


def burn_up(milestones, start, end):
    """Cumulative milestones due vs completed, bucketed by week (month for periods over 6 months)."""
    trunc = TruncMonth if (end - start).days > 190 else TruncWeek
    before = milestones.aggregate(
        due=Count("pk", filter=Q(due_date__lt=start)),
        done=Count("pk", filter=Q(status=MilestoneStatus.DONE, completed_on__lt=start)),
    )
    due_rows = (
        milestones.filter(due_date__gte=start, due_date__lte=end)
        .annotate(bucket=trunc("due_date"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by("bucket")
    )
    done_rows = (
        milestones.filter(status=MilestoneStatus.DONE, completed_on__gte=start, completed_on__lte=end)
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
    stats: Stats | None = None
    contribution_kinds: list = field(default_factory=list)
    contribution_total: Decimal = Decimal(0)
    dependency_share: Decimal | None = None
    dependency_series: list | None = None
    burn_up: dict = field(default_factory=dict)
    trends: object = None
    recognitions: list | None = None
    decisions: list | None = None
    revisions: list = field(default_factory=list)
    recommendations: list | None = None
    missing_sections: list = field(default_factory=list)

    @property
    def partner_chart(self):
        return {
            "labels": [p.organisation.name for p in self.partners],
            "values": [float(p.period_total) for p in self.partners],
        }

    @property
    def is_empty(self):
        return not (self.outcomes or self.partners or self.stats.ms_total or self.revisions or self.decisions)


def program_milestones(program):
    return Milestone.objects.filter(program=program)


def build_program_report(program, period, *, hide_individual_scores=False):
    start, end, today = period.start, period.end, timezone.localdate()
    report = ProgramReport(program=program, period=period, hide_individual_scores=hide_individual_scores)

    report.outcomes = list(Outcome.objects.filter(program=program).order_by("order", "pk"))
    for outcome in report.outcomes:
        outcome.progress_pct = item_progress(outcome)
    report.outputs = [
        with_rates(o)
        for o in Output.objects.filter(outcome__program=program)
        .select_related("outcome")
        .annotate(**milestone_counts("milestones", start, end, today))
        .order_by("outcome__order", "outcome__pk", "order", "pk")
    ]
    for output in report.outputs:
        output.progress_pct = item_progress(output)

    in_period = Q(contributions__date__gte=start, contributions__date__lte=end)
    # Milestone counts and contribution sums on one row would multiply each other through the joins,
    # so the milestone counts come from a correlated subquery per partner.
    ms = Milestone.objects.filter(owner=OuterRef("pk"), due_date__gte=start, due_date__lte=end)
    partners = (
        ProgramPartner.objects.filter(program=program)
        .select_related("organisation")
        .annotate(
            period_total=Coalesce(Sum("contributions__value_idr", filter=in_period), ZERO),
            total_to_date=Coalesce(Sum("contributions__value_idr", filter=Q(contributions__date__lte=end)), ZERO),
            contribution_count=Count("contributions", filter=in_period),
            ms_total=_count_subquery(ms),
            ms_done=_count_subquery(ms.filter(status=MilestoneStatus.DONE)),
            ms_on_time=_count_subquery(ms.filter(status=MilestoneStatus.DONE, completed_on__lte=F("due_date"))),
            ms_overdue=_count_subquery(ms.filter(status__in=OPEN_STATUSES, due_date__lt=today)),
        )
        .order_by("-period_total", "organisation__name")
    )
    report.partners = [with_rates(p) for p in partners]

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
    series = optional_callable("governance.selectors", "dependency_series")
    if series is not None:
        report.dependency_series = list(series(program))
    else:
        report.missing_sections.append("dependency_series")

    report.stats = _stats(
        # The period also goes in WHERE so the (program, due_date) index narrows the scan.
        Milestone.objects.filter(program=program, due_date__gte=start, due_date__lte=end).aggregate(
            **milestone_counts("", start, end, today)
        )
    )
    report.burn_up = burn_up(program_milestones(program), start, end)

    trends = optional_callable("assessments.selectors", "program_trends")
    if trends is not None:
        report.trends = trends(program)
    else:
        report.missing_sections.append("trends")

    report.revisions = list(
        Revision.objects.filter(program=program, created_at__date__gte=start, created_at__date__lte=end)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:200]
    )
    decision_model = optional_model("facilitation.Decision")
    if decision_model is not None:
        report.decisions = list(
            decision_model.objects.filter(meeting__program=program, meeting__date__gte=start, meeting__date__lte=end)
            .select_related("meeting")
            .order_by("-meeting__date", "meeting__pk", "order", "pk")[:200]
        )
    else:
        report.missing_sections.append("decisions")
    _governance_sections(report, program, start, end)
    return report


def _count_subquery(qs):
    return Coalesce(
        Subquery(qs.order_by().values("owner").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        0,
    )


def _governance_sections(report, program, start, end):
    recognition_model = optional_model("governance.Recognition")
    if recognition_model is not None:
        report.recognitions = list(
            recognition_model.objects.filter(program=program, date__lte=end)
            .select_related("partner__organisation")
            .order_by("-date", "-pk")[:200]
        )
    else:
        report.missing_sections.append("recognitions")
    recommendation_model = optional_model("governance.Recommendation")
    if recommendation_model is not None:
        report.recommendations = list(
            recommendation_model.objects.filter(
                program=program, created_at__date__gte=start, created_at__date__lte=end
            ).order_by("-created_at", "-pk")[:200]
        )
    else:
        report.missing_sections.append("recommendations")


# --- Portfolio ---------------------------------------------------------------------------------


@dataclass
class Portfolio:
    programs: object
    period: object
    phases: list = field(default_factory=list)
    program_count: int = 0
    stats: Stats | None = None
    endorsements_missing: int = 0
    by_sector: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    by_province: list = field(default_factory=list)
    contribution_total: Decimal = Decimal(0)
    with_plan: int | None = None
    with_plan_share: Decimal | None = None
    missing_sections: list = field(default_factory=list)

    @property
    def province_chart(self):
        return {
            "labels": [r["name"] for r in self.by_province],
            "values": [float(r["completion_rate"] or 0) for r in self.by_province],
        }


def portfolio_program_rows(programs, period):
    """One annotated row per program for the drill-down table (subqueries: no join blow-up)."""
    start, end, today = period.start, period.end, timezone.localdate()
    ms = Milestone.objects.filter(program=OuterRef("pk"), due_date__gte=start, due_date__lte=end).order_by()

    def count(qs):
        return Coalesce(
            Subquery(qs.values("program").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
        )

    contributions = (
        Contribution.objects.filter(partner__program=OuterRef("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("partner__program")
        .annotate(t=Sum("value_idr"))
        .values("t")[:1]
    )
    missing = ProgramPartner.objects.filter(program=OuterRef("pk")).exclude(
        endorsement_status=EndorsementStatus.ENDORSED
    )
    return (
        programs.annotate(
            ms_total=count(ms),
            ms_done=count(ms.filter(status=MilestoneStatus.DONE)),
            ms_on_time=count(ms.filter(status=MilestoneStatus.DONE, completed_on__lte=F("due_date"))),
            ms_overdue=count(ms.filter(status__in=OPEN_STATUSES, due_date__lt=today)),
            contribution_total=Coalesce(
                Subquery(contributions, output_field=DecimalField(max_digits=20, decimal_places=0)), ZERO
            ),
            endorsements_missing=Coalesce(
                Subquery(
                    missing.order_by().values("program").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .prefetch_related("provinces")
        .order_by("name", "pk")
    )


def build_portfolio(programs, period):
    start, end, today = period.start, period.end, timezone.localdate()
    portfolio = Portfolio(programs=programs, period=period)
    phase_counts = {r["phase"]: r["n"] for r in programs.order_by().values("phase").annotate(n=Count("pk"))}
    portfolio.phases = [(value, label, phase_counts.get(value, 0)) for value, label in Phase.choices]
    portfolio.program_count = sum(phase_counts.values())

    milestones = Milestone.objects.filter(program__in=programs)
    portfolio.stats = _stats(
        milestones.filter(due_date__gte=start, due_date__lte=end).aggregate(**milestone_counts("", start, end, today))
    )
    portfolio.endorsements_missing = (
        ProgramPartner.objects.filter(program__in=programs)
        .exclude(endorsement_status=EndorsementStatus.ENDORSED)
        .count()
    )
    contributions = Contribution.objects.filter(partner__program__in=programs, date__gte=start, date__lte=end)
    from partners.models import Sector

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

    in_period = Q(due_date__gte=start, due_date__lte=end)
    provinces = (
        milestones.filter(in_period, program__provinces__isnull=False)
        .order_by()
        .values("program__provinces__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=MilestoneStatus.DONE)))
        .order_by("program__provinces__name")
    )
    portfolio.by_province = [
        {
            "name": r["program__provinces__name"],
            "total": r["total"],
            "done": r["done"],
            "completion_rate": percent(r["done"], r["total"]),
        }
        for r in provinces
    ]

    plan_model = optional_model("governance.SustainabilityPlan")
    if plan_model is not None:
        portfolio.with_plan = programs.filter(pk__in=plan_model.objects.values("program")).count()
        portfolio.with_plan_share = percent(portfolio.with_plan, portfolio.program_count)
    else:
        portfolio.missing_sections.append("sustainability_plans")
    return portfolio


def portfolio_milestones(params):
    """Milestones due in the job's period, for one program or the listed programs (ids taken at request time)."""
    milestones = Milestone.objects.filter(due_date__gte=params["start"], due_date__lte=params["end"])
    if params.get("program"):
        return milestones.filter(program_id=params["program"])
    return milestones.filter(program_id__in=params.get("programs", []))
