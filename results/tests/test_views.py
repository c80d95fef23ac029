"""The pages, end to end through the test client: the reporting flow, every bad input as a form
error (never a 500, never a half-save), and the figures on the IPTT."""

from decimal import Decimal

import pytest
from django.urls import reverse

from results.models import BreakdownValue, Indicator, Result, ResultEvidence
from results.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db


def create_url(framework, period=None):
    return reverse("results:result_create", args=[framework.indicator.pk, (period or framework.past[-1]).pk])


def test_partner_reports_with_breakdown_and_evidence_then_facilitator_returns_and_approves(cast, framework, login):
    data = {
        "value": "30",
        f"b{framework.female.pk}": "18",
        f"b{framework.male.pk}": "10",
        "narrative": "Data dari pendataan desa.",
        "evidence": pdf_file(),
        "submit": "1",
    }
    response = login(cast.staf_a).post(create_url(framework), data)
    result = Result.objects.get()
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    assert result.state == Result.State.SUBMITTED and ResultEvidence.objects.filter(result=result).count() == 1
    review = reverse("results:result_review", args=[result.pk])
    client = login(cast.fasilitator)
    assert client.post(review, {"decision": "return", "note": ""}).status_code == 200  # a note is required
    refused = client.post(review, {"note": "Sudah benar."})  # no default decision (issue 16, item 1)
    assert refused.status_code == 200 and "decision" in refused.context["form"].errors
    assert Result.objects.get().state == Result.State.SUBMITTED
    client.post(review, {"decision": "return", "note": "Angka laki-laki kurang 2."})
    assert Result.objects.get().state == Result.State.RETURNED
    edit = reverse("results:result_edit", args=[result.pk])
    data = {"value": "30", f"b{framework.female.pk}": "18", f"b{framework.male.pk}": "12", "submit": "1"}
    assert login(cast.staf_a).post(edit, data).status_code == 302
    login(cast.fasilitator).post(review, {"decision": "approve", "note": ""})
    result.refresh_from_db()
    assert result.state == Result.State.APPROVED
    page = login(cast.manajer).get(framework.indicator.get_absolute_url())
    tables = page.context["breakdowns"]
    (category, options, lines) = tables[0]
    line = next(line for line in lines if line[0] == framework.past[-1])
    assert line[1] == [Decimal(18), Decimal(12)] and line[2] == 0 and line[3] == 30


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": "tiga puluh"}, "value"),
        ({"value": "-5"}, "value"),
        ({"value": "1e30"}, "value"),
        ({"value": "20", "b{female}": "15", "b{male}": "6"}, None),
        ({"value": "20", "b{female}": "-1"}, "b{female}"),
        ({}, "value"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(cast, framework, login, data, field):
    data = {key.format(female=framework.female.pk, male=framework.male.pk): v for key, v in data.items()}
    response = login(cast.staf_a).post(create_url(framework), {**data, "evidence": pdf_file(), "submit": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    key = field.format(female=framework.female.pk) if field else "__all__"
    assert form.errors[key]
    assert not Result.objects.exists() and not BreakdownValue.objects.exists() and not ResultEvidence.objects.exists()


def test_percentage_over_100_is_a_form_error(cast, framework, login):
    Indicator.objects.filter(pk=framework.indicator.pk).update(kind="percentage", target_value=80)
    response = login(cast.staf_a).post(create_url(framework), {"value": "101"})
    assert response.status_code == 200 and response.context["form"].errors["value"]
    assert not Result.objects.exists()


def test_a_period_that_has_not_started_is_a_form_error(cast, framework, login):
    response = login(cast.staf_a).post(create_url(framework, framework.future[0]), {"value": "3"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Result.objects.exists()


def test_double_submit_creates_one_result(cast, framework, login):
    client = login(cast.staf_a)
    first = client.post(create_url(framework), {"value": "3", "submit": "1"})
    second = client.post(create_url(framework), {"value": "3", "submit": "1"})
    assert first.status_code == 302
    assert second.status_code == 200 and second.context["form"].non_field_errors()
    assert Result.objects.count() == 1


def test_reporting_on_a_locked_value_is_a_form_error(cast, framework, approved_result, login):
    url = create_url(framework, approved_result.period)
    response = login(cast.staf_a).post(url, {"value": "3"})
    errors = response.context["form"].errors.as_data()["__all__"]
    assert response.status_code == 200 and [e.code for e in errors] == ["locked"]
    assert Result.objects.count() == 1


def test_a_correction_without_a_reason_is_a_form_error(cast, framework, approved_result, login):
    url = reverse("results:result_correct", args=[approved_result.pk])
    response = login(cast.staf_a).post(url, {"value": "44"})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert Result.objects.count() == 1
    response = login(cast.staf_a).post(url, {"value": "44", "reason": "Salah ketik", "submit": "1"})
    assert response.status_code == 302
    correction = Result.objects.get(revision=2)
    login(cast.fasilitator).post(reverse("results:result_review", args=[correction.pk]), {"decision": "approve"})
    page = login(cast.manajer).get(framework.indicator.get_absolute_url())
    body = page.content.decode()
    assert "Salah ketik" in body and page.context["corrections"] == [Result.objects.get(pk=correction.pk)]


def test_editing_a_submitted_result_is_refused(cast, framework, submitted_result, login):
    response = login(cast.staf_a).post(reverse("results:result_edit", args=[submitted_result.pk]), {"value": "1"})
    assert response.status_code == 302
    assert Result.objects.get(pk=submitted_result.pk).value == 10


def test_facilitator_creates_an_indicator(cast, framework, login):
    data = {
        "measures": f"output:{framework.output.pk}",
        "code": "HH-9",
        "name": "Kelompok usaha aktif",
        "unit": "kelompok",
        "kind": "number",
        "aggregation": "latest",
        "direction": "up",
        "target_value": "12",
        "partners": [cast.partner_b.pk],
    }
    response = login(cast.fasilitator).post(reverse("results:indicator_create", args=[cast.program.pk]), data)
    indicator = Indicator.objects.get(code="HH-9")
    assert response.status_code == 302 and indicator.output == framework.output
    assert list(indicator.partners.all()) == [cast.partner_b]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "hh-1"}, "code"),
        ({"target_value": "-1"}, "target_value"),
        ({"kind": "percentage", "target_value": "120"}, "target_value"),
        ({"measures": "outcome:999999"}, "measures"),
        ({"measures": "nonsense"}, "measures"),
        ({"partners": ["99999999999999999999999"]}, "partners"),
    ],
)
def test_indicator_form_errors(cast, framework, login, change, field):
    data = {
        "measures": f"outcome:{framework.outcome.pk}",
        "code": "HH-9",
        "name": "x",
        "kind": "number",
        "aggregation": "sum",
        "direction": "up",
    } | change
    response = login(cast.fasilitator).post(reverse("results:indicator_create", args=[cast.program.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Indicator.objects.filter(code="HH-9").exists()


def test_iptt_shows_target_actual_percent_and_status(cast, framework, approved_result, login):
    response = login(cast.manajer).get(reverse("results:iptt", args=[cast.program.pk]))
    row = next(r for r in response.context["rows"] if r.indicator == framework.indicator)
    assert row.actual == 40 and row.target == 100 and row.percent == 40 and row.rag == "red"
    body = response.content.decode()
    assert 'data-indicator="HH-1"' in body


def test_iptt_filters(cast, framework, approved_result, login):
    BreakdownValue.objects.create(result=approved_result, option=framework.female, value=25)
    url = reverse("results:iptt", args=[cast.program.pk])
    client = login(cast.manajer)
    by_option = client.get(url, {"option": framework.female.pk}).context["rows"]
    assert next(r for r in by_option if r.indicator == framework.indicator).actual == 25
    by_partner = client.get(url, {"partner": cast.partner_b.pk}).context["rows"]
    assert [r.indicator for r in by_partner] == [framework.on_output]
    assert client.get(url, {"outcome": "abc"}).status_code == 200  # a bad filter is ignored, never a 500


def test_program_page_shows_the_results_panel(cast, framework, approved_result, login):
    body = login(cast.manajer).get(cast.program.get_absolute_url()).content.decode()
    assert 'data-panel="results"' in body and "HH-1" in body


@pytest.mark.parametrize("language, expected", [("id", "12.500,25"), ("en", "12,500.25")])
def test_indicator_values_are_grouped_the_language_s_way(language, expected):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        html = render_to_string("results/_value.html", {"value": Decimal("12500.25"), "kind": "number"})
    assert html.strip() == expected
