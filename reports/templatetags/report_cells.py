"""{% load report_cells %}: the report tables' repeated cells, built in Python (issue 19).

The program report and the portfolio drew each progress bar with an `{% include %}` per row; a
template include costs far more than the few lines of HTML it writes, so the bar is a tag that
writes the same markup.

{% bar value %}    the progress bar of a percentage (None: "n/a")
"""

from django import template
from django.template.defaultfilters import floatformat
from django.templatetags.l10n import unlocalize
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def bar(value, label=""):
    """A percentage as a Bootstrap progress bar with its rounded figure beside it ("n/a" for None)."""
    if value is None:
        return format_html('<span class="text-muted small">{}</span>', gettext("n/a"))
    raw = unlocalize(value)
    return format_html(
        '<div class="d-flex align-items-center gap-2"><div class="progress flex-grow-1" role="progressbar" '
        'aria-label="{}" aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100"><div class="progress-bar{}" '
        'style="width: {}%"></div></div><span class="small text-nowrap">{}%</span></div>',
        label or gettext("Progress"),
        raw,
        " bg-success" if value >= 100 else "",
        raw,
        floatformat(value, 0),
    )
