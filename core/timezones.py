"""Indonesia's three time zones, and a program's own (issue 16, item 16).

A program's dates (what is "today", what is overdue) and the times shown on its pages follow its
`time_zone`: WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura). Anything without a
program (the portfolio, the dashboard across programs) keeps the site's TIME_ZONE (Asia/Jakarta).

Everything here takes a program *or* a zone name, so the floors below `partners` can use it.
"""

import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

TIME_ZONE_CHOICES = [
    (WIB, _("WIB (Western Indonesia, UTC+7)")),
    (WITA, _("WITA (Central Indonesia, UTC+8)")),
    (WIT, _("WIT (Eastern Indonesia, UTC+9)")),
]
DEFAULT_TIME_ZONE = WIB

# The abbreviations Indonesians write after a time ("09.00 WITA"); written out here rather than
# read from the system's tz database, whose abbreviations have changed over the years.
ABBREVIATIONS = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}

# Province codes (Kemendagri, the first two digits of a region code) by zone. Everything not
# listed is WIB: Sumatra, Java, West and Central Kalimantan.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PREFIXES = ("8", "9")  # Maluku, North Maluku and the Papua provinces


def zone_name(program_or_tz):
    """The zone name of a program (its `time_zone`), of a zone name, or of a ZoneInfo; None → the default."""
    if program_or_tz is None:
        return DEFAULT_TIME_ZONE
    if isinstance(program_or_tz, str):
        return program_or_tz or DEFAULT_TIME_ZONE
    if isinstance(program_or_tz, zoneinfo.ZoneInfo):
        return program_or_tz.key
    return getattr(program_or_tz, "time_zone", None) or DEFAULT_TIME_ZONE


def program_timezone(program_or_tz):
    """The ZoneInfo a program's dates and times are in."""
    name = zone_name(program_or_tz)
    if name not in ABBREVIATIONS:
        name = DEFAULT_TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def program_today(program_or_tz, now=None):
    """The program's local date at `now` (default: the current time).

    An overdue or late check about a program compares with this date, not the server's: at 23.30
    WIB it is already the next day in WITA and WIT.
    """
    now = now or timezone.now()
    return timezone.localtime(now, program_timezone(program_or_tz)).date()


def abbreviation(program_or_tz=None):
    """WIB, WITA or WIT; with no argument, of the zone active now (a non-Indonesian zone: its own name)."""
    if program_or_tz is None:
        name = timezone.get_current_timezone_name()
    else:
        name = zone_name(program_or_tz)
    return ABBREVIATIONS.get(name, name)


def suggested_time_zone(province_codes):
    """The zone most of the given provinces are in (by Kemendagri code), WIB when none is given."""
    counts = {}
    for code in province_codes:
        code = str(code)[:2]
        if code in _WITA_PROVINCES:
            zone = WITA
        elif code.startswith(_WIT_PREFIXES):
            zone = WIT
        else:
            zone = WIB
        counts[zone] = counts.get(zone, 0) + 1
    if not counts:
        return DEFAULT_TIME_ZONE
    return max(counts, key=lambda zone: (counts[zone], zone == DEFAULT_TIME_ZONE))


def activate_program_zone(program_or_tz):
    """For the rest of the request: the program's zone. ProgramTimeZoneMiddleware resets it after
    each request, so a thread never carries one program's zone into the next request."""
    timezone.activate(program_timezone(program_or_tz))


def clock_label(time, program_or_tz):
    """A time of day in a program's zone as Indonesians write it: "09.00 WITA" ("09:00 WITA" in English)."""
    if time is None:
        return ""
    return f"{formats.time_format(time, 'TIME_FORMAT')} {abbreviation(program_or_tz)}"
