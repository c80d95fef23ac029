"""Who may see and change governance records. Built on partners.access, one rule per line.

- Every member of the program (facilitator, manager, partner lead, partner staff) and admins read.
- Only the program's facilitator (and admins) write.
- A partner answers recommendations and signs the agreement through its lead, or, when it has no
  lead account, through the staff member it designated (partners.access.speaks_for_partner).
- Outsiders get 404; members without the right get 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from governance.models import Commitment, Recommendation
from partners.access import access_program, can_manage_program, membership_for, speaks_for_partner, visible_programs


def can_respond(user, membership):
    """Answer a recommendation or sign the agreement: whoever speaks for a partner."""
    return speaks_for_partner(membership) is not None


def access_governance(user, program_pk, *, write=False, sign=False):
    """The program (with `.membership`); write=True for the facilitator's pages, sign=True for signing."""
    program = access_program(user, program_pk, write=write)
    if sign and not can_respond(user, program.membership):
        raise PermissionDenied
    return program


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


def access_commitment(user, pk, *, write=False):
    """A commitment of a visible program (with `.partner.program.membership`); write: the facilitator."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("partner__program", "partner__organisation"),
        pk=pk,
        partner__program__in=visible_programs(user),
    )
    program = commitment.partner.program
    program.membership = membership_for(user, program)
    if write and not can_manage_program(user, program.membership):
        raise PermissionDenied
    return commitment
