"""Hostile input answers a page or a refusal, never a 5xx: ids in routes, integers in forms, `next`.

The classes of bug behind issue 12 item 9, each closed in one place:
- every route's id goes through core.converters.IdConverter (`<id:pk>`): past BIGINT -> 404;
- every integer form field is bounded to its column (core.forms.IntegerField / bounded_formfield);
- every user-supplied redirect goes through core.http.safe_redirect.
The form fuzzing (every form, every field) is in test_fuzz_forms.py.
"""

import inspect
import pathlib
import re

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from core.converters import IdConverter
from core.forms import MAX_ID, column_range
from roadmap.models import Outcome, Output
from tests.security.registry import kwargs_for
from tests.urlwalk import iter_routes

pytestmark = pytest.mark.django_db

HOSTILE_IDS = ["0", "-1", str(2**31), str(2**63), str(2**64)]
SENTINEL = 987654321987


def _int_routes():
    return [r for r in iter_routes() if r.int_kwargs and r.namespace != "admin"]


def test_every_route_writes_its_ids_with_the_bounded_converter():
    plain = [r.route for r in _int_routes() if any(type(r.converters[k]) is not IdConverter for k in r.int_kwargs)]
    assert not plain, f"use <id:...> (core.converters.IdConverter), not <int:...>, in: {plain}"
    assert len(_int_routes()) > 50  # the walker really sees the app's routes


def _hostile_urls(route, world):
    """The route with each of its ids in turn replaced by each hostile value (the others real)."""
    for key in route.int_kwargs:
        kwargs = kwargs_for(route, world)
        kwargs[key] = SENTINEL
        base = reverse(route.name, kwargs=kwargs)
        for value in HOSTILE_IDS:
            yield key, value, base.replace(str(SENTINEL), value)


@pytest.mark.parametrize("who", ["admin", "fasilitator", "staf_a"])
def test_no_route_answers_5xx_to_an_id_of_0_negative_or_past_bigint(world, client, who):
    client.raise_request_exception = True  # an exception in a view fails with its traceback
    client.force_login(getattr(world, who))
    checked, wrong = 0, []
    for route in _int_routes():
        for key, value, url in _hostile_urls(route, world):
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url, {})
            checked += 1
            if response.status_code >= 500:
                wrong.append(f"{route.name} {key}={value}: {response.status_code}")
            elif value in (str(2**63), str(2**64), "-1"):
                # Past BIGINT or negative: the converter refuses before any lookup.
                if response.status_code != 404:
                    wrong.append(f"{route.name} {key}={value}: {response.status_code}, expected 404")
    assert checked >= len(_int_routes()) * len(HOSTILE_IDS)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ["assessments:person_results", "assessments:assess"])
def test_person_results_routes_answer_404_for_a_user_id_past_64_bits(world, login, name):
    client = login(world.fasilitator)
    client.raise_request_exception = True
    first = "pk" if name == "assessments:person_results" else "round_pk"
    real = kwargs_for(next(r for r in iter_routes() if r.name == name), world)[first]
    url = reverse(name, kwargs={first: real, "user_pk": SENTINEL}).replace(str(SENTINEL), str(2**64))
    assert client.get(url).status_code == 404


def test_the_largest_bigint_id_is_still_a_plain_404(world, login):
    url = reverse("roadmap:milestone_detail", args=[MAX_ID])
    assert login(world.fasilitator).get(url).status_code == 404


# Integers in forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,kwargs,model",
    [
        ("roadmap:outcome_create", lambda w: {"pk": w.program.pk}, Outcome),
        ("roadmap:output_create", lambda w: {"pk": w.outcome.pk}, Output),
    ],
)
def test_an_order_past_the_column_is_a_form_error_on_every_database(world, login, name, kwargs, model):
    """PostgreSQL's integer column stops at 2**31 - 1; SQLite would take more. Both refuse in the form."""
    client = login(world.fasilitator)
    client.raise_request_exception = True
    url = reverse(name, kwargs=kwargs(world))
    before = model.objects.count()
    for order in (2**31, 2**63, 2**64, -1):
        response = client.post(url, {"statement": "Capaian besar", "order": str(order)})
        assert response.status_code == 200, order
        assert response.context["form"].errors["order"], order
    assert model.objects.count() == before
    assert client.post(url, {"statement": "Capaian besar", "order": str(2**31 - 1)}).status_code == 302
    assert model.objects.get(statement="Capaian besar").order == 2**31 - 1


def test_an_outcome_edit_refuses_an_order_past_the_column(world, login):
    client = login(world.fasilitator)
    url = reverse("roadmap:outcome_edit", args=[world.outcome.pk])
    data = {"statement": "Capaian uji", "order": str(2**31), "reason": "urutan", "version": world.outcome.version}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "order" in response.context["form"].errors


def _project_form_classes():
    """Every Form and ModelForm class defined in the project's own apps."""
    apps = {path.name for path in pathlib.Path(settings.BASE_DIR).iterdir() if (path / "apps.py").exists()}
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in apps and ".tests" not in c.__module__]


def test_every_integer_field_of_every_form_is_bounded_to_its_column():
    """Declared and ModelForm-generated integer fields: both bounds set, within the column they fill
    (ModelForms) or at least within BIGINT (plain forms). Fields added in __init__ are fuzzed instead."""
    classes = _project_form_classes()
    assert len(classes) > 30
    unbounded = []
    for cls in classes:
        model = getattr(getattr(cls, "_meta", None), "model", None)
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.IntegerField) or isinstance(field, forms.DecimalField | forms.FloatField):
                continue
            low, high = -MAX_ID - 1, MAX_ID
            if model is not None and name in {f.name for f in model._meta.get_fields()}:
                low, high = column_range(model._meta.get_field(name).get_internal_type())
            if field.min_value is None or field.max_value is None:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}: no bounds")
            elif field.min_value < low or field.max_value > high:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}: {field.min_value}..{field.max_value}")
    assert not unbounded, "use core.forms.IntegerField(column=...) or core.forms.ModelForm:\n" + "\n".join(unbounded)


def test_the_bound_check_above_can_fail():
    class Loose(forms.Form):
        count = forms.IntegerField()

    assert Loose.base_fields["count"].max_value is None  # what the check above reports


# `next` ----------------------------------------------------------------------------------------


def test_every_next_goes_through_the_safe_redirect_helper():
    """No view reads `next` and redirects by itself: it hands it to core.http.safe_redirect."""
    offenders = []
    for path in pathlib.Path(settings.BASE_DIR).glob("*/views.py"):
        source = path.read_text()
        for number, line in enumerate(source.splitlines(), 1):
            if re.search(r"""['"]next['"]""", line) and "safe_redirect(" not in line:
                offenders.append(f"{path.parent.name}/views.py:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_safe_redirect_never_resolves_a_view_name():
    from core import http

    assert "resolve_url" not in inspect.getsource(http.is_safe_path)
