"""What an API client may read and write: the pages' rules (partners.access, roadmap.access,
reports.access, assessments.access), called, never copied. One line per rule.

- programs, partners, contributions, road map, health-check summaries: members of the program
  (and admins); anyone else 404
- organisations: the directory the pages show (partners.access.visible_organisations)
- progress reports: as on the milestone page (roadmap.access.visible_updates: a draft only for its
  author's organisation and the facilitator); writing: roadmap.access (403 for read-only roles)
- portfolio: admins, managers and facilitators; partner people 403
- tokens: only their owner (404 for anyone else)
"""

from django.shortcuts import get_object_or_404
from knox.models import AuthToken

from roadmap.access import visible_updates
from roadmap.models import ProgressUpdate


def program_updates(user, program):
    """Progress reports of one program (`program.membership` set by access_program) the user may see:
    roadmap.access.visible_updates, the milestone page's rule (drafts stay with their author's organisation)."""
    return visible_updates(user, program.membership, ProgressUpdate.objects.filter(milestone__program=program))


def access_token(user, pk):
    """One of the user's own API tokens (the key shown on the profile page); anyone else's: 404."""
    return get_object_or_404(AuthToken.objects.filter(user=user), token_key=pk)
