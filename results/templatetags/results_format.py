"""{% load results_format %}: result figures as every results page writes them (results.formatting).

{{ value|indicator_value:kind }}   12.500,25 · 45,5% · Ya · a dash          (results/_value.html)
{{ percent|percent_text }}         258,1% · —
{{ row.rag|rag_badge }}            the status badge, or a dash                (results/_rag.html)
{{ row|period_cells }}             an IPTT row's target, actual and % cells, period by period
{{ line.rows|program_figures }}    a portfolio line's programs (linked) and their actuals
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


@register.filter(is_safe=True)
def period_cells(row):
    """<td>target</td><td>actual</td><td>%</td> for each of the row's periods: the IPTT's largest
    part, written in one pass instead of three filtered variables per cell (issue 19)."""
    return formatter().period_cells(row)


@register.filter(is_safe=True)
def program_figures(rows):
    return formatter().program_figures(rows)
