"""Helpers shared by the page-walking security tests."""

import re
from html.parser import HTMLParser

from django.urls import NoReverseMatch, reverse

from tests.security.registry import OBJECT_URLS, PUBLIC_URLS, kwargs_for
from tests.urlwalk import iter_routes

# Pages that are not HTML pages for a person to look at, or that change state on GET.
NOT_PAGES = {"logout", "set_language", "healthz"}


class _ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_inline = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event-handler attribute")
        if tag == "script":
            kind = (attrs.get("type") or "").lower()
            self._in_inline = "src" not in attrs and kind != "application/json"
        if tag in ("a", "form", "iframe") and re.match(r"\s*javascript:", attrs.get("href") or "", re.I):
            self.problems.append(f"<{tag}> javascript: URL")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline = False

    def handle_data(self, data):
        if self._in_inline and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")


def inline_script_problems(html):
    finder = _ScriptFinder()
    finder.feed(html)
    return finder.problems


def pages_for(world, client=None):
    """(name, url) for every non-admin GET route we can build a URL for: parameterless ones and
    the registered object routes (with the cast world's ids)."""
    for route in iter_routes():
        if not route.name or route.namespace == "admin" or route.name in NOT_PAGES | PUBLIC_URLS:
            continue
        if route.converters and route.name not in OBJECT_URLS:
            continue
        try:
            yield route.name, reverse(route.name, kwargs=kwargs_for(route, world))
        except NoReverseMatch:
            continue
