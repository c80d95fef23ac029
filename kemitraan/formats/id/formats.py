"""Display formats for Bahasa Indonesia: one for dates, one for date-times (issue 16, item 11).

Django falls back to its own ``django.conf.locale.id.formats`` for anything not named here
(input formats, separators). Templates name these formats (``|date:"DATE_FORMAT"``) and never
spell a pattern out; ``kemitraan/tests/test_formats.py`` keeps it that way.
"""

DATE_FORMAT = "j F Y"  # 30 November 2026
# With the zone the time is in (a program page: the program's, issue 16, item 16).
DATETIME_FORMAT = "j F Y, H.i T"  # 30 November 2026, 14.05 WITA
TIME_FORMAT = "H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# The short forms are the same as the long ones, so no page can show a second format.
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
