import pytest

from governance import demo as governance_demo
from partners import demo as partners_demo
from results import demo
from results.models import BreakdownValue, Indicator, Result
from results.selectors import portfolio_lines
from roadmap import demo as roadmap_demo

pytestmark = pytest.mark.django_db


def test_demo_results_have_three_quarters_a_returned_and_a_corrected_value_and_are_idempotent():
    ctx = {}
    partners_demo.seed(ctx)
    roadmap_demo.seed(ctx)
    governance_demo.seed(ctx)
    demo.seed(ctx)
    counts = (Indicator.objects.count(), Result.objects.count(), BreakdownValue.objects.count())
    demo.seed(ctx)
    assert (Indicator.objects.count(), Result.objects.count(), BreakdownValue.objects.count()) == counts
    hh = Indicator.objects.get(program=ctx["programs"][0], code="HH-1")
    assert hh.results.values("period").distinct().count() == 3
    assert hh.results.filter(state=Result.State.RETURNED).count() == 1
    correction = hh.results.get(revision=2)
    assert correction.previous.superseded and correction.correction_reason
    assert {c.code for c in hh.categories.all()} == {"sex", "village"}
    (line,) = portfolio_lines([p.pk for p in ctx["programs"]])
    assert len(line.rows) == 2  # NTT and Lombok adopted the same standard indicator, in the same unit
