"""Issue 16, item 9: every date input carries an ISO value (a browser's type=date shows nothing else)."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.forms import DateInput

PROJECT_APPS = [a for a in apps.get_app_configs() if str(a.path).startswith(str(settings.BASE_DIR))]


def _form_classes():
    for config in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_declared_date_field_uses_the_iso_date_input():
    wrong = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField)
        and not isinstance(field, forms.DateTimeField)
        and not isinstance(field.widget, (DateInput, forms.HiddenInput))
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_date_input_renders_iso_in_both_languages(language):
    class Form(forms.Form):
        day = forms.DateField(widget=DateInput())

    with translation.override(language):
        html = str(Form(initial={"day": datetime.date(2026, 3, 7)})["day"])
    assert 'type="date"' in html
    assert 'value="2026-03-07"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_assessment_round_form_shows_its_default_dates(language):
    from assessments.forms import RoundForm

    with translation.override(language):
        form = RoundForm()
        html = str(form["held_on"]) + str(form["closes_on"])
    held_on = form.fields["held_on"].initial
    assert f'value="{held_on.isoformat()}"' in html
    assert html.count('value="') == 2 and "-" in html
