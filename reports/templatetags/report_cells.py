"""{% load report_cells %}: the report tables' repeated cells, built in Python (issue 19).

The program report and the portfolio drew each progress bar with an `{% include %}` per row; a
template include costs far more than the few lines of HTML it writes, so the bar is a tag that
writes the same markup.

{% bar value %}    the progress bar of a percentage (None: "n/a")
{{ value|day }}    |date:"DATE_FORMAT", remembered per day: a report writes hundreds of dates
{% partner_row p %}, {% contribution_row p %}, {% capacity_rows partner lines %}, {% revision_row r %}:
                   the rows of the program report's long tables; {% program_row p query %}: the portfolio's
{% form_field field %}   a form field as crispy-forms writes it, without its template
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.template.defaultfilters import floatformat, truncatechars
from django.templatetags.l10n import unlocalize
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core.dates import format_day
from core.numbers import format_number

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


@register.filter(expects_localtime=True)
def day(value):
    """{{ value|day }}: |date:"DATE_FORMAT" (the day in the reader's zone), remembered per day (core.dates)."""
    if value in (None, ""):
        return ""
    return format_day(value)


# --- Table rows -------------------------------------------------------------------------------
# The program report's long tables write each row here: one tag per row instead of a dozen
# template nodes (the same cells, classes and text as the loops they replace).


def _count(value):
    """An integer as the template engine writes it (no grouping: USE_THOUSAND_SEPARATOR is off)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


def _rate(value, places):
    """ "58%" (rounded half up, as `floatformat`), or "–" for no rate."""
    if value is None:
        return "–"
    return f"{floatformat(value, places)}%"


@register.simple_tag
def partner_row(p):
    """A row of "Milestones per partner"."""
    return format_html(
        '<tr><td>{}</td><td class="text-end">{}</td><td class="text-end">{}</td><td>{}</td>\n'
        '    <td class="text-end">{}</td><td class="text-end{}">{}</td></tr>',
        p.display_name,
        _count(p.ms_total),
        _count(p.ms_done),
        bar(p.completion_rate),
        _rate(p.on_time_rate, 0),
        " overdue" if p.ms_overdue else "",
        _count(p.ms_overdue),
    )


@register.simple_tag
def contribution_row(p):
    """A row of "Contributions per partner (IDR)": one cell per contribution kind, then the totals."""
    badge = (
        format_html(' <span class="badge text-bg-warning">{}</span>', gettext("Initial funder"))
        if p.is_initial_funder
        else ""
    )
    kinds = format_html_join("", '<td class="text-end">{}</td>', ((format_number(v),) for v in p.by_kind))
    return format_html(
        '<tr><td>{}{}</td>\n    {}\n    <td class="text-end fw-semibold">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td></tr>',
        p.display_name,
        badge,
        kinds,
        format_number(p.period_total),
        _rate(p.share, 1),
        format_number(p.total_to_date),
    )


@register.simple_tag
def program_row(p, period_query):
    """A row of the portfolio's program table, its link carrying the period to the program report."""
    return format_html(
        '<tr><td><a href="{}?{}">{}</a></td><td>{}</td>\n    <td class="small">{}</td>\n'
        '    <td class="text-end">{}</td><td>{}</td>\n    <td class="text-end">{}</td>\n'
        '    <td class="text-end{}">{}</td><td class="text-end">{}</td><td class="text-end">{}</td></tr>',
        reverse("reports:program", args=[p.pk]),
        period_query,
        p.name,
        p.get_phase_display(),
        ", ".join(province.name for province in p.provinces.all()),
        _count(p.ms_total),
        bar(p.completion_rate),
        _rate(p.on_time_rate, 0),
        " overdue" if p.ms_overdue else "",
        _count(p.ms_overdue),
        _count(p.endorsements_missing),
        format_number(p.contribution_total),
    )


@register.simple_tag
def capacity_rows(partner, lines):
    """A partner's rows of the capacity table (reports.selectors.capacity_use), page and PDF alike."""
    if not lines:
        return format_html(
            '<tr><td>{}</td><td colspan="5" class="text-muted muted">{}</td></tr>',
            partner.display_name,
            gettext("No capacity recorded at scoping and nothing contributed yet."),
        )
    rows = []
    for i, line in enumerate(lines):
        first = format_html('<td rowspan="{}">{}</td>', len(lines), partner.display_name) if i == 0 else ""
        if not line.scoped:
            found = format_html('<span class="text-muted muted">{}</span>', gettext("not found at scoping"))
        elif line.notes:
            found = format_html(
                '{}<div class="small text-muted muted">{}</div>', line.label, truncatechars(line.notes, 120)
            )
        else:
            found = line.label
        if line.unused:
            use = format_html(
                '<span class="badge text-bg-warning unused" data-testid="capacity-unused">{}</span>',
                gettext("Not yet used"),
            )
        else:
            use = gettext("used") if line.scoped else gettext("beyond scoping")
        rows.append(
            format_html(
                '<tr>{}\n    <td>{}</td>\n    <td>{}</td>\n    <td class="n text-end">{}</td>'
                '<td class="n text-end">{}</td>\n    <td>{}</td></tr>',
                first,
                found,
                ", ".join(str(kind) for kind in line.contributed) or "–",
                format_number(line.count),
                format_number(line.value),
                use,
            )
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 - each row is built by format_html


@register.simple_tag
def revision_row(r):
    """A row of "Road-map revisions in the period": the day (in the reader's zone) and the change in words."""
    return format_html(
        '<tr><td class="text-nowrap">{}</td><td>{}</td><td class="small">{}</td><td class="small">{}</td>'
        '<td class="small">{}</td></tr>',
        format_day(template_localtime(r.created_at)),
        r.item_label,
        r.description,
        r.reason,
        r.actor or "",
    )


# --- The period and filter form ------------------------------------------------------------------

_CRISPY_ONLY = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)


@register.simple_tag
def form_field(field):
    """A field as crispy-forms' bootstrap5 `field.html` writes it (`{{ field|as_crispy_field }}`):
    label, widget with Bootstrap's classes, errors and help text. Crispy's template takes about a
    millisecond per field; the portfolio's filters have eleven. Check boxes, radios, files, hidden
    fields and fields in a fieldset are left to crispy itself."""
    widget = field.field.widget
    if field.is_hidden or field.use_fieldset or isinstance(widget, _CRISPY_ONLY) or hasattr(field.form, "helper"):
        return as_crispy_field(field)
    errors = field.errors
    # What {% crispy_field field 'class' 'form-select is-invalid' %} does to the widget's classes.
    extra = ["form-select" if isinstance(widget, forms.Select) else "form-control"] + (["is-invalid"] if errors else [])
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for inner in getattr(widget, "widgets", [getattr(widget, "widget", widget)]):
        class_name = inner.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = inner.attrs.get("class", "")
        if css_class:
            if css_class.find(class_name) == -1:
                css_class += f" {class_name}"
        else:
            css_class = class_name
        classes = css_class.split()
        inner.attrs["class"] = " ".join([css_class, *(c for c in extra if c not in classes)])
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    error_block = ""
    if errors:
        error_block = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            getattr(errors, "field_id", "") or "",
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(errors, 1)),
            ),
        )
    help_block = ""
    if field.help_text:
        help_id = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        help_block = format_html('<div{} class="form-text">{}</div>', help_id, mark_safe(field.help_text))  # noqa: S308 - as crispy's |safe
    css = f" {field.css_classes()}" if field.css_classes() else ""
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>', field.auto_id, css, label, str(field), error_block, help_block
    )
