"""Who may see and change the road map. One place, one rule per line.

Built on partners.access: outsiders get 404 (the object is looked up in a queryset
already limited to the user's programs); members who may only read get 403.

- facilitator of the program (and admins): everything
- partner lead: revises their own organisation's milestones (dates, statements), reports progress
- partner staff of the owner organisation: reports progress on its milestones
- other partner people: read, comment
- program manager: read only

Progress reports and their evidence files follow one rule (`visible_updates`): a draft is seen by
its author's organisation and the facilitator only; once submitted, by everyone in the program.
Only its author edits or submits a report (`can_edit_update`): the facilitator returns it or
comments, and never rewrites another organisation's report.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from partners.access import (
    access_program,
    can_manage_program,
    enter_program,
    is_partner_lead_of,
    is_partner_member_of,
    is_program_manager,
    visible_programs,
)
from roadmap.models import Evidence, Milestone, Outcome, Output, ProgressUpdate


def can_revise_milestone(user, membership, milestone):
    """Change dates, title and description: the facilitator, or the owner's partner lead."""
    if can_manage_program(user, membership):
        return True
    return is_partner_lead_of(membership, milestone.owner_id)


def can_report_progress(user, membership, milestone):
    """Write progress reports: the owner organisation's people (and the facilitator)."""
    if can_manage_program(user, membership):
        return True
    return is_partner_member_of(membership, milestone.owner_id)


def can_comment(user, membership):
    """Everyone in the program but the read-only program manager."""
    if user.is_admin:
        return True
    if membership is None:
        return False
    return not is_program_manager(membership)


def visible_updates(user, membership, updates):
    """The progress reports of `updates` (a queryset in one program) that the user may see, evidence included.

    - submitted, approved or returned: everyone in the program
    - a draft: its author, the people of the author's organisation, and the facilitator (or an admin)
    """
    if can_manage_program(user, membership):
        return updates
    rule = ~Q(state=ProgressUpdate.State.DRAFT)
    rule |= Q(author=user)
    if membership is not None and membership.is_partner and membership.partner_id:
        rule |= Q(author__organisation_id=membership.partner.organisation_id)
    return updates.filter(rule)


def can_see_update(user, membership, update):
    """The same rule as `visible_updates`, for one report (one query)."""
    return visible_updates(user, membership, ProgressUpdate.objects.filter(pk=update.pk)).exists()


def can_edit_update(user, membership, update):
    """Edit or submit a progress report: its author only, while they may report on the milestone."""
    if update.author_id != user.pk:
        return False
    return can_report_progress(user, membership, update.milestone)


def visible_milestones(user):
    return Milestone.objects.filter(program__in=visible_programs(user))


def access_roadmap(user, program_pk, *, write=False):
    """The program whose road map is shown; write = create outcomes/outputs/milestones."""
    program = access_program(user, program_pk)
    if write and not can_manage_program(user, program.membership):
        raise PermissionDenied
    return program


def access_outcome(user, pk, *, write=False):
    outcome = get_object_or_404(
        Outcome.objects.select_related("program").with_progress().filter(program__in=visible_programs(user)),
        pk=pk,
    )
    outcome.membership = enter_program(user, outcome.program)
    if write and not can_manage_program(user, outcome.membership):
        raise PermissionDenied
    return outcome


def access_output(user, pk, *, write=False):
    output = get_object_or_404(
        Output.objects.select_related("outcome__program")
        .with_progress()
        .filter(outcome__program__in=visible_programs(user)),
        pk=pk,
    )
    output.membership = enter_program(user, output.outcome.program)
    if write and not can_manage_program(user, output.membership):
        raise PermissionDenied
    return output


def access_milestone(user, pk, *, write=False, report=False, comment=False, manage=False):
    """The milestone with `membership` set.

    write: revise it (facilitator, or the owner's partner lead);
    manage: delete it (facilitator);
    report: write a progress report on it (the owner organisation's people);
    comment: add a comment (anyone in the program but the manager).
    """
    milestone = get_object_or_404(
        visible_milestones(user).select_related("program", "output__outcome", "owner__organisation", "responsible"),
        pk=pk,
    )
    membership = enter_program(user, milestone.program)
    milestone.membership = membership
    if write and not can_revise_milestone(user, membership, milestone):
        raise PermissionDenied
    if report and not can_report_progress(user, membership, milestone):
        raise PermissionDenied
    if comment and not can_comment(user, membership):
        raise PermissionDenied
    if manage and not can_manage_program(user, membership):
        raise PermissionDenied
    return milestone


def access_update(user, pk, *, write=False, review=False):
    """A progress report. A draft the user may not see: 404.
    write: its author edits/submits it while draft or returned (nobody else, the facilitator included);
    review: the facilitator approves or returns it."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "milestone__program", "milestone__owner__organisation", "milestone__output__outcome", "author"
        ).filter(milestone__program__in=visible_programs(user)),
        pk=pk,
    )
    membership = enter_program(user, update.milestone.program)
    update.membership = membership
    if not can_see_update(user, membership, update):
        raise Http404
    if write and not can_edit_update(user, membership, update):
        raise PermissionDenied
    if review and not can_manage_program(user, membership):
        raise PermissionDenied
    return update


def access_evidence(user, pk):
    """Evidence follows its progress report: everyone in the program once the report is submitted;
    a draft's files only its author's organisation and the facilitator. Anyone else: 404."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("update__milestone__program").filter(
            update__milestone__program__in=visible_programs(user)
        ),
        pk=pk,
    )
    membership = enter_program(user, evidence.update.milestone.program)
    if not can_see_update(user, membership, evidence.update):
        raise Http404
    return evidence
