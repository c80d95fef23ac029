"""The active time zone never leaks from one request or task to the next (issue 16, item 16)."""

import zoneinfo
from types import SimpleNamespace

from django.utils import timezone

from kemitraan.celery import site_time_zone
from kemitraan.middleware import ProgramTimeZoneMiddleware

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def test_each_request_starts_and_ends_in_the_site_zone():
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        timezone.activate(WITA)  # what a program page's access check does
        return "response"

    timezone.activate(WITA)  # left behind by an earlier request on this thread
    try:
        assert ProgramTimeZoneMiddleware(view)(object()) == "response"
        assert seen == ["Asia/Jakarta"]
        assert timezone.get_current_timezone_name() == "Asia/Jakarta"
    finally:
        timezone.deactivate()


def test_a_worker_task_starts_in_the_site_zone_but_an_eager_one_keeps_the_page_zone():
    try:
        timezone.activate(WITA)
        site_time_zone(task=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
        assert timezone.get_current_timezone_name() == "Asia/Makassar"
        site_time_zone(task=SimpleNamespace(request=SimpleNamespace(is_eager=False)))
        assert timezone.get_current_timezone_name() == "Asia/Jakarta"
    finally:
        timezone.deactivate()
