"""seed_scale at a tiny size: the shape the benchmark relies on, and idempotence per stage."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from partners.models import Membership, Organisation, Program, ProgramPartner, User
from roadmap.models import Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db

SIZES = {"programs": 4, "organisations": 12, "people": 40, "milestones": 120, "largest": 45}


def seed(**extra):
    out = StringIO()
    call_command("seed_scale", **{**SIZES, **extra}, stdout=out)
    return out.getvalue()


def test_seeds_the_requested_sizes_with_a_progress_bar():
    output = seed()
    assert Program.objects.filter(name__startswith="Skala").count() == 4
    assert Organisation.objects.filter(name__startswith="Skala").count() == 12
    assert User.objects.filter(username__startswith="skala_").count() == 40
    assert Milestone.objects.filter(program__name__startswith="Skala").count() == 120
    assert "milestones" in output and "[####" in output
    # Every organisation takes part in some program, and every program has partners and a facilitator.
    assert ProgramPartner.objects.values("organisation").distinct().count() == 12
    assert all(n >= 2 for n in Program.objects.annotate(n=Count("partners")).values_list("n", flat=True))
    with_facilitator = Membership.objects.filter(role="facilitator").values("program").distinct().count()
    assert with_facilitator == 4


def test_largest_program_and_busiest_people_exist():
    seed()
    sizes = sorted(Program.objects.annotate(n=Count("milestones")).values_list("n", flat=True), reverse=True)
    assert sizes[0] == 45
    assert sum(sizes) == 120
    # Updates in every review state, so the review queue and dashboard have work to show.
    states = set(ProgressUpdate.objects.values_list("state", flat=True))
    assert {"approved", "submitted"} <= states
    # Milestone owners are partners of the milestone's own program.
    assert not Milestone.objects.exclude(owner__program=F("program")).exists()


def test_meetings_and_assessments_are_seeded():
    from assessments.models import Assessment, HealthCheck, Round
    from facilitation.models import ActionItem, Meeting

    seed()
    assert Meeting.objects.filter(program__name__startswith="Skala").count() == 4 * 12
    assert ActionItem.objects.count() == 4 * 12 * 2
    assert Round.objects.filter(status="closed").count() == 4
    assert Round.objects.filter(status="open").count() == 4
    # Baseline: every partner lead in every program assessed themselves and rated the partnership.
    leads = Membership.objects.filter(role="partner_lead").count()
    closed = Assessment.objects.filter(round__status="closed")
    assert closed.count() == leads
    assert not closed.exclude(scores__isnull=False).exists()
    assert HealthCheck.objects.filter(round__status="closed").count() == leads


def test_running_twice_adds_nothing():
    seed()
    before = (Program.objects.count(), Milestone.objects.count(), User.objects.count())
    output = seed()
    assert "already seeded: skipped" in output
    assert (Program.objects.count(), Milestone.objects.count(), User.objects.count()) == before


def test_refuses_too_few_people():
    with pytest.raises(CommandError):
        seed(people=5)


def test_results_are_seeded_per_output_with_eight_quarters_and_breakdowns():
    from results.models import BreakdownValue, Indicator, PeriodTarget, ReportingPeriod, Result
    from roadmap.models import Output

    seed(indicators_per_output=2, result_periods=3)
    outputs = Output.objects.filter(outcome__program__name__startswith="Skala").count()
    assert Indicator.objects.filter(program__name__startswith="Skala").count() == 2 * outputs
    assert all(n == 3 for n in Program.objects.annotate(n=Count("reporting_periods")).values_list("n", flat=True))
    assert not ReportingPeriod.objects.filter(end__gte=timezone.localdate()).exists()  # past quarters: reportable
    assert PeriodTarget.objects.count() == 3 * 2 * outputs
    # Every indicator has its partners' results in every quarter, approved but for part of the latest.
    assert not Indicator.objects.filter(partners__isnull=True).exists()
    assert Result.objects.filter(state="approved").count() >= Indicator.objects.count() * 2
    assert {"approved"} < set(Result.objects.values_list("state", flat=True))
    # Breakdowns never add up to more than the total.
    for result in Result.objects.prefetch_related("breakdown__option__category")[:200]:
        by_category = {}
        for part in result.breakdown.all():
            by_category[part.option.category_id] = by_category.get(part.option.category_id, 0) + part.value
        assert by_category and all(total <= result.value for total in by_category.values())
    assert BreakdownValue.objects.exists()
    # The first indicator of each output adopts the standard: the portfolio adds up every program.
    assert Indicator.objects.filter(standard__isnull=False).values("program").distinct().count() == 4


def test_results_stage_runs_alone_and_once():
    seed()
    output = seed(only="results")
    assert "already seeded: skipped" in output
