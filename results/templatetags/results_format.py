"""{% load results_format %}: result figures as every results page writes them (results.formatting).

{{ value|indicator_value:kind }}   12.500,25 · 45,5% · Ya · a dash          (results/_value.html)
{{ percent|percent_text }}         258,1% · —
{{ row.rag|rag_badge }}            the status badge, or a dash                (results/_rag.html)
"""

from django import template

from results.formatting import formatter

register = template.Library()


@register.filter(is_safe=True)
def indicator_value(value, kind):
    return formatter().value(value, kind)


@register.filter(is_safe=True)
def percent_text(value):
    return formatter().percent(value)


@register.filter(is_safe=True)
def rag_badge(rag):
    return formatter().rag(rag)
