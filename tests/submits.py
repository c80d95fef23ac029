"""Helpers for the double-submit tests: the token a page issued, and what the user was told."""

import re

from django.contrib.messages import get_messages

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def page_token(response):
    """The one-time token the rendered form carries (the browser sends it back on submit)."""
    found = TOKEN.findall(response.content.decode())
    assert len(found) == 1, f"expected one form_token on the page, found {len(found)}"
    return found[0]


def told(response):
    """The messages the response queued for the user."""
    return [str(m) for m in get_messages(response.wsgi_request)]


ALREADY_SAVED = "This was already saved, so it was not saved a second time."
