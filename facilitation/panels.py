"""The facilitation panels on the program page: last and next meeting, the latest activity lines; lessons
from other programs that the facilitator, as promoter of ideas, can share."""

from django.utils import timezone

from facilitation.access import can_read_journal, can_read_library
from facilitation.models import HandOver, Lesson, Meeting
from facilitation.selectors import facilitation_summary
from partners.access import can_manage_program
from partners.models import Activity, Organisation

PANEL_LESSONS = 3

PANEL_ACTIVITY_LINES = 5


def facilitation_panel(request, program):
    """Six queries, whatever the program holds (meetings, activity, facilitation and the last hand-over)."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(program=program)
    last = meetings.filter(status=Meeting.Status.HELD).order_by("-date", "-pk").first()
    upcoming = meetings.filter(status=Meeting.Status.PLANNED, date__gte=today).order_by("date", "pk").first()
    activities = list(Activity.objects.filter(program=program).select_related("actor")[:PANEL_ACTIVITY_LINES])
    last_hand_over = HandOver.objects.filter(program=program).select_related("from_user", "to_user").first()
    return {
        "last_meeting": last,
        "next_meeting": upcoming,
        "activities": activities,
        "last_hand_over": last_hand_over,
        "can_read_journal": can_read_journal(request.user, getattr(program, "membership", None)),
        **facilitation_summary(program),
    }


def lessons_panel(request, program):
    """A few published lessons of other programs in the same sector or province. One query; internal users only
    (the library is theirs: facilitators, in their role of promoter of ideas, share it with the partners)."""
    if not can_read_library(request.user):
        return None
    sectors = Organisation.objects.filter(program_partners__program=program).values("sector")
    provinces = program.provinces.values("pk")
    lessons = list(Lesson.objects.relevant_to(program, sectors, provinces).select_related("province")[:PANEL_LESSONS])
    return {"lessons": lessons, "can_publish": can_manage_program(request.user, getattr(program, "membership", None))}
