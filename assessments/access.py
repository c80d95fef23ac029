"""Who sees and changes assessments. One place, one rule per line.

| who                  | sees                                                                |
|----------------------|---------------------------------------------------------------------|
| a person             | their own results                                                   |
| their partner lead   | the people of their organisation in that program                    |
| the facilitator      | everyone in the programs they facilitate (admins: everyone)         |
| a program manager    | aggregates only; a person's scores only if that person agreed and   |
|                      | that cannot single anyone else out (assessments.anonymity)          |
| outsiders            | nothing: 404                                                        |

From health check to action (issue 15, item 11): every member of the program sees a round's action
plan; the facilitator (and admins) write it; an item is marked done (or reopened) by the
facilitator, by the person who owns it, or by a lead of the partner that owns it.

A program member asking for someone they may not see gets 403. Nobody edits another
person's self-assessment (403); only the program's facilitator opens and closes rounds.
Averages are shown only when they cannot single anyone out (assessments.anonymity); the
facilitator, who sees everyone, sees them all.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from assessments import anonymity
from assessments.models import Assessment, CapacityPlan, HealthAction, ResultConsent, Round
from partners.access import (
    access_program,
    can_manage_program,
    enter_program,
    is_partner_lead,
    is_partner_lead_of,
    is_program_manager,
    visible_programs,
)
from partners.models import Membership


def manager_consents(program):
    """People whose individual results program managers may see: they agreed, and showing them cannot,
    together with the published averages, single out someone who did not (two queries, cached)."""
    if not hasattr(program, "_manager_consents"):
        consented = ResultConsent.objects.filter(program=program, shares_with_managers=True).values_list(
            "user_id", flat=True
        )
        program._manager_consents = anonymity.honoured_consents(anonymity.program_blocks(program), set(consented))
    return program._manager_consents


def manager_may_see(program, subject_id):
    return subject_id in manager_consents(program)


def can_see_person(user, membership, program, subject_membership):
    """May `user` (with `membership` in program) see the individual results of `subject_membership`?"""
    if subject_membership.user_id == user.pk:
        return True
    if can_manage_program(user, membership):
        return True
    if subject_membership.partner_id and is_partner_lead_of(membership, subject_membership.partner_id):
        return True
    if is_program_manager(membership) and manager_may_see(program, subject_membership.user_id):
        return True
    return False


def visible_people(user, program):
    """Memberships of `program` whose individual results `user` may see (one query, lazy)."""
    membership = program.membership
    # all_objects: the results of people whose partner has left stay readable (history).
    people = Membership.all_objects.filter(program=program).select_related("user", "partner__organisation")
    if can_manage_program(user, membership):
        return people
    rule = Q(user=user)
    if is_partner_lead(membership):
        rule |= Q(partner_id=membership.partner_id)
    if is_program_manager(membership):
        rule |= Q(user_id__in=manager_consents(program))
    return people.filter(rule)


def access_assessment_program(user, pk, *, write=False):
    """The program, for assessment pages. `write` = open rounds, edit plans: facilitators only."""
    program = access_program(user, pk)
    if write and not can_manage_program(user, program.membership):
        raise PermissionDenied
    return program


def access_round(user, pk, *, write=False):
    """The round; `round.program.membership` set. `write` (close, reopen): the program's facilitator."""
    round_ = get_object_or_404(
        Round.objects.select_related("program", "framework", "facilitator_framework"),
        pk=pk,
        program__in=visible_programs(user),
    )
    round_.program.membership = enter_program(user, round_.program)
    if write and not can_manage_program(user, round_.program.membership):
        raise PermissionDenied
    return round_


def access_person(user, program, user_pk):
    """The subject's Membership in program, if `user` may see their individual results.

    Not a member of the program: 404. A member the user may not see: 403.
    """
    subject = get_object_or_404(
        Membership.all_objects.select_related("user", "partner__organisation"), program=program, user_id=user_pk
    )
    if not can_see_person(user, program.membership, program, subject):
        raise PermissionDenied
    return subject


def can_see_organisation(user, membership, partner_id):
    """Organisation aggregates: the facilitator, program managers, and that partner's lead."""
    if can_manage_program(user, membership):
        return True
    if is_program_manager(membership):
        return True
    if is_partner_lead_of(membership, partner_id):
        return True
    return False


def access_partner_results(user, program, partner_pk):
    partner = get_object_or_404(program.partners.select_related("organisation"), pk=partner_pk)
    if not can_see_organisation(user, program.membership, partner.pk):
        raise PermissionDenied
    return partner


def rating_kind(user, membership, subject):
    """Which kind of assessment `user` may give `subject` (a Membership), or None.

    - the subject themself: self-assessment
    - the program's facilitator (or an admin) rating someone else: facilitator rating
    - a partner person rating a facilitator or someone of another partner: peer rating
    """
    if subject.user_id == user.pk:
        return Assessment.Kind.SELF
    if can_manage_program(user, membership):
        return Assessment.Kind.FACILITATOR
    if membership is None or not membership.is_partner:
        return None
    if subject.partner_id is None and subject.is_facilitator:
        return Assessment.Kind.PEER
    if subject.partner_id is not None and subject.partner_id != membership.partner_id:
        return Assessment.Kind.PEER
    return None


def is_assessed(round_, subject):
    """Is this member assessed in the round? Partner people always; facilitators when the round says so."""
    if subject.is_partner:
        return True
    return subject.is_facilitator and round_.include_facilitators


def access_rating(user, round_pk, subject_pk):
    """(round, subject membership, kind) for the assessment form. Outsider 404, not allowed 403."""
    round_ = access_round(user, round_pk)
    subject = get_object_or_404(
        Membership.objects.select_related("user", "partner__organisation"),
        program=round_.program,
        user_id=subject_pk,
    )
    if not is_assessed(round_, subject):
        raise PermissionDenied
    kind = rating_kind(user, round_.program.membership, subject)
    if kind is None:
        raise PermissionDenied
    return round_, subject, kind


def is_health_respondent(membership):
    """A partner's representative (or its lead) answers the health check."""
    if membership is None or not membership.is_partner:
        return False
    return membership.is_representative or membership.is_lead


def access_health_check(user, round_pk):
    round_ = access_round(user, round_pk)
    if not is_health_respondent(round_.program.membership):
        raise PermissionDenied
    return round_


def visible_plans(user, program):
    """Capacity plans the user may see: person plans by the person rule, organisation plans to its people,
    the facilitator and managers."""
    membership = program.membership
    plans = CapacityPlan.objects.filter(program=program)
    if can_manage_program(user, membership):
        return plans
    people = visible_people(user, program).values("user_id")
    rule = Q(person_id__in=people)
    if is_program_manager(membership):
        rule |= Q(partner__isnull=False)
    if membership is not None and membership.partner_id:
        rule |= Q(partner_id=membership.partner_id)
    return plans.filter(rule)


def access_plan(user, pk, *, write=False):
    plan = get_object_or_404(
        CapacityPlan.objects.select_related("program", "person", "partner__organisation"),
        pk=pk,
        program__in=visible_programs(user),
    )
    plan.program.membership = enter_program(user, plan.program)
    if not visible_plans(user, plan.program).filter(pk=plan.pk).exists():
        raise PermissionDenied
    if write and not can_manage_program(user, plan.program.membership):
        raise PermissionDenied
    return plan


def can_complete_health_action(user, membership, action):
    """Mark an action-plan item done or open again."""
    if can_manage_program(user, membership):
        return True
    if action.owner_person_id is not None and action.owner_person_id == user.pk:
        return True
    return action.owner_partner_id is not None and is_partner_lead_of(membership, action.owner_partner_id)


def access_health_action(user, pk, *, complete=False):
    """An action-plan item (with `.round.program.membership`); complete=True to mark it done."""
    action = get_object_or_404(
        HealthAction.objects.select_related("round__program", "dimension", "owner_partner__organisation"),
        pk=pk,
        round__program__in=visible_programs(user),
    )
    membership = enter_program(user, action.round.program)
    action.round.program.membership = membership
    if complete and not can_complete_health_action(user, membership, action):
        raise PermissionDenied
    return action
