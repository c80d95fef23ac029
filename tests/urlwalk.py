"""Walk every URL pattern of the root URLconf, so security tests cover new routes automatically."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" (or "" for an unnamed route)
    converters: dict  # kwarg name -> converter instance
    route: str  # the full route text, for messages

    @property
    def int_kwargs(self):
        return [k for k, c in self.converters.items() if isinstance(c, IntConverter)]

    @property
    def namespace(self):
        return self.name.split(":")[0] if ":" in self.name else ""


def _pattern_text(pattern):
    return str(pattern.pattern)


def iter_routes(resolver=None, prefix="", namespace="", converters=None):
    resolver = resolver or get_resolver()
    converters = converters or {}
    for entry in resolver.url_patterns:
        text = prefix + _pattern_text(entry)
        own = dict(converters)
        own.update(getattr(entry.pattern, "converters", {}) or {})
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from iter_routes(entry, text, ns, own)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            full = f"{namespace}:{name}" if namespace and name else name
            # Regex groups (re_path) have no converter: note them as strings.
            for group in re.findall(r"\(\?P<(\w+)>", text):
                own.setdefault(group, StringConverter())
            yield Route(full, own, text)


def dummy_value(converter):
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, SlugConverter | PathConverter | StringConverter):
        return "x"
    return "x"
