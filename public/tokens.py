"""Signed unsubscribe links: the token names one recipient and cannot be forged for another."""

from django.core import signing

SALT = "public.bulletin.unsubscribe"


def unsubscribe_token(recipient):
    return signing.dumps({"r": recipient.pk, "e": recipient.email.lower()}, salt=SALT)


def recipient_id_from(token):
    """(recipient id, email) from a token, or None if it was altered."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    return data["r"], str(data.get("e", ""))
