"""Indicators, reporting periods and results (actuals) through the API: what each role sees is what the
results pages show it, and an actual written through the API goes through results.actions and the
facilitator's review like one written on the page."""

import pytest
from django.urls import reverse

from api.tests.conftest import ROLES
from results.models import Result
from results.tests.factories import IndicatorFactory, ResultFactory

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_results_as_on_the_results_pages(
    cast, framework, draft_result, submitted_result, approved_result, api, login, role
):
    user = getattr(cast, role)
    client = api(user)
    page = login(user).get(reverse("results:iptt", args=[cast.program.pk]))
    lists = {
        name: client.get(reverse(f"api:{name}", args=[cast.program.pk]))
        for name in ("indicator_list", "reporting_period_list", "result_list")
    }
    if page.status_code == 404:
        assert role == "luar"
        assert {r.status_code for r in lists.values()} == {404}
    else:
        assert page.status_code == 200
        assert ids(lists["indicator_list"]) == {framework.indicator.pk, framework.on_output.pk}
        assert ids(lists["reporting_period_list"]) == {p.pk for p in framework.periods}
        assert ids(lists["result_list"]) == {draft_result.pk, submitted_result.pk, approved_result.pk}
    for result in (draft_result, submitted_result, approved_result):
        page_status = login(user).get(reverse("results:result_detail", args=[result.pk])).status_code
        assert client.get(reverse("api:result_detail", args=[result.pk])).status_code == page_status


ACTUAL = {"value": "12", "narrative": "Dua belas rumah tangga", "submit": True}


@pytest.mark.parametrize("role", ROLES)
def test_reporting_an_actual_follows_the_report_page(cast, framework, api, login, role):
    user = getattr(cast, role)
    slot = [framework.indicator.pk, framework.past[0].pk]
    page_status = login(user).get(reverse("results:result_create", args=slot)).status_code
    response = api(user).post(reverse("api:result_create", args=slot), ACTUAL, format="json")
    assert response.status_code == {200: 201, 403: 403, 404: 404}[page_status], response.content
    assert Result.objects.count() == (1 if page_status == 200 else 0)


def test_who_may_report_an_actual(cast, framework, api):
    """Pins the matrix: only the responsible partner's people (A) report; the facilitator reviews."""
    statuses = {}
    for role in ROLES:
        Result.objects.all().delete()
        url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
        statuses[role] = api(getattr(cast, role)).post(url, ACTUAL, format="json").status_code
    assert statuses == {
        "fasilitator": 403,
        "staf_a": 201,
        "lead_a": 201,
        "staf_b": 403,
        "lead_b": 403,
        "manajer": 403,
        "luar": 404,
        "admin": 403,
    }


def test_an_actual_from_the_api_waits_for_the_facilitators_review(cast, framework, api, login):
    url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
    body = api(cast.staf_a).post(url, ACTUAL, format="json").json()
    assert body["state"] == "submitted"
    assert body["value"] == "12.00"
    assert body["partner"] == cast.partner_a.pk
    review = login(cast.fasilitator).get(reverse("results:result_review", args=[body["id"]]))
    assert review.status_code == 200


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"value": "lima"}, "value"),
        ({"value": "1e400"}, "value"),
        ({"value": "123456789012345678"}, "value"),
        ({"value": "-3"}, "value"),
        ({"value": None}, "value"),
        ({"value": "5", "submit": "mungkin"}, "submit"),
    ],
)
def test_bad_actuals_are_400_and_save_nothing(cast, framework, api, payload, field):
    url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
    response = api(cast.staf_a).post(url, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not Result.objects.exists()


def test_an_actual_with_its_breakdown_is_saved_and_read_back(cast, framework, api):
    url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
    parts = [{"option": framework.female.pk, "value": "7"}, {"option": framework.male.pk, "value": "5"}]
    body = api(cast.staf_a).post(url, {**ACTUAL, "breakdown": parts}, format="json").json()
    assert {(p["category"], p["option"], p["value"]) for p in body["breakdown"]} == {
        ("sex", framework.female.pk, "7.00"),
        ("sex", framework.male.pk, "5.00"),
    }
    read = api(cast.fasilitator).get(reverse("api:result_detail", args=[body["id"]])).json()
    assert len(read["breakdown"]) == 2


@pytest.mark.parametrize(
    "parts",
    [
        [{"option": "female", "value": "7"}],  # not an id
        [{"option": 2**61, "value": "7"}],  # no such option
        [{"option": "F", "value": "-1"}],  # negative
        [{"option": "F", "value": "7"}, {"option": "F", "value": "1"}],  # the same part twice
        [{"option": "F", "value": "9"}, {"option": "M", "value": "9"}],  # parts over the total of 12
    ],
)
def test_bad_breakdowns_are_400_and_save_nothing(cast, framework, api, parts):
    ids = {"F": framework.female.pk, "M": framework.male.pk}
    parts = [{**p, "option": ids.get(p["option"], p["option"])} for p in parts]
    url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
    response = api(cast.staf_a).post(url, {**ACTUAL, "breakdown": parts}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not Result.objects.exists()


def test_a_second_report_of_the_same_slot_and_a_future_period_are_400(cast, framework, api):
    client = api(cast.lead_a)
    url = reverse("api:result_create", args=[framework.indicator.pk, framework.past[0].pk])
    assert client.post(url, ACTUAL, format="json").status_code == 201
    again = client.post(url, ACTUAL, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["non_field_errors"]
    future = reverse("api:result_create", args=[framework.indicator.pk, framework.future[0].pk])
    assert client.post(future, ACTUAL, format="json").status_code == 400
    assert Result.objects.count() == 1
    assert Result.objects.get().program_id == framework.indicator.program_id  # issue 19


def test_a_period_of_another_program_is_404(cast, framework, api):
    other = IndicatorFactory()
    url = reverse("api:result_create", args=[framework.indicator.pk, 2**62])
    assert api(cast.staf_a).post(url, ACTUAL, format="json").status_code == 404
    url = reverse("api:result_create", args=[other.pk, framework.past[0].pk])
    assert api(cast.staf_a).post(url, ACTUAL, format="json").status_code == 404


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize(
    "name, budget", [("indicator_list", 7), ("reporting_period_list", 6), ("result_list", 7)]
)  # + breakdown
def test_results_list_queries_are_pinned(cast, framework, api, django_assert_num_queries, name, budget, size):
    for i in range(size):
        indicator = IndicatorFactory(
            outcome=framework.outcome, code=f"X-{size}-{i}", partners=[cast.partner_a, cast.partner_b]
        )
        ResultFactory(indicator=indicator, period=framework.past[0], partner=cast.partner_a, author=cast.staf_a)
    client = api(cast.manajer)
    url = reverse(f"api:{name}", args=[cast.program.pk])
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert len(response.json()["results"]) >= 2
