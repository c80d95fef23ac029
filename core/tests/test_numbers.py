"""Figures read the way each language writes them: Indonesian groups with "." and decimals with ","."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.numbers import format_number, format_rupiah


@pytest.mark.parametrize(
    "language, expected",
    [("id", "Rp\u00a01.250.000.000"), ("en", "Rp\u00a01,250,000,000")],
)
def test_rupiah_is_grouped_in_the_language_and_whole(language, expected):
    with translation.override(language):
        assert format_rupiah(Decimal("1250000000.00")) == expected
        assert format_rupiah(1_249_999_999.5) == expected  # rounded half up, not cut


def test_numbers_keep_their_decimals_in_the_language():
    with translation.override("id"):
        assert format_number(Decimal("12500.255"), 2) == "12.500,26"
        assert format_number(7) == "7"
    with translation.override("en"):
        assert format_number(Decimal("12500.255"), 2) == "12,500.26"


def test_nothing_and_text_are_left_alone():
    assert format_rupiah(None) == "–"
    assert format_number(None) == ""
    assert format_number("n/a") == "n/a"


def test_template_filters():
    template = Template("{% load numbers %}{{ total|rupiah }} · {{ share|number:1 }}")
    with translation.override("id"):
        text = template.render(Context({"total": 75_000_000, "share": Decimal("12.5")}))
    assert text == "Rp\u00a075.000.000 · 12,5"


@pytest.mark.parametrize("language", ["id", "en"])
def test_same_text_as_djangos_number_format(language):
    """format_number groups with Python's formatting (issue 19: it is called hundreds of times per
    report); it writes exactly what Django's number_format writes, negative and zero included."""
    from django.utils.formats import number_format

    values = [Decimal("0"), Decimal("-0.4"), -1000, 999, Decimal("-123456.789"), 1_249_999_999.5, Decimal("1E+10")]
    with translation.override(language):
        for value in values:
            for decimals in (0, 1, 2):
                number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
                assert format_number(value, decimals) == number_format(
                    number, decimal_pos=decimals, use_l10n=True, force_grouping=True
                ), (value, decimals)
