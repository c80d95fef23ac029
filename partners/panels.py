"""Panels other apps add to the program page, so each app owns its own piece of it.

An app registers in its AppConfig.ready():

    from partners.panels import register_program_panel
    register_program_panel("roadmap", order=10, template="roadmap/_program_panel.html", context=roadmap_panel)

`context(request, program)` returns a dict for the template, or None to hide the panel.
Each panel must run a constant number of queries. A panel registered with a `title` (lazy-translated,
the same words as its heading) gets a link in the program page's in-page navigation (issue 16,
item 14); one without stays off the navigation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from partners.access import can_manage_program
from partners.quota import storage_usage


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable
    title: str = ""


@dataclass(frozen=True)
class ShownPanel:
    """A panel that applies to this program; its anchor on the page is `#section-<key>`."""

    key: str
    title: str
    template: str
    context: dict


_PANELS: dict[str, Panel] = {}


def register_program_panel(key, *, order, template, context, title=""):
    _PANELS[key] = Panel(key, order, template, context, title)


def program_panels(request, program):
    """[ShownPanel, ...] for the panels that apply, in order."""
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, program)
        if context is not None:
            result.append(ShownPanel(panel.key, panel.title, panel.template, {**context, "program": program}))
    return result


# The organisation (partner) page ------------------------------------------------------------
# `context(request, organisation, programs)` where `programs` is the queryset of programs the
# reader may see (use it as a subquery, e.g. `program__in=programs`), returning a dict or None.

_ORGANISATION_PANELS: dict[str, Panel] = {}


def register_organisation_panel(key, *, order, template, context):
    _ORGANISATION_PANELS[key] = Panel(key, order, template, context)


def organisation_panels(request, organisation, programs):
    """[(template, context), ...] for the organisation page's panels that apply, in order."""
    result = []
    for panel in sorted(_ORGANISATION_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, organisation, programs)
        if context is not None:
            result.append((panel.template, {**context, "organisation": organisation}))
    return result


def storage_panel(request, program):
    """The partners app's own panel: the program's file storage, used / quota. One query.

    Shown to the program's facilitators and admins only. Partner people and managers cannot
    raise the quota or tidy the program's files; a partner whose upload does not fit is told the
    usage and the limit at that moment.
    """
    if not can_manage_program(request.user, getattr(program, "membership", None)):
        return None
    return {"usage": storage_usage(program)}
