"""The road-map panel on the shared program page (two queries, whatever the size)."""

from roadmap.models import Milestone, ProgressUpdate


def roadmap_panel(request, program):
    return {
        "figures": Milestone.objects.filter(program=program).figures(),
        "waiting_review": ProgressUpdate.objects.filter(milestone__program=program).waiting_review().count(),
    }
