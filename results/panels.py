"""The results panel on the shared program page: the indicators furthest off target."""

from results.selectors import furthest_off_target


def results_panel(request, program):
    rows = furthest_off_target([program.pk])
    return {"rows": rows}
