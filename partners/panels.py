"""Panels other apps add to the program page, so each app owns its own piece of it.

An app registers in its AppConfig.ready():

    from partners.panels import register_program_panel
    register_program_panel("roadmap", order=10, template="roadmap/_program_panel.html", context=roadmap_panel)

`context(request, program)` returns a dict for the template, or None to hide the panel.
Each panel must run a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable


_PANELS: dict[str, Panel] = {}


def register_program_panel(key, *, order, template, context):
    _PANELS[key] = Panel(key, order, template, context)


def program_panels(request, program):
    """[(template, context), ...] for the panels that apply, in order."""
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, program)
        if context is not None:
            result.append((panel.template, {**context, "program": program}))
    return result
