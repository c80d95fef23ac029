"""Who may see and change programs, partners and organisations. One place, one rule per line.

Outsiders get 404 (they cannot tell whether a record exists); members who may
read but not change get 403 when they try to change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.timezones import activate_program_zone
from partners.models import (
    Contribution,
    Document,
    DocumentVersion,
    DocumentVisibility,
    Membership,
    Organisation,
    Program,
    ProgramPartner,
    User,
)


def visible_programs(user):
    """Programs the user belongs to (admins see all). The people of a partner that has left the
    program no longer see it (one filter() call: both conditions hold for the same membership)."""
    if user.is_admin:
        return Program.objects.all()
    return Program.objects.filter(memberships__user=user, memberships__partner__left_on__isnull=True)


def membership_for(user, program):
    """The user's Membership in program, or None. Admins get none but see everything."""
    return Membership.objects.filter(user=user, program=program).select_related("partner").first()


def enter_program(user, program):
    """membership_for, from an access_* function: the page is about this program, so its dates and
    times are in the program's time zone for the rest of the request (issue 16, item 16;
    kemitraan.middleware.ProgramTimeZoneMiddleware resets it after each request)."""
    activate_program_zone(program)
    return membership_for(user, program)


# The rules every app builds on. Each has one name; apps call these, never a copy.
# `membership` is the user's Membership in the program (None for admins and outsiders).


def is_facilitator_or_admin(user):
    """By global role: an admin or a facilitator (creates programs and organisations, uses the dashboard)."""
    return user.is_admin or user.role == User.Role.FACILITATOR


def is_internal_user(user):
    """By global role: an admin, a program manager or a facilitator, i.e. not a partner person."""
    return user.is_admin or user.role in (User.Role.FACILITATOR, User.Role.MANAGER)


def is_program_facilitator(membership):
    """This program's facilitator."""
    return membership is not None and membership.is_facilitator


def is_program_manager(membership):
    """A manager of this program (reads everything, changes nothing of the partners' work)."""
    return membership is not None and membership.is_manager


def can_manage_program(user, membership):
    """An admin or this program's facilitator: writes anything in the program."""
    if user.is_admin:
        return True
    if is_program_facilitator(membership):
        return True
    return False


def is_partner_lead(membership):
    """A partner lead in this program (of any partner)."""
    return membership is not None and membership.is_lead


def is_partner_lead_of(membership, partner_id):
    """The lead of that partner (a ProgramPartner id) in this program."""
    if not is_partner_lead(membership):
        return False
    return membership.partner_id == partner_id


def is_partner_member_of(membership, partner_id):
    """A person (lead or staff) of that partner (a ProgramPartner id) in this program."""
    if membership is None:
        return False
    if not membership.is_partner:
        return False
    return membership.partner_id == partner_id


def partner_has_lead(partner_id):
    """One query: does that ProgramPartner have an active partner lead account in its program?"""
    return Membership.objects.filter(
        partner_id=partner_id, role=Membership.Role.PARTNER_LEAD, user__is_active=True
    ).exists()


def speaks_for_partner(membership):
    """The ProgramPartner id this person answers for (consent, agreement sign-off), or None.

    A partner answers through its lead; a partner with no lead account answers through the
    staff member it designated (the membership's "named representative"; the facilitator may
    tick it on the partner's behalf).
    """
    if membership is None or not membership.is_partner:
        return None
    if membership.is_lead:
        return membership.partner_id
    if not membership.is_representative:
        return None
    if partner_has_lead(membership.partner_id):
        return None
    return membership.partner_id


def access_program(user, pk, *, write=False):
    """The program with `program.membership` set to the user's membership (or None for admins)."""
    program = get_object_or_404(visible_programs(user), pk=pk)
    program.membership = enter_program(user, program)
    if write and not can_manage_program(user, program.membership):
        raise PermissionDenied
    return program


def can_edit_partner(user, membership, partner):
    """Facilitators edit every partner; a partner lead edits their own organisation's row."""
    if can_manage_program(user, membership):
        return True
    return is_partner_lead_of(membership, partner.pk)


def access_program_partner(user, pk, *, write=False, manage=False):
    """write: the facilitator or the partner's own lead; manage: the facilitator (and admins) only."""
    partner = get_object_or_404(
        ProgramPartner.objects.select_related("program", "organisation"),
        pk=pk,
        program__in=visible_programs(user),
    )
    partner.membership = enter_program(user, partner.program)
    if write and not can_edit_partner(user, partner.membership, partner):
        raise PermissionDenied
    if manage and not can_manage_program(user, partner.membership):
        raise PermissionDenied
    return partner


def visible_organisations(user):
    """Facilitators, managers and admins see the whole directory (they scope new partners);
    partner people see their own organisation and those in their programs."""
    if is_internal_user(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(pk=user.organisation_id) | Q(program_partners__program__in=visible_programs(user))
    ).distinct()


def can_edit_organisation(user, organisation):
    if is_facilitator_or_admin(user):
        return True
    if user.role == User.Role.PARTNER_LEAD and user.organisation_id == organisation.pk:
        return True
    return False


def access_organisation(user, pk, *, write=False):
    organisation = get_object_or_404(visible_organisations(user).select_related("province", "regency"), pk=pk)
    if write and not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def can_record_contributions(user, membership):
    """Facilitators (and admins) record for every partner; a partner lead for their own partner only."""
    if can_manage_program(user, membership):
        return True
    return is_partner_lead(membership)


def access_program_contributions(user, pk):
    """The program, for adding a contribution: staff and managers read but may not add."""
    program = access_program(user, pk)
    if not can_record_contributions(user, program.membership):
        raise PermissionDenied
    return program


def access_contribution(user, pk, *, write=False):
    contribution = get_object_or_404(
        Contribution.objects.select_related("partner", "partner__program", "partner__organisation"),
        pk=pk,
        partner__program__in=visible_programs(user),
    )
    partner = contribution.partner
    partner.membership = enter_program(user, partner.program)
    if write and not can_edit_partner(user, partner.membership, partner):
        raise PermissionDenied
    return contribution


# A partner's own people (issue 15, item 9) ------------------------------------------------------


def can_manage_people(user, membership):
    """Facilitators (and admins) assign anyone; a partner lead assigns their own organisation's staff."""
    if can_manage_program(user, membership):
        return True
    return is_partner_lead(membership)


def access_program_people(user, pk):
    """The program, for adding a person: managers and partner staff read but may not add."""
    program = access_program(user, pk)
    if not can_manage_people(user, program.membership):
        raise PermissionDenied
    return program


def can_remove_member(user, membership, target):
    """Facilitators remove anyone; a partner lead removes the staff of their own partner, not a lead."""
    if can_manage_program(user, membership):
        return True
    if target.role != Membership.Role.PARTNER_STAFF:
        return False
    return is_partner_lead_of(membership, target.partner_id)


def access_member(user, pk, *, write=False):
    """A person's membership in a program the user sees (outsiders 404, others who may not remove 403)."""
    target = get_object_or_404(
        Membership.objects.select_related("program", "user", "partner__organisation"),
        pk=pk,
        program__in=visible_programs(user),
    )
    target.actor_membership = enter_program(user, target.program)
    if write and not can_remove_member(user, target.actor_membership, target):
        raise PermissionDenied
    return target


# The document library (issue 14, item 3) -------------------------------------------------------
#
# - a document for "everyone in the program": every member reads it (managers included);
# - a document for "the facilitators and this partner only": the program's facilitators, admins
#   and the people (lead and staff) of that partner; anyone else in the program gets 404;
# - adds documents: the facilitator (any partner, or the whole program); a partner lead or staff
#   member for their own partner only; managers 403;
# - adds a version: the facilitator; the people of the document's partner; others who see it 403.


def _own_partner_id(membership):
    """The ProgramPartner id a partner person works for in this program, else None."""
    if membership is None or not membership.is_partner:
        return None
    return membership.partner_id


def can_see_document(user, membership, document):
    """For a member of the document's program (no query): may they open this document?"""
    if document.visibility == DocumentVisibility.PROGRAM:
        return True
    if can_manage_program(user, membership):
        return True
    return is_partner_member_of(membership, document.partner_id)


def visible_documents(user, program):
    """The program's documents this member may see; `program` comes from `access_program`."""
    documents = Document.objects.filter(program=program)
    if can_manage_program(user, program.membership):
        return documents
    partner_id = _own_partner_id(program.membership)
    if partner_id is None:
        return documents.filter(visibility=DocumentVisibility.PROGRAM)
    return documents.filter(Q(visibility=DocumentVisibility.PROGRAM) | Q(partner_id=partner_id))


def can_add_documents(user, membership):
    """The facilitator (and admins) for anyone; partner people for their own partner."""
    if can_manage_program(user, membership):
        return True
    return _own_partner_id(membership) is not None


def can_add_document_version(user, membership, document):
    """The facilitator (and admins); the people of the document's own partner."""
    if can_manage_program(user, membership):
        return True
    if document.partner_id is None:
        return False
    return is_partner_member_of(membership, document.partner_id)


def access_program_documents(user, pk, *, write=False):
    """The program, for its library; write: adding a document (managers 403)."""
    program = access_program(user, pk)
    if write and not can_add_documents(user, program.membership):
        raise PermissionDenied
    return program


def _check_document(user, document, *, write=False):
    document.membership = enter_program(user, document.program)
    if not can_see_document(user, document.membership, document):
        raise Http404  # a partner-only document does not exist for the other partners
    if write and not can_add_document_version(user, document.membership, document):
        raise PermissionDenied
    return document


def access_document(user, pk, *, write=False):
    """A document the user may see (404 otherwise); write: adding a version (403 for readers)."""
    document = get_object_or_404(
        Document.objects.select_related(
            "program", "partner__organisation", "created_by", "current_version__uploaded_by"
        ),
        pk=pk,
        program__in=visible_programs(user),
    )
    return _check_document(user, document, write=write)


def access_document_version(user, pk):
    """One version of a document the user may see, for its download."""
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document__program"),
        pk=pk,
        document__program__in=visible_programs(user),
    )
    _check_document(user, version.document)
    return version
