"""What an API client may read and write: the pages' rules (partners.access, roadmap.access,
reports.access, assessments.access), called, never copied. One line per rule.

- programs, partners, contributions, road map, health-check summaries: members of the program
  (and admins); anyone else 404
- organisations: the directory the pages show (partners.access.visible_organisations)
- progress reports: as on the milestone page, a draft only for whoever may report on its milestone
  (the owner partner's people and the facilitator); writing: roadmap.access (403 for read-only roles)
- portfolio: admins, managers and facilitators; partner people 403
- tokens: only their owner (404 for anyone else)
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from knox.models import AuthToken

from partners.access import can_manage_program, visible_programs
from roadmap.models import ProgressUpdate


def program_updates(user, program):
    """Progress reports of one program (`program.membership` set by access_program) the user may see."""
    updates = ProgressUpdate.objects.filter(milestone__program=program)
    membership = program.membership
    if can_manage_program(user, membership):
        return updates
    # The milestone page's rule: drafts stay with the owner partner's people until submitted.
    rule = ~Q(state=ProgressUpdate.State.DRAFT)
    if membership is not None and membership.is_partner:
        rule |= Q(milestone__owner_id=membership.partner_id)
    return updates.filter(rule)


def visible_program_ids(user):
    return visible_programs(user).values("pk")


def access_token(user, pk):
    """One of the user's own API tokens (the key shown on the profile page); anyone else's: 404."""
    return get_object_or_404(AuthToken.objects.filter(user=user), token_key=pk)
