"""Display formats for English: one for dates, one for date-times (issue 16, item 11).

Django falls back to its own ``django.conf.locale.en.formats`` for anything not named here.
"""

DATE_FORMAT = "j F Y"  # 30 November 2026
# With the zone the time is in (a program page: the program's, issue 16, item 16).
DATETIME_FORMAT = "j F Y, H:i T"  # 30 November 2026, 14:05 WITA
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
