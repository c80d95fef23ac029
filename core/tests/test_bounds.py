"""Integers bounded to their column, ids bounded in routes, redirects kept on this site."""

import pytest
from django import forms
from django.db import models
from django.test import RequestFactory

from core.converters import IdConverter
from core.forms import MAX_ID, IntegerField, ModelForm, as_id, bounded_formfield, column_range
from core.http import safe_redirect


@pytest.mark.parametrize(
    "internal_type,expected",
    [
        ("PositiveSmallIntegerField", (0, 32767)),
        ("PositiveIntegerField", (0, 2**31 - 1)),
        ("IntegerField", (-(2**31), 2**31 - 1)),
        ("BigIntegerField", (-(2**63), 2**63 - 1)),
        ("BigAutoField", (-(2**63), 2**63 - 1)),
    ],
)
def test_column_ranges_are_postgresqls(internal_type, expected):
    assert column_range(internal_type) == expected


def test_the_integer_field_refuses_what_its_column_cannot_hold():
    field = IntegerField(column="PositiveIntegerField", min_value=0)
    assert field.clean("2147483647") == 2**31 - 1
    for value in ("2147483648", str(2**64), "-1"):
        with pytest.raises(forms.ValidationError):
            field.clean(value)


def test_a_narrower_bound_asked_by_the_form_is_kept():
    field = IntegerField(column="PositiveSmallIntegerField", min_value=1, max_value=100)
    assert (field.min_value, field.max_value) == (1, 100)
    assert field.widget.attrs["max"] == 100


def _column(field_class, name, **kwargs):
    """A model field as a model would hold it (no model class: a test model would join every app's models)."""
    field = field_class(**kwargs)
    field.set_attributes_from_name(name)
    return field


def test_model_forms_get_their_integer_fields_bounded_from_the_model():
    small = bounded_formfield(_column(models.PositiveSmallIntegerField, "small"))
    big = bounded_formfield(_column(models.BigIntegerField, "big"))
    share = bounded_formfield(_column(models.DecimalField, "share", max_digits=5, decimal_places=0))
    assert (small.min_value, small.max_value) == (0, 32767)
    assert (big.min_value, big.max_value) == (-(2**63), 2**63 - 1)
    with pytest.raises(forms.ValidationError):
        small.clean("40000")
    assert share.max_value is None  # decimals keep their digits check
    assert ModelForm.Meta.formfield_callback is bounded_formfield


def test_the_id_converter_refuses_past_bigint():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    assert converter.to_python("0") == 0
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/partners/programs/?page=2", "/partners/programs/?page=2"),
        ("' OR 1=1 --", "/"),
        ("home", "/"),
        ("partners:program_list", "/"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
        ("/\\evil.example.com", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_safe_redirect_takes_only_paths_on_this_site(target, expected, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    request = RequestFactory().get("/")
    response = safe_redirect(request, target, "/")
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (7, 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("1.0", None),
        (" 5", None),
        ("", None),
        (None, None),
    ],
)
def test_as_id_takes_only_ascii_digits_a_bigint_can_hold(value, expected):
    assert as_id(value) == expected
