"""The reminder-settings link on the program page (no queries: settings load on their own page)."""


def reminder_settings(request, program):
    """Shown to the program's facilitators and admins only."""
    user = request.user
    membership = getattr(program, "membership", None)
    if not (user.is_admin or (membership is not None and membership.is_facilitator)):
        return None
    return {}
