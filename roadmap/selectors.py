"""Read-side helpers for the tree and timeline: a fixed number of queries whatever the size."""

import datetime
import math

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from partners.models import ProgramPartner
from roadmap.models import (
    OPEN_STATUSES,
    Milestone,
    MilestoneRules,
    Outcome,
    Output,
    ProgressUpdate,
    set_outcome_progress,
)
from roadmap.render import (
    Formatter,
    my_milestone_rows,
    route,
    timeline_overview_svg_body,
    timeline_svg_body,
    tree_rows,
)


def outputs_with_progress(program):
    """Outputs with `progress` (Output.objects.with_progress) and their counted and done milestones."""
    return (
        Output.objects.filter(outcome__program=program)
        .with_progress()
        .annotate(
            milestone_count=Count("milestones", filter=MilestoneRules.counted("milestones")),
            done_count=Count("milestones", filter=MilestoneRules.done("milestones")),
        )
        .order_by("outcome__order", "outcome_id", "order", "pk")
    )


def outcomes_with_progress(program, outputs):
    """Outcomes with `progress`, from their `outputs` (outputs_with_progress; set_outcome_progress)."""
    outcomes = Outcome.objects.filter(program=program).order_by("order", "pk")
    return set_outcome_progress(list(outcomes), outputs)


# Only what a row shows: loading 2,000 full milestones with their partner and organisation
# rows costs more than rendering them.
ROW_FIELDS = ["id", "title", "status", "progress", "start_date", "due_date", "output_id", "owner_id"]


def owner_names(program):
    """{program partner id: organisation name}, so rows need not join the organisation."""
    return dict(ProgramPartner.objects.filter(program=program).values_list("pk", "organisation__name"))


# Above this many milestones (after the filters) the tree opens with its outputs collapsed and
# each output's rows load on demand (htmx; without JavaScript, a link to the output's page), and
# the timeline shows one summary bar per output until an output is chosen: at national scale a
# whole road map would be 700-800 KB of HTML (issue 19: no page above 200 KB).
TREE_ROWS_MAX = 300
TIMELINE_BARS_MAX = 300


# The links beside each outcome and output, reversed once per page (`route`), not once per item.
TREE_ROUTES = (
    "outcome_detail",
    "output_create",
    "output_detail",
    "milestone_create",
    "milestone_bulk",
    "tree_output_rows",
)


def build_tree(program, milestones, *, collapsed=False):
    """[outcome, ...] each with `.output_list`, each with `.milestone_list` (from the filtered
    queryset) and `.rows_html`, its table rows, and their links (`.url`, ...). `collapsed`: no
    rows are read; each output is marked `.collapsed` and its rows come from `output_rows` when opened."""
    today = timezone.localdate()
    fmt = Formatter()
    outputs = list(outputs_with_progress(program))  # the tree shows no responsible partners: none read
    outcomes = outcomes_with_progress(program, outputs)
    by_output = {}
    if not collapsed:
        for milestone in milestones.only(*ROW_FIELDS).with_flags(today):
            by_output.setdefault(milestone.output_id, []).append(milestone)
        fmt.owner_names = owner_names(program)
    url = {name: route(f"roadmap:{name}") for name in TREE_ROUTES}
    by_outcome = {}
    for output in outputs:
        output.url = url["output_detail"] % output.pk
        output.create_url = url["milestone_create"] % output.pk
        output.bulk_url = url["milestone_bulk"] % output.pk
        output.rows_url = url["tree_output_rows"] % output.pk
        output.collapsed = collapsed
        output.milestone_list = by_output.get(output.pk, [])
        output.rows_html = "" if collapsed else tree_rows(output.milestone_list, fmt)
        by_outcome.setdefault(output.outcome_id, []).append(output)
    for outcome in outcomes:
        outcome.url = url["outcome_detail"] % outcome.pk
        outcome.create_url = url["output_create"] % outcome.pk
        outcome.output_list = by_outcome.get(outcome.pk, [])
    return outcomes


def output_rows(program, milestones):
    """The tree's <tr> rows for one output's (filtered) milestones, for an output opened on demand."""
    fmt = Formatter()
    fmt.owner_names = owner_names(program)
    rows = milestones.only(*ROW_FIELDS).with_flags(timezone.localdate()).order_by("due_date", "pk")
    return tree_rows(list(rows), fmt)


# My milestones ------------------------------------------------------------------------------


class MyMilestone:
    """One row of "my milestones", read as plain values (no model instances: a busy partner's
    list has dozens of rows, each with its program, owner and organisation)."""

    __slots__ = ("pk", "title", "status", "progress", "due_date", "owner_id", "program_name", "organisation_name",
                 "late", "waiting", "returned", "my_returned")  # fmt: skip

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


def my_milestones(user, *, show_all=False):
    """(rows, their <tr> HTML): milestones owned by the user's organisation in every program they
    belong to, by due date; open ones only unless `show_all`. Per row: overdue, reports waiting for
    review, returned reports, and the user's own returned report (the row offers to fix it)."""
    milestones = (
        Milestone.objects.filter(owner__memberships__user=user, owner__left_on__isnull=True)
        .with_flags()
        .annotate(
            waiting=Count("updates", filter=ProgressUpdate.objects.waiting_review_q("updates")),
            returned=Count("updates", filter=Q(updates__state=ProgressUpdate.State.RETURNED)),
            my_returned=Subquery(
                ProgressUpdate.objects.filter(
                    milestone=OuterRef("pk"), author=user, state=ProgressUpdate.State.RETURNED
                )
                .order_by("-pk")
                .values("pk")[:1]
            ),
        )
        .order_by("due_date", "pk")
    )
    if not show_all:
        milestones = milestones.open()
    rows = [
        MyMilestone(*values)
        for values in milestones.values_list(
            "pk", "title", "status", "progress", "due_date", "owner_id", "program__name", "owner__organisation__name",
            "late", "waiting", "returned", "my_returned",
        )
    ]  # fmt: skip
    return rows, my_milestone_rows(rows, Formatter())


# Timeline ---------------------------------------------------------------------------------

ROW = 26
BAR = 16
LABEL_WIDTH = 230
HEADER = 34


def _month_starts(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _timeline_overview(program, milestones, today):
    outputs = {
        o.pk: o
        for o in Output.objects.filter(outcome__program=program).order_by("outcome__order", "outcome_id", "order", "pk")
    }
    spans = {
        row["output_id"]: row
        for row in milestones.order_by()
        .values("output_id")
        .annotate(
            start=Min("start_date"),
            due=Max("due_date"),
            n=Count("pk"),
            late=Count("pk", filter=MilestoneRules.overdue(today)),
            done=Count("pk", filter=MilestoneRules.done()),
        )
    }
    first = min([r["start"] for r in spans.values()] + [today]) - datetime.timedelta(days=7)
    last = max([r["due"] for r in spans.values()] + [today]) + datetime.timedelta(days=14)
    span = (last - first).days or 1
    day_px = max(1.0, min(12.0, 1100 / span))

    def x(date):
        return LABEL_WIDTH + round((date - first).days * day_px, 1)

    bars, y = [], HEADER
    for pk, output in outputs.items():
        row = spans.get(pk)
        if not row:
            continue
        x1, x2 = x(row["start"]), x(row["due"] + datetime.timedelta(days=1))
        width = max(3, round(x2 - x1, 1))
        bars.append(
            {
                "output": output,
                "x": x1,
                "y": y + (ROW - BAR) // 2,
                "w": width,
                "done_w": round(width * row["done"] / row["n"], 1),
                "text_y": y + ROW // 2 + 4,
                "n": row["n"],
                "late": row["late"],
                "done": row["done"],
                "start": row["start"],
                "due": row["due"],
            }
        )
        y += ROW
    step = max(1, math.ceil(70 / (30.4 * day_px)))
    months = [
        {"x": x(month), "label": month if i % step == 0 else None}
        for i, month in enumerate(m for m in _month_starts(first, last) if m >= first)
    ]
    chart = {
        "overview": True,
        "bars": bars,
        "months": months,
        "today_x": x(today),
        "width": LABEL_WIDTH + round(span * day_px) + 10,
        "height": y + 10,
        "label_width": LABEL_WIDTH,
        "bar": BAR,
        "count": sum(b["n"] for b in bars),
    }
    chart["body"] = timeline_overview_svg_body(chart, Formatter())
    return chart


def build_timeline(program, milestones, *, overview=False):
    """Geometry for the server-drawn SVG Gantt chart, grouped by output. `overview`: one summary bar
    per output (first start to last due date, share done, overdue count), each a link to that
    output's own timeline, instead of one bar per milestone."""
    today = timezone.localdate()
    if overview:
        return _timeline_overview(program, milestones, today)
    outputs = list(
        Output.objects.filter(outcome__program=program).order_by("outcome__order", "outcome_id", "order", "pk")
    )
    rows = list(milestones.only(*ROW_FIELDS).with_flags(today).order_by("start_date", "due_date", "pk"))
    first = min([m.start_date for m in rows] + [today]) - datetime.timedelta(days=7)
    last = max([m.due_date for m in rows] + [today]) + datetime.timedelta(days=14)
    span = (last - first).days or 1
    day_px = max(1.0, min(12.0, 1100 / span))
    chart_width = round(span * day_px)

    def x(date):
        return LABEL_WIDTH + round((date - first).days * day_px, 1)

    by_output = {}
    for milestone in rows:
        by_output.setdefault(milestone.output_id, []).append(milestone)

    groups, positions, y = [], {}, HEADER
    for output in outputs:
        items = by_output.get(output.pk)
        if not items:
            continue
        group = {"output": output, "y": y, "bars": []}
        y += ROW
        for m in items:
            x1, x2 = x(m.start_date), x(m.due_date + datetime.timedelta(days=1))
            bar = {
                "m": m,
                "x": x1,
                "y": y + (ROW - BAR) // 2,
                "w": max(3, round(x2 - x1, 1)),
                "done_w": round(max(3, x2 - x1) * m.progress / 100, 1),
                "text_y": y + ROW // 2 + 4,
                "overdue": m.late,
            }
            positions[m.pk] = (x1, x2, y + ROW // 2)
            group["bars"].append(bar)
            y += ROW
        groups.append(group)

    through = Milestone.depends_on.through
    shown = set(positions)
    arrows = []
    for src, dst in through.objects.filter(from_milestone__program=program).values_list(
        "from_milestone_id", "to_milestone_id"
    ):
        if src in shown and dst in shown:
            # from the end of the prerequisite to the start of the dependent milestone
            _, dx2, dy = positions[dst]
            sx1, _, sy = positions[src]
            mid = max(dx2, sx1) + 6 if sx1 <= dx2 + 6 else (dx2 + sx1) / 2
            arrows.append({"d": f"M{dx2},{dy} H{round(mid, 1)} V{sy} H{max(sx1 - 2, LABEL_WIDTH)}", "late": sx1 < dx2})
    # a label needs about 70px; on long road maps label every second or third month
    step = max(1, math.ceil(70 / (30.4 * day_px)))
    months = [
        {"x": x(month), "label": month if i % step == 0 else None}
        for i, month in enumerate(m for m in _month_starts(first, last) if m >= first)
    ]
    chart = {
        "groups": groups,
        "arrows": arrows,
        "months": months,
        "today_x": x(today),
        "width": LABEL_WIDTH + chart_width + 10,
        "height": y + 10,
        "label_width": LABEL_WIDTH,
        "header": HEADER,
        "row": ROW,
        "bar": BAR,
        "count": len(rows),
    }
    fmt = Formatter()
    fmt.owner_names = owner_names(program)
    chart["body"] = timeline_svg_body(chart, fmt)
    return chart
