import datetime
import zoneinfo

from django.utils import timezone

from core.timezones import (
    WIB,
    WIT,
    WITA,
    abbreviation,
    program_timezone,
    program_today,
    suggested_time_zone,
)

UTC = datetime.UTC


class _Program:
    def __init__(self, time_zone):
        self.time_zone = time_zone


def test_program_today_is_the_program_local_date():
    # 16.30 UTC on 1 March: 23.30 WIB, but already 2 March in WITA and WIT.
    now = datetime.datetime(2027, 3, 1, 16, 30, tzinfo=UTC)
    assert program_today(WIB, now) == datetime.date(2027, 3, 1)
    assert program_today(WITA, now) == datetime.date(2027, 3, 2)
    assert program_today(_Program(WIT), now) == datetime.date(2027, 3, 2)


def test_program_today_accepts_a_zoneinfo_and_falls_back_to_wib():
    now = datetime.datetime(2027, 3, 1, 16, 30, tzinfo=UTC)
    assert program_today(zoneinfo.ZoneInfo(WITA), now) == datetime.date(2027, 3, 2)
    assert program_today(None, now) == datetime.date(2027, 3, 1)
    assert program_today("Europe/Nowhere", now) == datetime.date(2027, 3, 1)
    assert program_timezone(_Program("")).key == WIB


def test_abbreviations():
    assert [abbreviation(z) for z in (WIB, WITA, WIT)] == ["WIB", "WITA", "WIT"]
    with timezone.override(program_timezone(_Program(WITA))):
        assert abbreviation() == "WITA"
        assert timezone.localtime(datetime.datetime(2027, 3, 1, 1, 0, tzinfo=UTC)).hour == 9
    assert abbreviation() == "WIB"


def test_the_zone_suggested_by_provinces():
    assert suggested_time_zone(["53"]) == WITA  # Nusa Tenggara Timur
    assert suggested_time_zone(["52", "73"]) == WITA  # NTB, Sulawesi Selatan
    assert suggested_time_zone(["81"]) == WIT  # Maluku
    assert suggested_time_zone(["94"]) == WIT  # Papua Tengah
    assert suggested_time_zone(["31", "53"]) == WIB  # a tie goes to WIB
    assert suggested_time_zone(["31", "53", "64"]) == WITA
    assert suggested_time_zone([]) == WIB
