"""Who may see and change meetings, mediation cases and the dashboard. One rule per line.

Meetings: every member of the program reads; the program's facilitator (and admins) write.
Mediation: only the facilitator, the program's managers (read-only) and the staff and leads of
the parties see a case; everyone else, other partners of the same program included, gets 404.

Lesson library (issue 15, item 5): shared across programs, so every internal user (facilitators,
program managers, admins) reads all of it; partner people get 403 on the library and 404 on a
lesson. Only a program's facilitator (or an admin) publishes, from that program.

Facilitator's journal (item 6): the program's facilitator (and admins) write; the program's
managers read; partner people get 403. A facilitator's profile (role mix, kind, institution) is
read by every internal user; the facilitator themselves and admins change kind and institution.

Facilitation institution and hand-over (item 7): every member sees them on the program page; the
program's facilitator (and admins) set the institution and hand the program over.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from facilitation.models import ActionItem, Lesson, MediationCase, Meeting
from partners.access import (
    access_program,
    can_manage_program,
    enter_program,
    is_facilitator_or_admin,
    is_internal_user,
    is_program_facilitator,
    is_program_manager,
    visible_programs,
)
from partners.models import Membership, Program, User


def dashboard_programs(user):
    """Programs on the user's dashboard: those they facilitate (admins: all), closed ones left out."""
    if not is_facilitator_or_admin(user):
        raise PermissionDenied
    programs = Program.objects.exclude(phase="closed")
    if user.is_admin:
        return programs
    return programs.filter(memberships__user=user, memberships__role=Membership.Role.FACILITATOR)


def access_meeting(user, pk, *, write=False):
    meeting = get_object_or_404(
        Meeting.objects.select_related("program", "created_by"), pk=pk, program__in=visible_programs(user)
    )
    meeting.program.membership = enter_program(user, meeting.program)
    if write and not can_manage_program(user, meeting.program.membership):
        raise PermissionDenied
    return meeting


def access_action_item(user, pk, *, write=False):
    item = get_object_or_404(
        ActionItem.objects.select_related("meeting__program", "owner_person", "owner_partner__organisation"),
        pk=pk,
        meeting__program__in=visible_programs(user),
    )
    item.meeting.program.membership = enter_program(user, item.meeting.program)
    if write and not can_manage_program(user, item.meeting.program.membership):
        raise PermissionDenied
    return item


def sees_all_cases(user, membership):
    if user.is_admin:
        return True
    if is_program_facilitator(membership):
        return True
    if is_program_manager(membership):
        return True
    return False


def visible_cases(user, program, membership):
    """The program's mediation cases this user may see: all of them, or only those their partner is party to."""
    cases = MediationCase.objects.filter(program=program)
    if sees_all_cases(user, membership):
        return cases
    if membership is None or not membership.is_partner:
        return cases.none()
    return cases.filter(parties=membership.partner_id)


def access_mediation(user, pk, *, write=False):
    base = MediationCase.objects.filter(program__in=visible_programs(user))
    if not user.is_admin:
        base = base.filter(
            Q(program__memberships__user=user, program__memberships__role__in=["facilitator", "manager"])
            | Q(parties__memberships__user=user)
        ).distinct()
    case = get_object_or_404(base.select_related("program"), pk=pk)
    case.program.membership = enter_program(user, case.program)
    if write and not can_manage_program(user, case.program.membership):
        raise PermissionDenied
    return case


def can_read_library(user):
    """Every internal user: facilitators draw on it as promoters of ideas, managers learn from it."""
    return is_internal_user(user)


def library_lessons(user):
    if not can_read_library(user):
        raise PermissionDenied
    return Lesson.objects.all()


def access_lesson(user, pk):
    lessons = Lesson.objects.all() if can_read_library(user) else Lesson.objects.none()
    return get_object_or_404(lessons.select_related("province", "program", "published_by"), pk=pk)


def can_read_journal(user, membership):
    """The program's facilitator, its managers and admins."""
    if can_manage_program(user, membership):
        return True
    if is_program_manager(membership):
        return True
    return False


def access_journal(user, pk, *, write=False):
    """The program whose journal it is; partner people get 403, managers read only."""
    program = access_program(user, pk, write=write)
    if not can_read_journal(user, program.membership):
        raise PermissionDenied
    return program


def access_facilitator(user, pk, *, write=False):
    """A facilitator's profile: read by internal users (404 to partner people); changed by the
    facilitator themselves or an admin."""
    people = User.objects.filter(role=User.Role.FACILITATOR) if is_internal_user(user) else User.objects.none()
    facilitator = get_object_or_404(people.select_related("organisation"), pk=pk)
    if write and not (user.is_admin or user.pk == facilitator.pk):
        raise PermissionDenied
    return facilitator
