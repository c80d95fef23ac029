"""results.formatting writes every figure exactly as the templates' floatformat did (issue 19: the
IPTT formats its figures in Python, not with one {% include %} and floatformat per cell)."""

import random
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from results.formatting import formatter

# The markup results/_value.html and results/_rag.html had before the figures moved to Python.
VALUE = Template(
    '{% load i18n %}{% if value is None %}<span class="text-muted">—</span>{% elif kind == "yes_no" %}'
    '{% if value %}{% translate "Yes" %}{% else %}{% translate "No" %}{% endif %}'
    '{% else %}{{ value|floatformat:"-2g" }}{% if kind == "percentage" %}%{% endif %}{% endif %}'
)
PERCENT = Template('{% if value is not None %}{{ value|floatformat:"-1" }}%{% else %}—{% endif %}')
RAG = Template(
    '{% load i18n %}{% if rag == "green" %}<span class="badge text-bg-success" data-rag="green">'
    '{% translate "On track" %}</span>{% elif rag == "amber" %}<span class="badge text-bg-warning" '
    'data-rag="amber">{% translate "Needs attention" %}</span>{% elif rag == "red" %}'
    '<span class="badge text-bg-danger" data-rag="red">{% translate "Off track" %}</span>'
    '{% else %}<span class="text-muted">—</span>{% endif %}'
)


def values():
    rng = random.Random(19)
    fixed = [
        "0",
        "0.00",
        "0.004",
        "0.005",
        "0.5",
        "1",
        "1.0",
        "12.345",
        "12.355",
        "99.995",
        "100",
        "258.1",
        "204.0",
        "999.999",
        "1000",
        "1234.5",
        "12500.25",
        "999999.995",
        "123456789012.99",
        "0.10",
    ]
    for text in fixed:
        yield Decimal(text)
    for _ in range(400):
        places = rng.choice([0, 1, 2, 3, 4])
        yield Decimal(rng.randrange(0, 10 ** rng.randrange(1, 13))).scaleb(-places)
    yield from [Decimal("-1.5"), Decimal("-0.001"), 7, 2.5, Decimal("NaN")]


@pytest.mark.parametrize("language", ["id", "en"])
def test_values_and_percentages_are_written_as_floatformat_writes_them(language):
    with translation.override(language):
        f = formatter()
        for value in [None, *values()]:
            for kind in ["number", "percentage", "yes_no"]:
                if kind == "yes_no" and value not in (None, 0, 1):
                    continue
                context = Context({"value": value, "kind": kind})
                assert f.value(value, kind) == VALUE.render(context), (value, kind)
            assert f.percent(value) == PERCENT.render(Context({"value": value})), value


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_status_badge_is_the_same(language):
    with translation.override(language):
        for rag in ["green", "amber", "red", "", None]:
            assert formatter().rag(rag) == RAG.render(Context({"rag": rag}))
