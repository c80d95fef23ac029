"""The facilitation panel on the program page: last and next meeting, the latest activity lines."""

from django.utils import timezone

from facilitation.models import Meeting
from partners.models import Activity

PANEL_ACTIVITY_LINES = 5


def facilitation_panel(request, program):
    """Three queries, whatever the program holds."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(program=program)
    last = meetings.filter(status=Meeting.Status.HELD).order_by("-date", "-pk").first()
    upcoming = meetings.filter(status=Meeting.Status.PLANNED, date__gte=today).order_by("date", "pk").first()
    activities = list(Activity.objects.filter(program=program).select_related("actor")[:PANEL_ACTIVITY_LINES])
    return {"last_meeting": last, "next_meeting": upcoming, "activities": activities}
