"""Who may see and change results. One place, one rule per line.

Built on partners.access: outsiders get 404 (objects are looked up in querysets already limited to
the user's programs); members who may only read get 403 when they try to change.

- facilitator of the program (and admins): define indicators, targets and periods; review results
- partner lead or staff: report actuals for the indicators their organisation is responsible for,
  edit their organisation's drafts and returned results, start a correction of an approved one
- other members (managers, other partners' people): read everything, change nothing
- the standard-indicator catalogue: program managers and admins maintain it; facilitators read it;
  partner people have no portfolio: 403 on the list pages, 404 on an entry
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from partners.access import (
    access_program,
    can_manage_program,
    enter_program,
    is_internal_user,
    is_partner_member_of,
    visible_programs,
)
from partners.models import User
from results.models import Indicator, ReportingPeriod, Result, ResultEvidence, StandardIndicator


def can_report_for(membership, indicator):
    """A lead or staff member of one of the indicator's responsible partners."""
    if membership is None:
        return False
    if not membership.is_partner:
        return False
    return indicator.partners.filter(pk=membership.partner_id).exists()


def can_maintain_catalogue(user):
    """Program managers and admins keep the catalogue of standard indicators."""
    if user.is_admin:
        return True
    return user.role == User.Role.MANAGER


def access_results(user, program_pk, *, write=False):
    """The program whose results are shown; write = define indicators and periods (the facilitator)."""
    return access_program(user, program_pk, write=write)


def access_indicator(user, pk, *, write=False):
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "program", "outcome", "output", "partner_goal__partner__organisation", "standard"
        ).filter(program__in=visible_programs(user)),
        pk=pk,
    )
    indicator.membership = enter_program(user, indicator.program)
    if write and not can_manage_program(user, indicator.membership):
        raise PermissionDenied
    return indicator


def access_report_slot(user, indicator_pk, period_pk):
    """(indicator, period) for a new report: 404 outside the program, 403 unless the user's
    organisation is responsible for the indicator."""
    indicator = access_indicator(user, indicator_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk, program=indicator.program_id)
    if not can_report_for(indicator.membership, indicator):
        raise PermissionDenied
    return indicator, period


def access_result(user, pk, *, write=False, review=False):
    """A result. write: people of its partner edit / submit / correct it; review: the facilitator."""
    result = get_object_or_404(
        Result.objects.select_related(
            "indicator__program", "period", "partner__organisation", "author", "previous"
        ).filter(indicator__program__in=visible_programs(user)),
        pk=pk,
    )
    membership = enter_program(user, result.indicator.program)
    result.membership = membership
    if write and not is_partner_member_of(membership, result.partner_id):
        raise PermissionDenied
    if review and not can_manage_program(user, membership):
        raise PermissionDenied
    return result


def access_result_evidence(user, pk):
    """Evidence files are read by everyone in the program, nobody else."""
    return get_object_or_404(
        ResultEvidence.objects.select_related("result").filter(result__indicator__program__in=visible_programs(user)),
        pk=pk,
    )


def access_catalogue(user, *, write=False):
    """The standard-indicator catalogue: internal users read, managers and admins maintain."""
    if not is_internal_user(user):
        raise PermissionDenied
    if write and not can_maintain_catalogue(user):
        raise PermissionDenied


def access_standard_indicator(user, pk, *, write=False):
    """One catalogue entry: 404 for partner people (not their data), 403 for internal users who only read."""
    if not is_internal_user(user):
        raise Http404
    standard = get_object_or_404(StandardIndicator, pk=pk)
    access_catalogue(user, write=write)
    return standard


def portfolio_programs(user):
    """The programs in the user's portfolio; 403 for partner people (they have none)."""
    if not is_internal_user(user):
        raise PermissionDenied
    return visible_programs(user)
