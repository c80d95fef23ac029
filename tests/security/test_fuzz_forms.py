"""Hypothesis fuzzes the main forms through their views: whatever is posted, never a 500.

For each form the page is first opened (GET) so the form is built exactly as the view builds it
(with its program, querysets and choices); then Hypothesis draws values for every field, mixing
plausible values (`hypothesis.extra.django.from_field`) with hostile ones, and posts them.
"""

import datetime
import decimal

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, ResolutionFailed
from hypothesis.extra.django import from_field

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.just(""),
    st.text(max_size=30),
    st.sampled_from(
        [
            "-1",
            "101",
            "1e309",
            "NaN",
            "99999999999999999999999999",
            "2026-02-30",
            "0000-00-00",
            "31/12/2026",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "\x00",
            "x" * 5000,
        ]
    ),
)


def _program(w):
    return {"pk": w.program.pk}


def _milestone(w):
    return {"pk": w.milestone.pk}


# (url name, kwargs from the world, who posts it, query string, page showing the form, its context key)
FORMS = [
    ("partners:organisation_create", lambda w: {}, "fasilitator", "", None, "form"),
    ("partners:program_create", lambda w: {}, "fasilitator", "", None, "form"),
    ("partners:contribution_add", _program, "fasilitator", "", None, "form"),
    ("roadmap:milestone_create", lambda w: {"pk": w.output.pk}, "fasilitator", "", None, "form"),
    ("roadmap:update_create", _milestone, "staf_a", "", None, "form"),
    (
        "roadmap:comment_create",
        _milestone,
        "staf_a",
        "",
        "roadmap:milestone_detail",
        "comment_form",
    ),
    ("facilitation:meeting_create", _program, "fasilitator", "", None, "form"),
    ("governance:recommendation_create", _program, "fasilitator", "?kind=phase", None, "form"),
    (
        "governance:recommendation_create",
        _program,
        "fasilitator",
        "?kind=due_dates",
        None,
        "form",
    ),
    ("assessments:round_create", _program, "fasilitator", "", None, "form"),
]


def _as_post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float | int):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_as_post_value(v) for v in value]
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _field_strategy(field):
    try:
        plausible = from_field(field)
        plausible.validate()
    except (InvalidArgument, ResolutionFailed, TypeError, AttributeError):
        return HOSTILE
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.one_of(plausible, st.lists(HOSTILE, max_size=3))
    return st.one_of(plausible, plausible, HOSTILE)


def _fixed_fields(response):
    """Hidden management-form values of any formset on the page, so formsets parse."""
    data = {}
    for key in ("formset", "action_items", "items"):
        formset = response.context.get(key) if response.context else None
        if formset is not None and hasattr(formset, "management_form"):
            for name in formset.management_form.fields:
                data[f"{formset.prefix}-{name}"] = str(formset.management_form[name].value() or 0)
    return data


def _params():
    for entry in FORMS:
        yield pytest.param(*entry, id=entry[0] + entry[3])


@pytest.mark.parametrize("name,kwargs,who,query,page_name,key", list(_params()))
def test_form_never_answers_500(world, client, name, kwargs, who, query, page_name, key):
    client.raise_request_exception = True  # an exception in the view fails the test with its traceback
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs=kwargs(world)) + query
    page = client.get(reverse(page_name, kwargs=kwargs(world)) if page_name else url)
    assert page.status_code == 200, f"{name}: the form page itself answered {page.status_code}"
    form = page.context[key]
    fixed = _fixed_fields(page)
    strategy = st.fixed_dictionaries({field_name: _field_strategy(f) for field_name, f in form.fields.items()})

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=strategy)
    def post(values):
        data = {form.add_prefix(k): _as_post_value(v) for k, v in values.items()}
        response = client.post(url, {**fixed, **data})
        assert response.status_code in (200, 302, 400, 403), f"{name}: {response.status_code} for {data!r}"

    post()


HOSTILE_IDS = ["9223372036854775808", "-1", "0", "1.5", "abc", ""]


@pytest.mark.parametrize("name,kwargs,who,query,page_name,key", list(_params()))
def test_out_of_range_ids_in_choice_fields_are_form_errors(world, client, name, kwargs, who, query, page_name, key):
    """Deterministic companion to the fuzzing: ids past BIGINT, negative or not numbers in every
    choice-of-record field. (SQLite raises OverflowError for integers past 2**63 - 1.)"""
    client.raise_request_exception = True
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs=kwargs(world)) + query
    page = client.get(reverse(page_name, kwargs=kwargs(world)) if page_name else url)
    form = page.context[key]
    fixed = _fixed_fields(page)
    choice_fields = [
        n for n, f in form.fields.items() if isinstance(f, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    ]
    for field_name in choice_fields:
        for value in HOSTILE_IDS:
            is_multiple = isinstance(form.fields[field_name], forms.ModelMultipleChoiceField)
            data = {**fixed, form.add_prefix(field_name): [value] if is_multiple else value}
            response = client.post(url, data)
            assert response.status_code in (200, 302, 400, 403), f"{name} {field_name}={value}: {response.status_code}"
