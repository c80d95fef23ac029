"""Read-side questions about governance, shared with other apps (reports, facilitation).

Public, documented in docs/governance.md:
- dependency_series(program) -> list of quarters with the initial funders' share of contributions
- dependency_is_high(series) -> True when that share stays high
- programs_with_plan(program_ids) -> {program_id: SustainabilityPlan}
- gate_missing(program) -> what still blocks moving from scoping to managing
"""

from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from governance.models import PartneringAgreement, SustainabilityPlan
from partners.models import Contribution, Phase, ProgramPartner

# The initial funders' share (0-1) at or above which the plan warns about dependency.
DEPENDENCY_WARNING_SHARE = 0.5
# "Stays high": the last this-many quarters with contributions are all at or above the threshold.
DEPENDENCY_WARNING_QUARTERS = 2

# Phases that lie beyond the scoping gate: leaving scoping for any of them needs the gate.
GATED_PHASES = [Phase.MANAGING, Phase.REVIEWING, Phase.SUSTAINING]


def dependency_series(program):
    """Contributions (IDR) per quarter and the share from the initial funding partner(s).

    One query: contributions grouped by TruncQuarter(date), with a conditional Sum for the
    initial funders. Returns [{"quarter": date, "label": "2026 Q1" (translated), "total": Decimal,
    "initial": Decimal, "share": float, "cumulative_share": float}, ...] oldest first;
    quarters without valued contributions are absent.
    """
    rows = (
        Contribution.objects.filter(partner__program=program, value_idr__isnull=False)
        .annotate(quarter=TruncQuarter("date"))
        .values("quarter")
        .annotate(
            total=Sum("value_idr"),
            initial=Sum("value_idr", filter=Q(partner__is_initial_funder=True)),
        )
        .order_by("quarter")
    )
    series = []
    running_total = Decimal(0)
    running_initial = Decimal(0)
    for row in rows:
        total = row["total"] or Decimal(0)
        initial = row["initial"] or Decimal(0)
        running_total += total
        running_initial += initial
        quarter = row["quarter"]
        series.append(
            {
                "quarter": quarter,
                "label": _("%(year)s Q%(quarter)s") % {"year": quarter.year, "quarter": (quarter.month - 1) // 3 + 1},
                "total": total,
                "initial": initial,
                "share": float(initial / total) if total else 0.0,
                "cumulative_share": float(running_initial / running_total) if running_total else 0.0,
            }
        )
    return series


def dependency_is_high(series):
    """True when the initial funders' share stays at or above the threshold in the latest quarters."""
    if not series:
        return False
    latest = series[-DEPENDENCY_WARNING_QUARTERS:]
    return all(row["share"] >= DEPENDENCY_WARNING_SHARE for row in latest)


def programs_with_plan(program_ids):
    """{program_id: SustainabilityPlan} for those of program_ids that have a plan (one query).

    Each plan has `carrying_partner.organisation` loaded; use plan.get_path_display() for the label.
    """
    plans = SustainabilityPlan.objects.filter(program_id__in=list(program_ids)).select_related(
        "carrying_partner__organisation"
    )
    return {plan.program_id: plan for plan in plans}


def agreement_for(program):
    """The program's agreement with its partner goals prefetched, or None."""
    return PartneringAgreement.objects.filter(program=program).prefetch_related("partner_goals").first()


def gate_missing(program, *, partners=None, agreement=False):
    """What blocks leaving scoping: a list of human-readable lines (empty when the gate is met).

    `partners` and `agreement` may be passed in when the caller has loaded them already.
    """
    if partners is None:
        partners = list(ProgramPartner.objects.filter(program=program).select_related("organisation"))
    if agreement is False:
        agreement = agreement_for(program)
    partners = [p for p in partners if not p.has_left]  # a partner that has left blocks nothing
    missing = []
    if not partners:
        missing.append(_("The program has no partners yet."))
    for partner in partners:
        if partner.is_missing_endorsement:
            missing.append(
                _("Leadership endorsement of %(partner)s is %(status)s.")
                % {"partner": partner.organisation.name, "status": partner.get_endorsement_status_display().lower()}
            )
    if agreement is None:
        missing.append(_("No partnering agreement is recorded."))
        return missing
    for _name, label in agreement.empty_sections():
        missing.append(_("The agreement section “%(section)s” is empty.") % {"section": label})
    goals = {goal.partner_id: goal.goals for goal in agreement.partner_goals.all()}
    for partner in partners:
        if not goals.get(partner.pk, "").strip():
            missing.append(
                _("The agreement does not state the own goals of %(partner)s.") % {"partner": partner.organisation.name}
            )
    return missing


def gate_applies(from_phase, to_phase):
    return from_phase == Phase.SCOPING and to_phase in GATED_PHASES
