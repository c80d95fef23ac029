"""Days written the reader's way ("30 November 2026" / "30 November 2026"), remembered per language.

Django's date formatting builds a formatter and translates the month name on every call; a report
writes a few hundred dates that fall on far fewer days (issue 19: about a fifth of the program
report's rendering). The text of a day depends only on the day, the named format and the active
language's format module, so it is kept once computed. The cache is emptied when a test changes
settings, as Django's own format cache is.
"""

import datetime
from functools import lru_cache

from django.core.signals import setting_changed
from django.utils.formats import date_format
from django.utils.translation import get_language


def format_day(value, format_name="DATE_FORMAT"):
    """`value` (a date, or a datetime already in the reader's zone) as `format_name` writes it."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _day_text(value, format_name, get_language())


@lru_cache(maxsize=4096)
def _day_text(day, format_name, language):
    return date_format(day, format_name)


def _forget(**kwargs):
    _day_text.cache_clear()


setting_changed.connect(_forget)
