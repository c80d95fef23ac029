"""Who may read which report. One place, one rule per line.

- program report: any member of the program (manager, facilitator, partner lead/staff) and admins;
  everyone else gets 404. Partner people see it with individual assessment scores hidden.
- portfolio: admins, managers and facilitators, over the programs they belong to. Partner people
  get 403: they have no portfolio, only their programs' reports (the navbar hides the link).
- export files: only the person who asked for them; anyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partners.access import access_program, is_internal_user, visible_programs
from reports.models import ExportJob


def access_program_report(user, pk):
    """The program (with `membership`, and `hide_individual_scores`) or 404 for outsiders."""
    program = access_program(user, pk)
    program.hide_individual_scores = hides_individual_scores(user, program.membership)
    return program


def hides_individual_scores(user, membership):
    if user.is_admin:
        return False
    if membership is None:
        return True
    if membership.is_partner:
        return True
    return False


def portfolio_programs(user):
    """Programs in the user's portfolio; 403 for partner people, who have none."""
    if not is_internal_user(user):
        raise PermissionDenied
    return visible_programs(user)


def access_export_job(user, pk):
    """A job only its requester can see or download; 404 for everyone else, admins included."""
    return get_object_or_404(ExportJob.objects.filter(requested_by=user), pk=pk)
