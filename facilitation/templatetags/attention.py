"""{{ row|attention_row }}: one row of the dashboard's "needs attention" queue as HTML.

Built in Python rather than as a dozen template nodes per row: up to QUEUE_TOTAL rows were the
largest part of the dashboard's template rendering (issue 19). The markup and wording are the same
as the template's were. Every value is escaped as the template engine escapes it (html.escape,
what django.utils.html.escape calls, without its lazy-string wrapper); the translated wording is
trusted as {% blocktranslate %} trusts it.
"""

import html

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

ROW = (
    '<a class="list-group-item list-group-item-action d-flex flex-wrap justify-content-between gap-2" '
    'href="{}" data-kind="{}">\n'
    "      <span>\n"
    "        <strong>{}</strong>: {}\n"
    '        <br><span class="small text-muted">{} · {}</span>\n'
    "      </span>\n"
    "      {}\n"
    "    </a>"
)
VERY_LATE = '<span class="badge text-bg-danger align-self-center" data-testid="very-late">{}</span>\n      '
LATE = '<span class="badge text-bg-danger align-self-center">{}</span>'


def _escape(value):
    """conditional_escape: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.filter
def attention_row(row):
    if row.very_late:
        days = localize(row.late_cap)
        badge = VERY_LATE.format(gettext("More than %(days)s days late: check the due date") % {"days": days})
    elif row.urgency > 0:
        days = localize(row.urgency)
        badge = LATE.format(ngettext("%(days)s day late", "%(days)s days late", row.urgency) % {"days": days})
    else:
        badge = ""
    values = (row.url, row.kind, row.action, row.title, row.program.name, row.detail)
    return mark_safe(ROW.format(*map(_escape, values), badge))  # noqa: S308 - every value escaped above
