"""Personal API tokens: created and revoked by their owner (profile page or manage.py create_api_token).

knox stores only a hash of the token; the token itself is returned once, here, and never again.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def do_create_api_token(actor, *, days):
    """A new token for `actor` that expires after `days` days -> (AuthToken, the token text shown once)."""
    if days not in settings.API_TOKEN_DAYS:
        raise ValidationError(_("Choose how long the token lasts."), code="days")
    if AuthToken.objects.filter(user=actor).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You have %(count)s API tokens; revoke one first.") % {"count": MAX_TOKENS_PER_USER},
            code="too_many_tokens",
        )
    return AuthToken.objects.create(user=actor, expiry=datetime.timedelta(days=days))


@transaction.atomic
def do_revoke_api_token(actor, token):
    """Revoke one of the actor's own tokens (access.access_token checks the owner)."""
    AuthToken.objects.filter(user=actor, digest=token.digest).delete()
