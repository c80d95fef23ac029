"""The report tags write what the templates they replace wrote (issue 19: faster, not different)."""

import re
from decimal import Decimal

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.utils import translation

from partners.models import Program
from reports.forms import PeriodForm, PortfolioFilterForm
from reports.templatetags.report_cells import bar, form_field


def squash(html):
    """The markup without the whitespace between and inside tags that a browser ignores."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"period": "year", "year": "2025"},
        {"year": "abc", "quarter": "9"},  # field errors
        {"period": "custom", "start": "2026-05-01"},  # a form error
        {"province": "999999", "sector": "nope", "phase": "managing"},
    ],
)
def test_form_field_writes_what_crispy_writes(data):
    programs = Program.objects.all()
    for form_class, kwargs in ((PeriodForm, {}), (PortfolioFilterForm, {"programs": programs})):
        theirs, ours = form_class(data, **kwargs), form_class(data, **kwargs)
        theirs.is_valid(), ours.is_valid()
        for crispy_field, our_field in zip(theirs, ours, strict=True):
            assert squash(form_field(our_field)) == squash(as_crispy_field(crispy_field)), our_field.name


@pytest.mark.parametrize("language", ["id", "en"])
def test_bar(language):
    with translation.override(language):
        full = bar(Decimal("100.0"))
        assert 'aria-valuenow="100.0"' in full and "progress-bar bg-success" in full and ">100%<" in full
        assert 'style="width: 57.5%"' in bar(Decimal("57.5")) and ">58%<" in bar(Decimal("57.5"))
        assert "text-muted" in bar(None)
