"""Writes owned by core: claiming one-time form tokens, and purging old ones."""

import functools

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.forms import FORM_TOKEN_MAX_AGE
from core.models import FormSubmission


class AlreadySubmittedError(Exception):
    """The form's token was claimed before: this POST is a replay, and nothing was written."""

    def __init__(self, result_url=""):
        super().__init__("form already submitted")
        self.result_url = result_url


def do_claim_form_token(actor, token):
    """INSERT the token as a primary key, inside the caller's transaction.

    Of two requests with one token, one INSERT wins; the other (on PostgreSQL, after waiting for
    the winner to commit) hits the key and raises AlreadySubmittedError carrying where the winner
    landed. The savepoint keeps the caller's transaction usable for that last read.
    """
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=actor)
    except IntegrityError:
        url = FormSubmission.objects.filter(token=token, user=actor).values_list("result_url", flat=True).first()
        raise AlreadySubmittedError(url or "") from None


def submit_once(action):
    """Decorate a create action so that it runs at most once per form token.

    The decorated action takes a keyword `form_token` (the form's `submit_token`; None when the
    call does not come from a form). The token is claimed first, in the same transaction as the
    action's writes: if the action fails, the claim is rolled back with it and the form can be
    sent again; if it succeeds, a replay raises AlreadySubmittedError and writes nothing.
    """

    @functools.wraps(action)
    @transaction.atomic
    def wrapper(actor, *args, form_token=None, **kwargs):
        if form_token is None:
            return action(actor, *args, **kwargs)
        claim = do_claim_form_token(actor, form_token)
        result = action(actor, *args, **kwargs)
        url = _result_url(result)
        if url:
            FormSubmission.objects.filter(pk=claim.pk).update(result_url=url[:500])
        return result

    return wrapper


def _result_url(result):
    get_url = getattr(result, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


@transaction.atomic
def do_purge_form_submissions(now=None):
    """Delete claimed tokens old enough to be refused as expired anyway; returns how many."""
    cutoff = (now or timezone.now()) - FORM_TOKEN_MAX_AGE
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
