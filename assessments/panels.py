"""The assessments piece of the program page: latest competency / health summary and facilitator training."""

from assessments.models import FacilitatorCredential
from assessments.selectors import latest_scores_for_programs, rag
from partners.access import can_manage_program
from partners.models import Membership


def program_panel(request, program):
    """Five queries: two aggregates, who was rated (anonymity), the latest round, the facilitators' credentials."""
    latest = latest_scores_for_programs([program.pk])[program.pk]
    credentials = list(
        FacilitatorCredential.objects.filter(
            facilitator__memberships__program=program, facilitator__memberships__role=Membership.Role.FACILITATOR
        )
        .select_related("facilitator")
        .order_by("facilitator__first_name", "facilitator__username", "-completed_on")
    )
    return {
        "latest": latest,
        "competency_rag": rag(latest["competency"]),
        "health_rag": rag(latest["health"]),
        "credentials": credentials,
        "can_manage_program": can_manage_program(request.user, getattr(program, "membership", None)),
    }
