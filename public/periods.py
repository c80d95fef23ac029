"""Bulletin periods: the last complete month or quarter before a day."""

import datetime

from django.utils import formats

from reports.forms import Period, quarter_period


def month_period(year, month):
    start = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, following - datetime.timedelta(days=1), formats.date_format(start, "YEAR_MONTH_FORMAT"))


def last_complete_period(frequency, today):
    if frequency == "monthly":
        previous = today.replace(day=1) - datetime.timedelta(days=1)
        return month_period(previous.year, previous.month)
    quarter = (today.month - 1) // 3 + 1
    if quarter == 1:
        return quarter_period(today.year - 1, 4)
    return quarter_period(today.year, quarter - 1)
