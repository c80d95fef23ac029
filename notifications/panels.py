"""The reminder-settings link on the program page (no queries: settings load on their own page)."""

from partners.access import can_manage_program


def reminder_settings(request, program):
    """Shown to the program's facilitators and admins only."""
    if not can_manage_program(request.user, getattr(program, "membership", None)):
        return None
    return {}
