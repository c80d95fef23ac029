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


def _a(name):
    """An assessments object of the world (a round, a plan, a training, a suggestion)."""

    def kwargs(w):
        from assessments.tests.factories import world_objects

        return {"pk": world_objects(w)[name].pk}

    return kwargs


def _round_person(w):
    from assessments.tests.factories import world_objects

    return {"round_pk": world_objects(w)["round"].pk, "user_pk": w.staf_a.pk}


def _round(w):
    from assessments.tests.factories import world_objects

    return {"round_pk": world_objects(w)["round"].pk}


def _training(w):
    from assessments.tests.factories import world_objects

    objects = world_objects(w)
    return {"pk": objects["plan"].pk, "training_pk": objects["training"].pk}


NONE = lambda w: {}  # noqa: E731

# Every form a user can post, by the route it posts to:
# (url name, kwargs from the world, who posts it, query string, page showing the form, its context key)
FORMS = [
    # partners
    ("partners:organisation_create", NONE, "fasilitator", "", None, "form"),
    ("partners:organisation_edit", lambda w: {"pk": w.org_a.pk}, "fasilitator", "", None, "form"),
    ("partners:organisation_capacity", lambda w: {"pk": w.org_a.pk}, "fasilitator", "", None, "form"),
    ("partners:organisation_scoping", lambda w: {"pk": w.org_a.pk}, "fasilitator", "", None, "form"),
    ("partners:program_create", NONE, "fasilitator", "", None, "form"),
    ("partners:program_edit", _program, "fasilitator", "", None, "form"),
    ("partners:partner_add", _program, "fasilitator", "", None, "form"),
    ("partners:partner_edit", lambda w: {"pk": w.partner_a.pk}, "fasilitator", "", None, "form"),
    ("partners:endorsement_edit", lambda w: {"pk": w.partner_a.pk}, "fasilitator", "", None, "form"),
    ("partners:endorsement_override", lambda w: {"pk": w.partner_a.pk}, "fasilitator", "", None, "form"),
    ("partners:member_add", _program, "fasilitator", "", None, "form"),
    ("partners:contribution_add", _program, "fasilitator", "", None, "form"),
    ("partners:contribution_edit", lambda w: {"pk": w.contribution.pk}, "fasilitator", "", None, "form"),
    # the document library (upload forms: fuzzed posts carry no file and are refused by the form)
    ("partners:document_add", _program, "fasilitator", "", None, "form"),
    ("partners:document_add", _program, "staf_a", "?kind=photo&partner=1", None, "form"),
    ("partners:document_version_add", lambda w: {"pk": w.document.pk}, "fasilitator", "", None, "form"),
    # api (the token page: create and revoke forms)
    ("api:tokens", NONE, "fasilitator", "", None, "form"),
    # imports (an upload form: fuzzed posts carry no file and are refused by the form)
    ("imports:program_roadmap", _program, "fasilitator", "", None, "form"),
    ("imports:organisations", NONE, "admin", "", None, "form"),
    ("imports:people", NONE, "admin", "", None, "form"),
    ("imports:program_members", _program, "fasilitator", "", None, "form"),
    ("imports:program_results", _program, "fasilitator", "", None, "form"),
    # roadmap
    ("roadmap:outcome_create", _program, "fasilitator", "", None, "form"),
    ("roadmap:outcome_edit", lambda w: {"pk": w.outcome.pk}, "fasilitator", "", None, "form"),
    ("roadmap:outcome_delete", lambda w: {"pk": w.outcome.pk}, "fasilitator", "", None, "form"),
    ("roadmap:output_create", lambda w: {"pk": w.outcome.pk}, "fasilitator", "", None, "form"),
    ("roadmap:output_delete", lambda w: {"pk": w.output.pk}, "fasilitator", "", None, "form"),
    ("roadmap:output_edit", lambda w: {"pk": w.output.pk}, "fasilitator", "", None, "form"),
    ("roadmap:milestone_create", lambda w: {"pk": w.output.pk}, "fasilitator", "", None, "form"),
    ("roadmap:milestone_bulk", lambda w: {"pk": w.output.pk}, "fasilitator", "", None, "once"),
    ("roadmap:milestone_edit", _milestone, "fasilitator", "", None, "form"),
    ("roadmap:milestone_edit", _milestone, "lead_a", "", None, "form"),
    ("roadmap:milestone_delete", _milestone, "fasilitator", "", None, "form"),
    ("roadmap:update_create", _milestone, "staf_a", "", None, "form"),
    ("roadmap:update_review", lambda w: {"pk": w.update.pk}, "fasilitator", "", None, "form"),
    ("roadmap:comment_create", _milestone, "staf_a", "", "roadmap:milestone_detail", "comment_form"),
    # facilitation
    ("facilitation:meeting_create", _program, "fasilitator", "", None, "form"),
    ("facilitation:meeting_edit", lambda w: {"pk": w.meeting.pk}, "fasilitator", "", None, "form"),
    ("facilitation:action_item_milestone", lambda w: {"pk": w.action_item.pk}, "fasilitator", "", None, "form"),
    ("facilitation:meeting_record_answer", lambda w: {"pk": w.meeting.pk}, "fasilitator", "", None, "form"),
    ("facilitation:mediation_create", _program, "fasilitator", "", None, "form"),
    ("facilitation:mediation_edit", lambda w: {"pk": w.mediation.pk}, "fasilitator", "", None, "form"),
    ("facilitation:lesson_publish", _program, "fasilitator", "", None, "form"),
    ("facilitation:journal_create", _program, "fasilitator", "", None, "form"),
    ("facilitation:facilitator_edit", lambda w: {"pk": w.fasilitator.pk}, "fasilitator", "", None, "form"),
    ("facilitation:institution_edit", _program, "fasilitator", "", None, "form"),
    ("facilitation:hand_over", _program, "admin", "", None, "form"),
    (
        "facilitation:mediation_publish_lesson",
        lambda w: {"pk": w.resolved_mediation.pk},
        "fasilitator",
        "",
        None,
        "form",
    ),
    # governance
    ("governance:agreement_edit", _program, "fasilitator", "", None, "form"),
    ("governance:agreement_document", _program, "fasilitator", "", None, "form"),
    ("governance:change_phase", _program, "fasilitator", "", None, "form"),
    ("governance:commitment_create", _program, "fasilitator", "", None, "form"),
    ("governance:commitment_edit", lambda w: {"pk": w.commitment.pk}, "fasilitator", "", None, "form"),
    ("governance:recommendation_create", _program, "fasilitator", "?kind=phase", None, "form"),
    ("governance:recommendation_create", _program, "fasilitator", "?kind=due_dates", None, "form"),
    ("governance:recommendation_create", _program, "fasilitator", "?kind=target", None, "form"),
    ("governance:recommendation_create", _program, "fasilitator", "?kind=partner", None, "form"),
    (
        "governance:recommendation_respond",
        lambda w: {"pk": w.recommendation.pk},
        "lead_a",
        "",
        "governance:recommendation_detail",
        "response_form",
    ),
    (
        "governance:recommendation_apply",
        lambda w: {"pk": w.recommendation.pk},
        "fasilitator",
        "",
        "governance:recommendation_detail",
        "apply_form",
    ),
    ("governance:sustainability_edit", _program, "fasilitator", "", None, "form"),
    ("governance:recognition_create", _program, "fasilitator", "", None, "form"),
    ("governance:recognition_propose", _program, "lead_a", "", None, "form"),
    ("governance:strengthening_create", _program, "lead_a", "", None, "form"),
    # assessments
    ("assessments:round_create", _program, "fasilitator", "", None, "form"),
    ("assessments:assess", _round_person, "fasilitator", "", None, "form"),
    ("assessments:health_check", _round, "lead_a", "", None, "form"),
    ("assessments:health_plan", _a("round"), "fasilitator", "", None, "form"),
    ("assessments:consent", _program, "staf_a", "", "assessments:program", "consent_form"),
    ("assessments:plan_create", _program, "fasilitator", "", None, "form"),
    ("assessments:training_create", _a("plan"), "fasilitator", "", None, "form"),
    ("assessments:training_edit", _training, "fasilitator", "", None, "form"),
    ("assessments:suggestions", NONE, "fasilitator", "", None, "form"),
    ("assessments:suggestion_edit", _a("suggestion"), "fasilitator", "", None, "form"),
    ("assessments:credentials", NONE, "fasilitator", "", None, "form"),
    # results (added after the double-submit work: fuzzed here, not yet submit-once)
    ("results:indicator_create", _program, "fasilitator", "", None, "form"),
    ("results:indicator_edit", lambda w: {"pk": w.indicator.pk}, "fasilitator", "", None, "form"),
    ("results:indicator_targets", lambda w: {"pk": w.indicator.pk}, "fasilitator", "", None, "form"),
    (
        "results:result_create",
        lambda w: {"pk": w.indicator.pk, "period_pk": w.reporting_period.pk},
        "lead_a",
        "",
        None,
        "form",
    ),
    ("results:result_correct", lambda w: {"pk": w.result.pk}, "lead_a", "", None, "form"),
    ("results:result_review", lambda w: {"pk": w.result.pk}, "fasilitator", "", None, "form"),
    ("results:standard_create", NONE, "manajer", "", None, "form"),
    ("results:standard_edit", lambda w: {"pk": w.standard_indicator.pk}, "manajer", "", None, "form"),
    ("partners:partner_leave", lambda w: {"pk": w.partner_b.pk}, "fasilitator", "", None, "form"),
    # accounts and notifications
    ("password_change", NONE, "fasilitator", "", None, "form"),
    ("notifications:preferences", NONE, "staf_a", "", None, "form"),
    ("partners:program_reminders", _program, "fasilitator", "", None, "form"),
    # reports (the export request is a small form on the report pages)
    ("reports:program_export_job", _program, "manajer", "", "reports:program", "export_form"),
    ("reports:portfolio_export_job", NONE, "manajer", "", "reports:portfolio", "export_form"),
    # public: the bulletin's schedule and distribution list
    ("public:bulletin_schedule", _program, "fasilitator", "", "public:publication", "schedule_form"),
    ("public:recipient_add", _program, "fasilitator", "", "public:publication", "recipient_form"),
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
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=strategy)
    def post(values):
        data = {form.add_prefix(k): _as_post_value(v) for k, v in values.items()}
        response = client.post(url, {**fixed, **data})
        # 404 once a delete form has deleted its item in an earlier example.
        assert response.status_code in (200, 302, 400, 403, 404), f"{name}: {response.status_code} for {data!r}"

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


OUT_OF_RANGE_INTEGERS = [str(2**31), str(2**63), str(2**64), str(-(2**63) - 1), "-1", "1e400"]


def _integer_fields(form):
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField)
    ]


def test_the_forms_above_include_integer_fields():
    """Guard: the integer check below really meets integer fields (order, progress, version, days...)."""
    names = {entry[0] for entry in FORMS}
    assert {"roadmap:outcome_create", "roadmap:milestone_create", "partners:program_reminders"} <= names


@pytest.mark.parametrize("name,kwargs,who,query,page_name,key", list(_params()))
def test_out_of_range_integers_are_refused_by_the_form(world, client, name, kwargs, who, query, page_name, key):
    """Every integer field of every form (fields added at run time too) refuses what its column cannot
    hold, with a form error: nothing reaches the database to answer "integer out of range"."""
    client.raise_request_exception = True
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs=kwargs(world)) + query
    page = client.get(reverse(page_name, kwargs=kwargs(world)) if page_name else url)
    form = page.context[key]
    fixed = _fixed_fields(page)
    for field_name in _integer_fields(form):
        field = form.fields[field_name]
        assert field.min_value is not None and field.max_value is not None, f"{name} {field_name} is unbounded"
        for value in OUT_OF_RANGE_INTEGERS:
            if field.min_value <= -1 and value == "-1":
                continue
            response = client.post(url, {**fixed, form.add_prefix(field_name): value})
            assert response.status_code in (200, 302, 400, 403), f"{name} {field_name}={value}: {response.status_code}"
            posted = response.context[key] if response.context and key in response.context else None
            if posted is not None and posted.is_bound:
                assert field_name in posted.errors, f"{name}: {field_name}={value} was accepted"


# Pages whose forms are GET filters (they change what is shown, nothing is saved); their integer
# fields (a year) are bounded like every other, which test_hostile_input checks by class.
GET_FILTER_PAGES = {
    "partners:organisation_list",
    "partners:document_list",
    "roadmap:tree",
    "roadmap:timeline",
    "reports:program",
    "reports:portfolio",
    "facilitation:dashboard",
    "facilitation:library",
    "results:iptt",
    "results:portfolio",
}


def _shows_a_form(response):
    if response.status_code != 200 or not response.context:
        return False
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return any(
        isinstance(v, forms.BaseForm | forms.BaseFormSet) for context in contexts for v in context.flatten().values()
    )


def test_every_page_with_a_form_is_fuzzed(world, client):
    """A new form page that is not in FORMS (nor a GET filter) fails here, so it cannot skip the fuzzing."""
    from tests.security.registry import OBJECT_URLS, PUBLIC_URLS, kwargs_for
    from tests.urlwalk import iter_routes

    covered = {entry[0] for entry in FORMS} | {entry[4] for entry in FORMS if entry[4]} | GET_FILTER_PAGES
    people = [world.fasilitator, world.lead_a, world.staf_a, world.manajer, world.admin]
    missing, pages = [], 0
    for route in iter_routes():
        if not route.name or route.namespace == "admin" or route.name in PUBLIC_URLS or route.name in covered:
            continue
        if route.int_kwargs and route.name not in OBJECT_URLS:
            continue
        try:
            url = reverse(route.name, kwargs=kwargs_for(route, world))
        except Exception:  # noqa: BLE001 - a route we cannot build is reported by test_url_access
            continue
        for person in people:
            client.force_login(person)
            response = client.get(url)
            if _shows_a_form(response):
                missing.append(f"{route.name} ({person.username})")
                break
        pages += 1
    assert pages > 20
    assert not missing, "add these form pages to FORMS in tests/security/test_fuzz_forms.py:\n" + "\n".join(missing)
