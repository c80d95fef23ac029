"""Who may publish a program's page and who may agree to it (outsider -> 404)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partners.access import access_program, can_manage_program, is_partner_lead, visible_programs
from public.models import BulletinRecipient


def access_publication(user, pk, *, write=False):
    """The program's publication page: every member reads it; only the facilitator changes it."""
    program = access_program(user, pk)
    if write and not can_publish(user, program):
        raise PermissionDenied
    return program


def can_publish(user, program):
    return can_manage_program(user, program.membership)


def consenting_partner(user, program):
    """The ProgramPartner whose lead this user is, or raise 403."""
    membership = program.membership
    if not is_partner_lead(membership) or membership.partner is None:
        raise PermissionDenied
    return membership.partner


def access_recipient(user, pk, *, write=False):
    """A distribution-list entry, through its program (outsider -> 404, not the facilitator -> 403)."""
    recipient = get_object_or_404(
        BulletinRecipient.objects.select_related("program"), pk=pk, program__in=visible_programs(user)
    )
    access_publication(user, recipient.program_id, write=write)
    return recipient
