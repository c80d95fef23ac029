"""The road-map panel on the shared program page (two queries, whatever the size)."""

from django.db.models import Count, Q
from django.utils import timezone

from roadmap.models import OPEN_STATUSES, Milestone, MilestoneStatus, ProgressUpdate


def roadmap_panel(request, program):
    today = timezone.localdate()
    counts = Milestone.objects.filter(program=program).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=MilestoneStatus.DONE)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        blocked=Count("pk", filter=Q(status=MilestoneStatus.BLOCKED)),
    )
    counts["awaiting_review"] = ProgressUpdate.objects.filter(
        milestone__program=program, state=ProgressUpdate.State.SUBMITTED
    ).count()
    counts["percent_done"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 0
    return {"counts": counts}
