"""Who may see and change governance records. Built on partners.access, one rule per line.

- Every member of the program (facilitator, manager, partner lead, partner staff) and admins read.
- Only the program's facilitator (and admins) write.
- Only the program's partner leads answer recommendations.
- Outsiders get 404; members without the right get 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from governance.models import Recommendation
from partners.access import access_program, can_manage_program, is_partner_lead, membership_for, visible_programs


def can_respond(user, membership):
    """Answer a recommendation: the program's partner leads."""
    return is_partner_lead(membership)


def access_governance(user, program_pk, *, write=False):
    """The program (with `.membership`); write=True for the facilitator's pages."""
    return access_program(user, program_pk, write=write)


def access_recommendation(user, pk, *, write=False, respond=False):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related(
            "program", "proposed_by", "partner__organisation", "organisation", "outcome", "output"
        ),
        pk=pk,
        program__in=visible_programs(user),
    )
    membership = membership_for(user, recommendation.program)
    recommendation.program.membership = membership
    if write and not can_manage_program(user, membership):
        raise PermissionDenied
    if respond and not can_respond(user, membership):
        raise PermissionDenied
    return recommendation
