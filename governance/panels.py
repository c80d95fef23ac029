"""Governance's pieces of the program page (partners.panels). Each runs a fixed number of queries."""

from django.db.models import Exists, OuterRef

from governance.access import can_respond
from governance.models import Recognition, Recommendation, RecommendationResponse, SustainabilityPlan
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
            open_recs.filter(status__in=[Recommendation.Status.PROPOSED, Recommendation.Status.OBJECTED])
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
    rows = list(
        Recognition.objects.filter(program=program).select_related("partner__organisation")[: RECOGNITIONS_ON_PAGE + 1]
    )
    return {
        "recognitions": rows[:RECOGNITIONS_ON_PAGE],
        "more": len(rows) > RECOGNITIONS_ON_PAGE,
        "can_manage_program": can_manage_program(request.user, _membership(program)),
    }
