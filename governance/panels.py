"""Governance's pieces of the program page (partners.panels). Each runs a fixed number of queries."""

from django.db.models import Exists, OuterRef

from governance.access import can_propose_recognition, can_record_strengthening, can_respond
from governance.models import (
    InstitutionalChange,
    Recognition,
    Recommendation,
    RecommendationResponse,
    SustainabilityPlan,
)
from governance.selectors import agreement_for, dependency_is_high, dependency_series, gate_missing
from partners.access import can_manage_program
from partners.models import Phase, ProgramPartner

RECOGNITIONS_ON_PAGE = 5


def _membership(program):
    return getattr(program, "membership", None)


def agreement(request, program):
    agreement = agreement_for(program)
    context = {"agreement": agreement, "can_manage_program": can_manage_program(request.user, _membership(program))}
    if program.phase == Phase.SCOPING:
        partners = list(ProgramPartner.objects.filter(program=program).select_related("organisation"))
        context["gate_missing"] = gate_missing(program, partners=partners, agreement=agreement)
        context["gate_shown"] = True
    return context


def recommendations(request, program):
    membership = _membership(program)
    open_recs = Recommendation.objects.filter(program=program, status__in=Recommendation.OPEN_STATUSES)
    awaiting = []
    if can_respond(request.user, membership):
        answered = RecommendationResponse.objects.filter(recommendation=OuterRef("pk"), user=request.user)
        awaiting = list(
            open_recs.filter(status__in=Recommendation.ANSWERABLE_STATUSES)
            .exclude(Exists(answered))
            .order_by("created_at")
        )
    needs_decision = []
    if can_manage_program(request.user, membership):
        # Objected, or agreed but refused when applied: the facilitator decides what happens next.
        needs_decision = list(
            open_recs.filter(status__in=[Recommendation.Status.OBJECTED, Recommendation.Status.AGREED]).order_by(
                "created_at"
            )
        )
    return {
        "awaiting": awaiting,
        "needs_decision": needs_decision,
        "open_count": open_recs.count(),
        "can_manage_program": can_manage_program(request.user, membership),
    }


def sustainability(request, program):
    plan = SustainabilityPlan.objects.filter(program=program).select_related("carrying_partner__organisation").first()
    series = dependency_series(program)
    return {
        "plan": plan,
        "latest": series[-1] if series else None,
        "dependency_high": dependency_is_high(series),
        "can_manage_program": can_manage_program(request.user, _membership(program)),
    }


def recognition(request, program):
    """Confirmed recognitions; the facilitator also sees how many proposals wait for a decision."""
    membership = _membership(program)
    manage = can_manage_program(request.user, membership)
    rows = list(
        Recognition.objects.confirmed()
        .filter(program=program)
        .select_related("partner__organisation")[: RECOGNITIONS_ON_PAGE + 1]
    )
    waiting = Recognition.objects.filter(program=program, status=Recognition.Status.PROPOSED).count() if manage else 0
    return {
        "recognitions": rows[:RECOGNITIONS_ON_PAGE],
        "more": len(rows) > RECOGNITIONS_ON_PAGE,
        "waiting": waiting,
        "can_manage_program": manage,
        "can_propose": can_propose_recognition(request.user, membership),
    }


# The organisation (partner) page ------------------------------------------------------------


def organisation_recognition(request, organisation, programs):
    """The organisation's confirmed recognitions in the programs the reader sees. One query."""
    rows = list(
        Recognition.objects.confirmed()
        .filter(partner__organisation=organisation, program__in=programs)
        .select_related("program")[: RECOGNITIONS_ON_PAGE * 2]
    )
    return {"recognitions": rows}


STRENGTHENING_ON_PAGE = 5


def strengthening(request, program):
    """The latest policies, procedures and systems the partners adopted. One query."""
    rows = list(
        InstitutionalChange.objects.filter(program=program).select_related("partner__organisation")[
            :STRENGTHENING_ON_PAGE
        ]
    )
    return {"changes": rows, "can_record": can_record_strengthening(request.user, _membership(program))}


def organisation_strengthening(request, organisation, programs):
    """What the organisation adopted, in the programs the reader sees. One query."""
    rows = list(
        InstitutionalChange.objects.filter(partner__organisation=organisation, program__in=programs).select_related(
            "program"
        )[: STRENGTHENING_ON_PAGE * 2]
    )
    return {"changes": rows}
