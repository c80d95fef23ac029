import pytest

from partners import demo as partners_demo
from roadmap import demo
from roadmap.models import Milestone, ProgressUpdate, Revision

pytestmark = pytest.mark.django_db


def test_demo_road_maps_are_mixed_and_idempotent():
    ctx = {}
    partners_demo.seed(ctx)
    demo.seed(ctx)
    counts = (Milestone.objects.count(), Revision.objects.count(), ProgressUpdate.objects.count())
    demo.seed(ctx)
    assert (Milestone.objects.count(), Revision.objects.count(), ProgressUpdate.objects.count()) == counts
    running = [ctx["programs"][0], ctx["programs"][2]]
    for program in running:
        milestones = list(Milestone.objects.filter(program=program))
        assert 20 <= len(milestones) <= 40
        assert any(m.is_overdue for m in milestones)
        assert ProgressUpdate.objects.filter(milestone__program=program, state="submitted").exists()
        assert Revision.objects.filter(program=program, field="due_date").exists()
    mitra_a = ctx["users"]["mitra_a"]
    assert Milestone.objects.filter(owner__memberships__user=mitra_a).exists()
