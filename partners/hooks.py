"""Callbacks for apps above partners that derive something from a program's places.

results keeps a location breakdown option for each of a program's official regions: it registers
`register_regions_listener("results.locations", callback)` from its AppConfig.ready(), and
partners calls every listener with the program, inside the action's transaction, whenever the
program's regions are set (partners.actions._set_regions).
"""

_LISTENERS = {}


def register_regions_listener(key, callback):
    _LISTENERS[key] = callback


def program_regions_changed(program):
    for key in sorted(_LISTENERS):
        _LISTENERS[key](program)
