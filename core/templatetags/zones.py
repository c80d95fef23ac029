"""Times of day with their zone: {{ meeting.start_time|clock }} → "09.00 WITA" (issue 16, item 16)."""

from django import template

from core.timezones import clock_label

register = template.Library()


@register.filter
def clock(value, program=None):
    """A time in the active zone (a program page's is the program's), or in `program`'s zone."""
    return clock_label(value, program)
