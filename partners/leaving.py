"""What must be settled before a partner leaves a program, registered by the apps above.

An app whose records would be left dangling (for example open milestones owned by the partner)
registers a check with `register_leave_check(fn)` in its AppConfig.ready(); `fn(partner)` raises
ValidationError with a message for the user.
"""

_CHECKS = []


def register_leave_check(check):
    if check not in _CHECKS:
        _CHECKS.append(check)


def check_leave(partner):
    for check in _CHECKS:
        check(partner)
