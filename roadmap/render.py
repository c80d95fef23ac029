"""Fast HTML for the big, repetitive parts of the road map (thousands of rows).

The Django template engine costs about a millisecond per milestone row; a program with
2,000 milestones must render well under a second, so the rows of the tree and the bars
of the timeline are written here with plain string formatting. Every text value is
escaped; numbers are written unlocalised (SVG needs "12.5", not "12,5").
"""

from html import escape

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from roadmap.models import MilestoneStatus


def route(name):
    """The path of route `name` with one id, as a `%d` pattern: reverse() once, then `% pk` per row."""
    return reverse(name, args=[987654321]).replace("987654321", "%d")


class Formatter:
    """Per-request lookups: translated labels, month names and the milestone URL pattern."""

    def __init__(self):
        self.months = [""] + [str(MONTHS_3[i]).title() for i in range(1, 13)]
        self.status = {value: escape(str(label)) for value, label in MilestoneStatus.choices}
        self.url = route("roadmap:milestone_detail")
        self.overdue = escape(gettext("overdue"))
        self.progress_label = escape(gettext("Progress"))
        self.owner_names = {}

    def owner(self, milestone):
        return escape(self.owner_names.get(milestone.owner_id, ""))

    def date(self, value):
        return f"{value.day} {self.months[value.month]} {value.year}"

    def progress(self, value):
        done = " bg-success" if value >= 100 else ""
        return (
            f'<div class="progress" role="progressbar" aria-label="{self.progress_label}" aria-valuenow="{value}"'
            ' aria-valuemin="0" aria-valuemax="100">'
            f'<div class="progress-bar{done}" style="width:{value}%">{value}%</div></div>'
        )


def tree_rows(milestones, fmt):
    """<tr> rows of the road-map tree for one output (milestones annotated by `with_flags`)."""
    out = []
    for m in milestones:
        row_attrs = ' class="overdue" data-overdue' if m.late else ""
        # Not by colour alone (WCAG 1.4.1): the word says it too.
        late_text = f'<br><span class="badge text-bg-danger">{fmt.overdue}</span>' if m.late else ""
        out.append(
            f"<tr{row_attrs}>"
            f'<td><a href="{fmt.url % m.pk}">{escape(m.title)}</a></td>'
            f'<td class="small">{fmt.owner(m)}</td>'
            f'<td class="text-nowrap small">{fmt.date(m.due_date)}{late_text}</td>'
            f'<td class="small">{fmt.status[m.status]}</td>'
            f"<td>{fmt.progress(m.progress)}</td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or a number


def my_milestone_rows(rows, fmt):
    """<tr> rows of "my milestones" (roadmap.selectors.MyMilestone), as its template drew them."""
    from roadmap.templatetags.figures import definition, progress_bar  # as the page's own tags draw them

    if not rows:
        return ""
    dates = {}
    detail, create, edit = fmt.url, route("roadmap:update_create"), route("roadmap:update_edit")
    late_attrs = ' class="overdue" data-overdue'
    overdue = f'<br><span class="small">{fmt.overdue}</span>'
    waiting = (
        f'<br><span class="badge text-bg-primary">{escape(gettext("Awaiting review"))}</span> '
        f"{definition('waiting_review')}"
    )
    returned = f'<br><span class="badge text-bg-warning">{escape(gettext("Returned for revision"))}</span>'
    fix = escape(gettext("Fix and resubmit"))
    report = escape(gettext("Report progress"))
    out = []
    for m in rows:
        if m.due_date not in dates:
            dates[m.due_date] = escape(date_format(m.due_date, "DATE_FORMAT"))
        if m.my_returned:
            action = f'<a class="btn btn-sm btn-warning text-nowrap" href="{edit % m.my_returned}">{fix}</a>'
        else:
            keep = " data-offline-keep" if m.is_open else ""
            action = f'<a class="btn btn-sm btn-success text-nowrap" href="{create % m.pk}"{keep}>{report}</a>'
        out.append(
            f"<tr{late_attrs if m.late else ''}>"
            f'<td class="text-nowrap">{dates[m.due_date]}{overdue if m.late else ""}</td>'
            f'<td><a href="{detail % m.pk}" data-offline-keep>{escape(m.title)}</a><br>'
            f'<span class="small text-muted">{escape(m.organisation_name)}</span></td>'
            f'<td class="small">{escape(m.program_name)}</td>'
            f'<td class="small">{fmt.status[m.status]}{waiting if m.waiting else ""}'
            f"{returned if m.returned else ''}</td>"
            f"<td>{progress_bar(m.progress)}</td><td>{action}</td></tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or a number


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def timeline_svg_body(chart, fmt):
    """The groups, bars and dependency arrows of the timeline SVG."""
    out = []
    width = chart["width"]
    for group in chart["groups"]:
        y = group["y"]
        out.append(
            f'<text class="tl-group" x="4" y="{y + 17}">{escape(_truncate(group["output"].statement, 70))}</text>'
            f'<line class="tl-sep" x1="0" y1="{y}" x2="{width}" y2="{y}"/>'
        )
        for b in group["bars"]:
            m = b["m"]
            late = " tl-overdue" if b["overdue"] else ""
            label_class = "tl-label tl-overdue-text" if late else "tl-label"
            title = (
                f"{escape(m.title)} — {fmt.owner(m)} — {fmt.date(m.start_date)} – {fmt.date(m.due_date)} "
                f"({fmt.status[m.status]}, {m.progress}%)"
            )
            out.append(
                f'<a href="{fmt.url % m.pk}"><title>{title}</title>'
                f'<text class="{label_class}" x="12" y="{b["text_y"]}">'
                f"{escape(_truncate(m.title, 34))}</text>"
                f'<rect class="tl-bar tl-s-{m.status}{late}" x="{_n(b["x"])}" y="{b["y"]}" width="{_n(b["w"])}" '
                f'height="{chart["bar"]}" rx="3"/>'
                f'<rect class="tl-fill" x="{_n(b["x"])}" y="{b["y"]}" width="{_n(b["done_w"])}" '
                f'height="{chart["bar"]}" rx="3"/></a>'
            )
    for arrow in chart["arrows"]:
        late = " tl-dep-late" if arrow["late"] else ""
        out.append(f'<path class="tl-dep{late}" d="{arrow["d"]}" marker-end="url(#arrow)"/>')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or a number


def timeline_overview_svg_body(chart, fmt):
    """One summary bar per output; each opens that output's own timeline (`?output=<pk>`)."""
    out = []
    for b in chart["bars"]:
        output = b["output"]
        late = " tl-overdue" if b["late"] else ""
        summary = escape(
            ngettext("%(done)d of %(n)d milestone done", "%(done)d of %(n)d milestones done", b["n"])
            % {"done": b["done"], "n": b["n"]}
        )
        if b["late"]:
            summary += " · " + escape(ngettext("%(late)d overdue", "%(late)d overdue", b["late"]) % {"late": b["late"]})
        title = f"{escape(output.statement)} — {fmt.date(b['start'])} – {fmt.date(b['due'])} ({summary})"
        out.append(
            f'<a href="?output={output.pk}" data-testid="timeline-output"><title>{title}</title>'
            f'<text class="tl-group" x="4" y="{b["text_y"]}">{escape(_truncate(output.statement, 34))}</text>'
            f'<rect class="tl-bar{late}" x="{_n(b["x"])}" y="{b["y"]}" width="{_n(b["w"])}" '
            f'height="{chart["bar"]}" rx="3"/>'
            f'<rect class="tl-fill" x="{_n(b["x"])}" y="{b["y"]}" width="{_n(b["done_w"])}" '
            f'height="{chart["bar"]}" rx="3"/></a>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or a number


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"
