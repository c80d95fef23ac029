"""Where a partner's own goals come from: one source, registered by the app that owns it.

The partnering agreement (governance) states each partner's own goals; the agreement page, the
phase gate and results indicators use that text, so the program page must show the same text
(issue 16, item 10). `partners` sits below governance and cannot import it: governance registers
its reader here from `AppConfig.ready()`, like `partners.panels` and `partners.activity`.

`ProgramPartner.own_goals` is what the partner proposes (its lead may edit it); it becomes the
agreement's text only when the facilitator writes the agreement (the agreement form starts from it).
"""

_SOURCE = None


def register_goals_source(reader):
    """`reader(program)` -> {program partner id: agreed own goals}."""
    global _SOURCE
    _SOURCE = reader


def agreed_goals(program):
    return _SOURCE(program) if _SOURCE is not None else {}
