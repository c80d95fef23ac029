"""Who may see and change governance records. Built on partners.access, one rule per line.

- Every member of the program (facilitator, manager, partner lead, partner staff) and admins read.
- Only the program's facilitator (and admins) write.
- A partner answers recommendations and signs the agreement through its lead, or, when it has no
  lead account, through the staff member it designated (partners.access.speaks_for_partner).
- Outsiders get 404; members without the right get 403.

Institutional strengthening (issue 15, item 10): every member reads what a partner adopted; the
facilitator records it for any partner, and a partner's lead for their own partner
(`can_record_strengthening`). **Decision:** the lead's record needs no confirmation, unlike a
recognition: it states a fact about the lead's own organisation (its Perbup, SOP or system), which
the lead knows best and answers for; the facilitator sees it in the activity feed.

Recognition from the community (issue 15, item 13):
- the facilitator (and admins) record a recognition on a partner's behalf, confirmed at once, and
  confirm or decline proposed ones;
- a partner's lead proposes one for their own partner only (`can_propose_recognition`);
- every member reads confirmed recognitions; a proposed or declined one is seen by the facilitator
  and the people of the partner it is about (others get 404: it is not a recognition yet).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import Commitment, InstitutionalChange, Recognition, Recommendation
from partners.access import (
    access_program,
    can_manage_program,
    enter_program,
    is_partner_lead,
    is_partner_lead_of,
    is_partner_member_of,
    speaks_for_partner,
    visible_programs,
)


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
    membership = enter_program(user, recommendation.program)
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
    program.membership = enter_program(user, program)
    if write and not can_manage_program(user, program.membership):
        raise PermissionDenied
    return commitment


# Recognition from the community ------------------------------------------------------------


def can_propose_recognition(user, membership):
    """A partner lead proposes recognitions (for their own partner; the action checks which)."""
    return is_partner_lead(membership)


def can_propose_recognition_for(membership, partner_id):
    return is_partner_lead_of(membership, partner_id)


def can_see_recognition(user, membership, recognition):
    """Confirmed: every member. Proposed or declined: the facilitator and that partner's people."""
    if recognition.is_confirmed:
        return True
    if can_manage_program(user, membership):
        return True
    return is_partner_member_of(membership, recognition.partner_id)


def visible_recognitions(manage, membership):
    """A Q filter for the recognitions a reader sees: `can_see_recognition`, in the database."""
    if manage:
        return Q()
    mine = Q(partner_id=membership.partner_id) if membership is not None and membership.is_partner else Q(pk__in=[])
    return Q(status=Recognition.Status.CONFIRMED) | mine


def access_recognition(user, pk, *, decide=False):
    """A recognition (with `.program.membership`); decide=True for confirming or declining."""
    recognition = get_object_or_404(
        Recognition.objects.select_related("program", "partner__organisation"),
        pk=pk,
        program__in=visible_programs(user),
    )
    membership = enter_program(user, recognition.program)
    recognition.program.membership = membership
    if not can_see_recognition(user, membership, recognition):
        raise Http404
    if decide and not can_manage_program(user, membership):
        raise PermissionDenied
    return recognition


# Institutional strengthening ----------------------------------------------------------------


def can_record_strengthening(user, membership):
    """The facilitator (any partner) or a partner lead (their own partner; the action checks which)."""
    if can_manage_program(user, membership):
        return True
    return is_partner_lead(membership)


def can_record_strengthening_for(user, membership, partner_id):
    if can_manage_program(user, membership):
        return True
    return is_partner_lead_of(membership, partner_id)


def access_institutional_change(user, pk):
    """A record (with `.program.membership`) that every member of its program may read."""
    change = get_object_or_404(
        InstitutionalChange.objects.select_related("program", "partner__organisation"),
        pk=pk,
        program__in=visible_programs(user),
    )
    change.program.membership = enter_program(user, change.program)
    return change
