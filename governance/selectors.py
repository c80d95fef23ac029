"""Read-side questions about governance, shared with other apps (reports, facilitation).

Public, documented in docs/governance.md:
- dependency_series(program) -> list of quarters with the initial funders' share of contributions
- dependency_is_high(series) -> True when that share stays high
- programs_with_plan(program_ids) -> {program_id: SustainabilityPlan}
- gate_missing(program) -> what still blocks moving from scoping to managing
- commitments_by_partner(commitments, on) -> committed against realised, one row per partner
"""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncQuarter
from django.urls import reverse
from django.utils.translation import gettext as _

from core.numbers import percent
from governance.models import (
    AgreementSignOff,
    AgreementVersion,
    PartnerGoal,
    PartneringAgreement,
    PostEmergencyReview,
    SustainabilityPlan,
)
from partners.models import Contribution, Membership, Phase, ProgramPartner

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
    return (
        PartneringAgreement.objects.filter(program=program)
        .select_related("document")
        .prefetch_related("partner_goals")
        .first()
    )


def agreement_snapshot(agreement):
    """The text partners sign: every section and every partner's own goals (one query for the goals)."""
    return {
        "sections": {name: getattr(agreement, name) for name in PartneringAgreement.SECTIONS},
        "goals": {str(g.partner_id): g.goals for g in agreement.partner_goals.all()},
    }


def _diff_lines(old, new):
    """[(tag, line)] with tag "+", "-" or " " for one text field (difflib, line by line)."""
    lines = []
    for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines()):
        tag = line[:1]
        if tag in "+- ":
            lines.append((tag, line[2:]))
    return lines


def agreement_diff(agreement, partners):
    """What changed since the previous version: [(label, [(tag, line)])] for each changed text field,
    or [] for the first version. The lines are plain text; the template escapes them."""
    if agreement.version == 1:
        return []
    previous = AgreementVersion.objects.filter(agreement=agreement, number=agreement.version - 1).first()
    if previous is None:
        return []
    now = agreement_snapshot(agreement)
    old_sections = previous.text.get("sections", {})
    old_goals = previous.text.get("goals", {})
    changes = []
    for name, label, text in agreement.sections():
        if old_sections.get(name, "") != text:
            changes.append((label, _diff_lines(old_sections.get(name, ""), text)))
    for partner in partners:
        key = str(partner.pk)
        if old_goals.get(key, "") != now["goals"].get(key, ""):
            label = _("Own goals of %(partner)s") % {"partner": partner.organisation.name}
            changes.append((label, _diff_lines(old_goals.get(key, ""), now["goals"].get(key, ""))))
    return changes


def partner_voices(program):
    """{ProgramPartner pk: [Membership]}: who answers for each partner (consent, sign-off).

    Its leads; for a partner with no lead account, the staff it designated (is_representative).
    Partners with nobody are present with an empty list; partners that left and deactivated people
    are absent. Two queries."""
    current = ProgramPartner.objects.filter(program=program, left_on__isnull=True)
    voices = {pk: [] for pk in current.values_list("pk", flat=True)}
    members = (
        Membership.objects.filter(program=program, partner__isnull=False, user__is_active=True)
        .filter(Q(role=Membership.Role.PARTNER_LEAD) | Q(is_representative=True))
        .select_related("user")
        .order_by("user__username")
    )
    leads = {pk: [] for pk in voices}
    staff = {pk: [] for pk in voices}
    for m in members:
        (leads if m.is_lead else staff).setdefault(m.partner_id, []).append(m)
    for pk in voices:
        voices[pk] = leads[pk] or staff[pk]
    return voices


def signed_partner_ids(agreement):
    """The partners that signed the agreement's current version."""
    return set(
        AgreementSignOff.objects.filter(agreement=agreement, version=agreement.version).values_list(
            "partner_id", flat=True
        )
    )


class GateLine(str):
    """One line of a gate checklist: the text, plus `url`, the page where it is fixed.

    A str, so messages, the stored `PhaseChange.gate_missing` and comparisons keep working.
    """

    url = ""

    def __new__(cls, text, url=""):
        line = super().__new__(cls, text)
        line.url = url
        return line


def gate_missing(program, *, partners=None, agreement=False, signed=None):
    """What blocks leaving scoping: a list of human-readable lines (empty when the gate is met).

    `partners`, `agreement` and `signed` (partner ids that signed the current version) may be passed
    in when the caller has loaded them already.
    """
    if partners is None:
        partners = list(ProgramPartner.objects.filter(program=program).select_related("organisation"))
    if agreement is False:
        agreement = agreement_for(program)
    partners = [p for p in partners if not p.has_left]  # a partner that has left blocks nothing
    missing = []
    agreement_edit = reverse("governance:agreement_edit", args=[program.pk])
    if not partners:
        missing.append(
            GateLine(_("The program has no partners yet."), reverse("partners:partner_add", args=[program.pk]))
        )
    for partner in partners:
        if partner.is_missing_endorsement:
            missing.append(
                GateLine(
                    _("Leadership endorsement of %(partner)s is %(status)s.")
                    % {
                        "partner": partner.organisation.name,
                        "status": partner.get_endorsement_status_display().lower(),
                    },
                    reverse("partners:endorsement_edit", args=[partner.pk]),
                )
            )
    if agreement is None:
        missing.append(GateLine(_("No partnering agreement is recorded."), agreement_edit))
        return missing
    for _name, label in agreement.empty_sections():
        missing.append(
            GateLine(_("The agreement section “%(section)s” is empty.") % {"section": label}, agreement_edit)
        )
    goals = agreement_goals(agreement)
    for partner in partners:
        if not goals.get(partner.pk, "").strip():
            missing.append(
                GateLine(
                    _("The agreement does not state the own goals of %(partner)s.")
                    % {"partner": partner.organisation.name},
                    agreement_edit,
                )
            )
    # The agreement is agreed, not just written (issue 15, item 3).
    if signed is None:
        signed = signed_partner_ids(agreement)
    for partner in partners:
        if partner.pk not in signed:
            missing.append(
                GateLine(
                    _("%(partner)s has not signed version %(version)s of the agreement.")
                    % {"partner": partner.organisation.name, "version": agreement.version},
                    reverse("governance:agreement", args=[program.pk]),
                )
            )
    return missing


def agreement_goals(agreement):
    """{partner id: own goals} as the partnering agreement states them: the one source of a partner's
    own goals (the program page, the gate and the agreement all read this; issue 16, item 10)."""
    return {goal.partner_id: goal.goals for goal in agreement.partner_goals.all()}


def program_partner_goals(program):
    """`partners.goals` source: the agreed own goals of each partner of `program` (one query)."""
    return dict(
        PartnerGoal.objects.filter(agreement__program=program).exclude(goals="").values_list("partner_id", "goals")
    )


def gate_applies(from_phase, to_phase):
    return from_phase == Phase.SCOPING and to_phase in GATED_PHASES


def closing_gate_missing(program):
    """What blocks closing: an emergency program needs its post-emergency review (issue 15, item 2)."""
    if not program.is_emergency:
        return []
    if PostEmergencyReview.objects.filter(program=program).exists():
        return []
    return [
        GateLine(
            _("An emergency program needs its post-emergency review (open conflicts, mediation) before it closes."),
            reverse("facilitation:post_emergency_review", args=[program.pk]),
        )
    ]


# The partnering cycle in order (Phase.values is that order).
PHASE_ORDER = list(Phase.values)


def skipped_phases(from_phase, to_phase):
    """The phases a move jumps over going forward (scoping → reviewing skips managing).

    Going back (reviewing → managing: a revised plan) skips nothing, and neither does closing (a
    program may end from any phase; closing asks for a confirmation instead). A skip needs a
    reason, kept in the phase history.
    """
    if from_phase not in PHASE_ORDER or to_phase not in PHASE_ORDER or to_phase == Phase.CLOSED:
        return []
    start, end = PHASE_ORDER.index(from_phase), PHASE_ORDER.index(to_phase)
    return [Phase(p) for p in PHASE_ORDER[start + 1 : end]]


def phase_gate_missing(program, to_phase):
    """Every gate between the program's phase and `to_phase`: lines of what is missing."""
    missing = gate_missing(program) if gate_applies(program.phase, to_phase) else []
    if to_phase == Phase.CLOSED:
        missing += closing_gate_missing(program)
    return missing


# Committed against realised (issue 14, item 5) --------------------------------------------


@dataclass
class PartnerCommitments:
    """One partner's commitments summed: committed, realised, the pro-rata share due by `on`."""

    partner: ProgramPartner
    committed: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    expected: Decimal = Decimal(0)
    behind: bool = False
    commitments: list = field(default_factory=list)

    @property
    def realised_share(self):
        return percent(self.realised, self.committed)

    @property
    def expected_share(self):
        return percent(self.expected, self.committed)


def commitments_by_partner(commitments, on):
    """One query: the commitments with what was realised, grouped by partner (in the queryset's
    order). A partner is behind when any of its commitments is (Commitment.is_behind)."""
    rows = {}
    for c in commitments.with_realised().select_related("partner__organisation", "partner__program"):
        row = rows.get(c.partner_id)
        if row is None:
            row = rows[c.partner_id] = PartnerCommitments(partner=c.partner)
        row.commitments.append(c)
        row.committed += c.amount_idr
        row.realised += c.realised_value
        row.expected += c.expected_on(on)
        row.behind = row.behind or c.is_behind(on)
    return list(rows.values())


def commitment_totals(rows):
    """(committed, realised, realised %) over commitments_by_partner rows."""
    committed = sum((r.committed for r in rows), Decimal(0))
    realised = sum((r.realised for r in rows), Decimal(0))
    return committed, realised, percent(realised, committed)
