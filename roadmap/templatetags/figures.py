"""{% definition "overdue" %}: a small "?" beside a figure's label, linking to its definition
and showing it as the link's title. No script: the browser's own tooltip shows the title.

{% progress_bar value %} and {% progress_source source %}: what roadmap/_progress.html and
roadmap/_progress_source.html draw, without an {% include %} each (a road map shows dozens)."""

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.templatetags.l10n import unlocalize
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from roadmap.definitions import FIGURES

register = template.Library()

# Drawn once per figure (or source), language and URL prefix, then reused: the same text every time.
_drawn = {}


@register.simple_tag
def definition(key):
    cache_key = ("definition", key, get_language(), get_script_prefix())
    if cache_key not in _drawn:
        label, text = FIGURES[key]
        _drawn[cache_key] = format_html(
            '<a class="definition-link text-decoration-none small d-print-none" href="{}#{}" title="{}" '
            'aria-label="{}" data-definition="{}">?</a>',
            reverse("roadmap:definitions"),
            key,
            text,
            gettext("Definition: %(figure)s") % {"figure": label},
            key,
        )
    return _drawn[cache_key]


@register.simple_tag
def progress_bar(value):
    """roadmap/_progress.html for `value` (a percentage, or None: "n/a")."""
    if value is None:
        return format_html('<span class="text-muted small">{}</span>', gettext("n/a"))
    done = " bg-success" if value >= 100 else ""
    raw = escape(unlocalize(value))
    return mark_safe(  # noqa: S308 - the label is escaped, the rest are numbers
        f'<div class="progress" role="progressbar" aria-label="{escape(gettext("Progress"))}" aria-valuenow="{raw}"'
        f' aria-valuemin="0" aria-valuemax="100"><div class="progress-bar{done}" style="width: {raw}%">'
        f"{escape(floatformat(value, 0))}%</div></div>"
    )


@register.simple_tag
def progress_source(source):
    """roadmap/_progress_source.html for `source` ("indicators", "milestones" or "")."""
    cache_key = ("source", source, get_language())
    if cache_key not in _drawn:
        _drawn[cache_key] = mark_safe(get_template("roadmap/_progress_source.html").render({"source": source}))  # noqa: S308
    return _drawn[cache_key]
