"""{% definition "overdue" %}: a small "?" beside a figure's label, linking to its definition
and showing it as the link's title. No script: the browser's own tooltip shows the title."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from roadmap.definitions import FIGURES

register = template.Library()


@register.simple_tag
def definition(key):
    label, text = FIGURES[key]
    return format_html(
        '<a class="definition-link text-decoration-none small d-print-none" href="{}#{}" title="{}" '
        'aria-label="{}" data-definition="{}">?</a>',
        reverse("roadmap:definitions"),
        key,
        text,
        gettext("Definition: %(figure)s") % {"figure": label},
        key,
    )
