"""Query counts pinned at two data sizes: the IPTT, the indicator page and the roll-ups.

Each logged-in request has a fixed overhead (session, user, unread notifications, session save).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.models import BreakdownValue, Result
from results.tests.factories import IndicatorFactory, ResultFactory, StandardIndicatorFactory
from roadmap.tests.factories import OutcomeFactory, OutputFactory

pytestmark = pytest.mark.django_db


def grow(cast, framework, standard, size):
    """`size` more outcomes, each with an output and two indicators, with approved results and
    breakdowns in every past period, adopted into the standard."""
    for n in range(size):
        outcome = OutcomeFactory(program=cast.program)
        output = OutputFactory(outcome=outcome)
        for target in (outcome, output):
            kwargs = {"outcome": target, "output": None} if target is outcome else {"outcome": None, "output": target}
            indicator = IndicatorFactory(
                **kwargs,
                code=f"G{size}-{n}-{target.pk}-{'oc' if target is outcome else 'op'}",
                partners=[cast.partner_a, cast.partner_b],
                standard=standard,
                categories=list(framework.indicator.categories.all()),
            )
            for period in framework.past:
                for partner in (cast.partner_a, cast.partner_b):
                    result = ResultFactory(
                        indicator=indicator,
                        period=period,
                        partner=partner,
                        author=cast.staf_a,
                        state=Result.State.APPROVED,
                        value=Decimal(10),
                    )
                    BreakdownValue.objects.create(result=result, option=framework.female, value=4)


# Overhead: session, user, unread notifications, session save with its two savepoints (6).
PAGES = {
    # program, membership + indicators, periods, targets, actuals + outcomes, outputs (roll-up)
    # + the filter form's outcomes, partners, breakdown options
    "iptt": ("manajer", lambda c, f: reverse("results:iptt", args=[c.program.pk]), 17),
    # indicator, membership + indicators, periods, targets, actuals + results, partners,
    # categories, breakdown values
    "indicator_detail": ("manajer", lambda c, f: f.indicator.get_absolute_url(), 16),
    # program ids + indicators, periods, targets, actuals (read once for both panels, issue 19)
    # + standards (the roll-up) + the province filter's choices (issue 14, item 4)
    "portfolio": ("manajer", lambda c, f: reverse("results:portfolio"), 13),
    # The exports (reports:results_export): program, membership + indicators, periods, targets,
    # actuals (the IPTT) + categories, breakdown values (the breakdown table); filtered by partner,
    # + the filter form's partner lookup
    "export_iptt": (
        "manajer",
        lambda c, f: (
            reverse("reports:results_export", args=[c.program.pk, "iptt", "xlsx"]) + f"?partner={c.partner_a.pk}"
        ),
        14,
    ),
    "export_breakdowns": (
        "manajer",
        lambda c, f: reverse("reports:results_export", args=[c.program.pk, "breakdowns", "csv"]),
        13,
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_is_constant(name, cast, framework, login, django_assert_num_queries):
    who, url, pinned = PAGES[name]
    standard = StandardIndicatorFactory(unit="rumah tangga")
    client = login(getattr(cast, who))
    grow(cast, framework, standard, 1)
    with django_assert_num_queries(pinned):
        assert client.get(url(cast, framework)).status_code == 200
    grow(cast, framework, standard, 3)
    with django_assert_num_queries(pinned):
        assert client.get(url(cast, framework)).status_code == 200


def test_program_page_count_does_not_grow_with_results(cast, framework, login):
    standard = StandardIndicatorFactory(unit="rumah tangga")
    client = login(cast.manajer)
    grow(cast, framework, standard, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(cast.program.get_absolute_url())
    grow(cast, framework, standard, 3)
    with CaptureQueriesContext(connection) as large:
        client.get(cast.program.get_absolute_url())
    assert len(large) == len(small)
