"""{% load numbers %}: figures formatted the same way on every page, in the PDF and on the dashboard.

{{ total|rupiah }}          Rp 1.250.000.000   (English: Rp 1,250,000,000)
{{ count|number }}          12.500
{{ value|number:2 }}        12.500,25
"""

from django import template

from core.numbers import format_number, format_rupiah

register = template.Library()


@register.filter(is_safe=True)
def number(value, decimals=0):
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 0
    return format_number(value, decimals)


@register.filter(is_safe=True)
def rupiah(value):
    return format_rupiah(value)
