"""Output indicators on the public program page (issue 17, part 3; the outcomes' indicators are in
the outcome table): approved results against the target, nothing else of the results framework (no
narrative, no result waiting for review, no breakdown, no reporter), constant queries, and the
cached page forgets them when a result is approved."""

import datetime

import pytest
from django.urls import reverse

from public.selectors import headline_results
from public.tests.factories import publish_with_consent
from results.models import Indicator, ReportingPeriod, Result
from results.tests.factories import IndicatorFactory, ResultFactory
from roadmap.tests.factories import OutcomeFactory, OutputFactory

pytestmark = pytest.mark.django_db

SECRET_NARRATIVE = "RAHASIA-HASIL narasi capaian"


def _period(program, n):
    start = datetime.date(2025, 1 + 3 * n, 1)
    period, _created = ReportingPeriod.objects.get_or_create(
        program=program,
        start=start,
        defaults={
            "end": start + datetime.timedelta(days=80),
            "due_date": start + datetime.timedelta(days=95),
            "label": f"T{n + 1} 2025",
        },
    )
    return period


def _framework(cast, indicators=2):
    offset = Indicator.objects.count()
    outcome = OutcomeFactory(program=cast.program, statement="Pendapatan rumah tangga naik")
    output = OutputFactory(outcome=outcome)
    periods = [_period(cast.program, 0), _period(cast.program, 1)]
    made = []
    for n in range(indicators):
        indicator = IndicatorFactory(
            outcome=None,
            output=output,
            code=f"IK-{n + 1 + offset}",
            name=f"Rumah tangga dengan usaha baru {n + 1}",
            unit="RT",
            target_value=200,
            partners=[cast.partner_a],
        )
        ResultFactory(
            indicator=indicator,
            period=periods[0],
            partner=cast.partner_a,
            author=cast.staf_a,
            value=60,
            state=Result.State.APPROVED,
            narrative=SECRET_NARRATIVE,
        )
        # Waiting for review: never counted, never shown.
        ResultFactory(
            indicator=indicator,
            period=periods[1],
            partner=cast.partner_a,
            author=cast.staf_a,
            value=999,
            state=Result.State.SUBMITTED,
            narrative=SECRET_NARRATIVE,
        )
        made.append(indicator)
    return made, periods


def test_the_public_page_shows_approved_results_against_target(cast, client):
    indicators, periods = _framework(cast)
    page = publish_with_consent(cast)
    response = client.get(reverse("public:program", args=[page.slug]))
    html = response.content.decode()
    assert 'data-testid="headline-indicators"' in html
    assert "Rumah tangga dengan usaha baru 1" in html and "IK-2" in html
    assert "60 RT" in html and "200 RT" in html and "30%" in html
    assert periods[0].label in html
    assert "999" not in html
    assert SECRET_NARRATIVE not in html
    assert cast.staf_a.username not in html
    assert len(response.content) < 100 * 1024
    data = client.get(reverse("public:program_json", args=[page.slug])).json()
    assert data["indicators"][0] == {
        "code": "IK-1",
        "name": "Rumah tangga dengan usaha baru 1",
        "unit": "RT",
        "achieved": 60,
        "target": 200,
        "percent": 30,
        "as_of": periods[0].label,
    }


def test_outcome_partner_goal_and_narrative_indicators_stay_off(cast):
    _framework(cast, indicators=1)
    output = cast.program.outcomes.first().outputs.first()
    IndicatorFactory(outcome=None, output=output, code="NAR-1", kind="narrative", partners=[cast.partner_a])
    IndicatorFactory(outcome=cast.program.outcomes.first(), code="OC-1", partners=[cast.partner_a])
    assert [i["code"] for i in headline_results(cast.program)] == ["IK-1"]


def test_headline_queries_do_not_grow_with_indicators(cast, django_assert_num_queries):
    _framework(cast, indicators=1)
    with django_assert_num_queries(5) as small:
        headline_results(cast.program)
    _framework(cast, indicators=6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(headline_results(cast.program)) == 7


def test_an_approved_result_refreshes_the_cached_page(cast, client, django_capture_on_commit_callbacks):
    from results.actions import do_approve_result

    indicators, periods = _framework(cast, indicators=1)
    page = publish_with_consent(cast)
    url = reverse("public:program", args=[page.slug])
    assert "60 RT" in client.get(url).content.decode()
    waiting = Result.objects.get(state=Result.State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_result(cast.fasilitator, waiting)
    assert "1059 RT" in client.get(url).content.decode()
