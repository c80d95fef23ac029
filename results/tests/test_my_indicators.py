"""My indicators (issue 17, part 1): the actuals a partner person still has to report, each with the
result form that offline.js keeps on the device and sends to results:result_sync."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.selectors import my_report_slots
from results.tests.factories import IndicatorFactory, ResultFactory

pytestmark = pytest.mark.django_db


def started(framework):
    return [p for p in framework.periods if p not in framework.future]


def test_staff_see_every_started_unreported_period_of_their_indicators(cast, framework, login):
    ResultFactory(indicator=framework.indicator, period=framework.past[-1], partner=cast.partner_a, author=cast.staf_a)
    slots = my_report_slots(cast.staf_a)
    expected = {(framework.indicator.pk, p.pk) for p in started(framework) if p != framework.past[-1]}
    expected |= {(framework.on_output.pk, p.pk) for p in started(framework)}
    assert {(i.pk, p.pk) for i, p, _partner in slots} == expected
    assert {partner for _i, _p, partner in slots} == {cast.partner_a}
    html = login(cast.staf_a).get(reverse("results:my_indicators")).content.decode()
    create = reverse("results:result_create", args=[framework.on_output.pk, framework.past[-1].pk])
    assert f'href="{create}" data-offline-keep' in html


def test_other_partners_and_outsiders_see_only_their_own(cast, framework, login):
    assert {i.pk for i, _p, _partner in my_report_slots(cast.staf_b)} == {framework.on_output.pk}
    assert my_report_slots(cast.luar) == []
    assert my_report_slots(cast.manajer) == []
    assert login(cast.luar).get(reverse("results:my_indicators")).status_code == 200


def test_the_result_form_can_be_kept_offline(cast, framework, login):
    url = reverse("results:result_create", args=[framework.indicator.pk, framework.past[-1].pk])
    html = login(cast.staf_a).get(url).content.decode()
    sync = reverse("results:result_sync", args=[framework.indicator.pk, framework.past[-1].pk])
    assert "data-offline-form" in html and f'data-sync-url="{sync}"' in html


def test_query_count_is_flat(cast, framework, login, django_assert_num_queries):
    client = login(cast.staf_a)
    client.get(reverse("results:my_indicators"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("results:my_indicators"))
    for n in range(4):
        IndicatorFactory(outcome=framework.outcome, code=f"X-{n}", partners=[cast.partner_a])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("results:my_indicators"))
