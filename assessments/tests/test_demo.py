"""The demo seed is idempotent and tells a believable story."""

import pytest

from assessments import demo, selectors
from assessments.models import (
    Assessment,
    CapacityPlan,
    FacilitatorCredential,
    HealthCheck,
    HealthScore,
    Round,
    Score,
    Training,
)


def counts():
    models = [Round, Assessment, Score, HealthCheck, HealthScore, CapacityPlan, Training, FacilitatorCredential]
    return [m.objects.count() for m in models]


@pytest.mark.django_db
def test_seed_twice_changes_nothing_and_a_dimension_falls(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from partners import demo as partners_demo

    ctx = {}
    partners_demo.seed(ctx)
    demo.seed(ctx)
    first = counts()
    demo.seed(ctx)
    assert counts() == first
    assert first[0] == 4  # two rounds in each of programs [0] and [2]
    for program in (ctx["programs"][0], ctx["programs"][2]):
        comparison = selectors.health_comparison(program)
        assert len(comparison["rounds"]) == 2
        assert comparison["too_few"] == []  # enough answers to show results (docs/security.md)
        latest = selectors.latest_scores_for_programs([program.pk])[program.pk]
        assert latest["competency"] is not None and latest["health"] is not None
        assert [row["dimension"].code for row in comparison["falling"]] == ["kepercayaan-konflik"]
        improving = [row for row in comparison["rows"] if row["latest"]["change"] and row["latest"]["change"] > 0]
        assert len(improving) >= 4
    trainings = Training.objects.filter(plan__program=ctx["programs"][0])
    assert trainings.filter(is_formal=True, attended=True).exclude(knowledge_transfer="").exists()
    assert FacilitatorCredential.objects.filter(facilitator__username="fasilitator", is_certified=True).count() == 2
