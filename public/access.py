"""Who may publish a program's page and who may agree to it (outsider -> 404)."""

from django.core.exceptions import PermissionDenied

from partners.access import access_program, can_manage_program, is_partner_lead


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
