"""Meetings have a start time in the program's zone (issue 16, item 16)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation.models import Meeting
from facilitation.tests.factories import MeetingFactory
from facilitation.tests.test_meetings import meeting_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def wita(cast):
    cast.program.time_zone = "Asia/Makassar"
    cast.program.save(update_fields=["time_zone"])
    return cast


def test_the_facilitator_gives_a_meeting_a_start_time_shown_with_the_zone(wita, login):
    client = login(wita.fasilitator)
    form = client.get(reverse("facilitation:meeting_create", args=[wita.program.pk])).content.decode()
    assert 'type="time"' in form and "WITA" in form
    data = meeting_data(wita, start_time="09:00", decisions="")
    response = client.post(reverse("facilitation:meeting_create", args=[wita.program.pk]), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.start_time == datetime.time(9, 0)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "09:00 WITA" in page
    minutes = client.get(reverse("facilitation:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "09:00 WITA" in minutes
    listing = client.get(reverse("facilitation:meeting_list", args=[wita.program.pk])).content.decode()
    assert "09:00 WITA" in listing


def test_the_start_time_reads_the_indonesian_way_in_indonesian(wita, login, client, settings):
    meeting = MeetingFactory(program=wita.program, start_time=datetime.time(14, 30))
    client = login(wita.staf_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Waktu mulai" in page and "14.30 WITA" in page


def test_a_meeting_without_start_time_still_saves(cast, login):
    response = login(cast.fasilitator).post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]), meeting_data(cast, decisions="")
    )
    assert response.status_code == 302 and Meeting.objects.get().start_time is None


def test_a_bad_start_time_is_refused_without_saving(cast, login):
    response = login(cast.fasilitator).post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]),
        meeting_data(cast, start_time="25:99", decisions=""),
    )
    assert response.status_code in (200, 400)
    assert "start_time" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_program_pages_are_in_the_program_zone_and_the_next_request_is_not(wita, login):
    meeting = MeetingFactory(program=wita.program)
    client = login(wita.fasilitator)
    response = client.get(meeting.get_absolute_url())
    # updated_at is shown in the program's zone, with its abbreviation.
    assert (
        timezone.localtime(meeting.updated_at, datetime.timezone(datetime.timedelta(hours=8))).strftime("%H:%M WITA")
        in response.content.decode()
    )
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"  # reset after the request


# Notifications (issue 16, item 13) -----------------------------------------------------------------


def test_an_action_item_notification_names_the_program_and_is_done_when_the_items_are(cast, login):
    from facilitation.actions import do_set_action_item_done
    from facilitation.models import ActionItem
    from facilitation.tests.test_meetings import item
    from notifications.models import Notification
    from notifications.registry import done_ids

    data = meeting_data(
        cast,
        [item(cast, owner_person=cast.staf_a.pk), item(cast, description="Kedua", owner_person=cast.staf_a.pk)],
        decisions="",
    )
    login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    meeting = Meeting.objects.get()
    note = Notification.objects.get(user=cast.staf_a, kind="action_item_assigned")
    assert cast.program.name in note.label and meeting.title in note.label
    first, second = ActionItem.objects.filter(meeting=meeting).order_by("pk")
    do_set_action_item_done(cast.fasilitator, first, True)
    note.refresh_from_db()
    assert note.read_at is None  # one of her two items is still open
    assert done_ids("action_item", {first.pk, second.pk}) == {first.pk}
    assert done_ids("meeting_action_items", {meeting.pk}) == set()
    do_set_action_item_done(cast.fasilitator, second, True)
    note.refresh_from_db()
    assert note.read_at is not None
    assert done_ids("meeting_action_items", {meeting.pk}) == {meeting.pk}


@pytest.mark.parametrize(("zone", "overdue"), [("Asia/Jakarta", False), ("Asia/Makassar", True)])
def test_overdue_on_a_program_page_is_by_the_program_date(cast, login, time_machine, zone, overdue):
    """At 23.30 WIB on 1 March it is already 2 March in WITA: an item due on 1 March is late there."""
    from facilitation.tests.factories import ActionItemFactory

    time_machine.move_to(datetime.datetime(2027, 3, 1, 16, 30, tzinfo=datetime.UTC), tick=False)
    cast.program.time_zone = zone
    cast.program.save(update_fields=["time_zone"])
    meeting = MeetingFactory(program=cast.program, date=datetime.date(2027, 2, 20))
    ActionItemFactory(meeting=meeting, due_date=datetime.date(2027, 3, 1), owner_partner=cast.partner_a)
    page = login(cast.fasilitator).get(meeting.get_absolute_url()).content.decode()
    assert ('badge text-bg-danger">Overdue' in page) is overdue
