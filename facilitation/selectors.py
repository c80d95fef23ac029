"""The facilitator's dashboard: program cards, the "needs attention" queue and the completion chart.

Everything is computed in a fixed number of SQL queries, whatever the number of programs,
milestones or updates: two queries for the cards (the milestone figures grouped by program with
conditional aggregation, the other counts as correlated subqueries, so no join multiplies
another), one per queue category (each capped at QUEUE_LIMIT rows), and one per chart series
(grouped by month in SQL).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property, partial

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from assessments.models import HealthAction
from assessments.selectors import latest_scores_for_programs
from core.numbers import format_number, percent
from facilitation.models import ActionItem, MediationCase, Meeting
from governance.models import Commitment
from partners.models import Membership, Organisation, Phase, Program, ProgramPartner, User
from results.models import Result
from roadmap.models import Milestone, MilestoneFigures, ProgressUpdate, completion_rate, figure_counts, on_time_rate

MEETING_GAP_DAYS = 30  # a program with no meeting for longer than this is flagged
ENDORSEMENT_GRACE_DAYS = 14
QUEUE_LIMIT = 30  # rows per category, so the page stays light on slow connections
QUEUE_TOTAL = 60  # rows shown in all, the most urgent first
CARDS_PER_PAGE = 24  # an admin sees every program: page the cards
CHART_MONTHS = 12


def _count(queryset, outer):
    """COUNT(*) of `queryset` rows whose `outer` field is the outer program, as a correlated subquery."""
    grouped = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped[:1], output_field=IntegerField()), 0)


def milestone_figures(program_ids, today):
    """{program id: {ms_total, ms_done, ms_on_time, ms_overdue}}: one grouped query with conditional
    aggregation, each program's milestones read once (issue 19: four correlated counts per card
    read them four times). Kept out of the cards' query: joined there, PostgreSQL would evaluate
    the cards' other subqueries once per milestone row."""
    rows = (
        Milestone.objects.filter(program__in=program_ids)
        .order_by()
        .values("program_id")
        .annotate(**figure_counts(on=today))
    )
    return {row.pop("program_id"): row for row in rows}


def annotate_cards(programs, today):
    """The card figures, each from the road map's and partners' rules (docs/definitions.md); the
    milestone figures come from `milestone_figures` (see `card_programs`). Waiting reviews (progress
    reports and results) are counted on the row's own program column (its partial index), not through
    the milestone or the indicator (issue 19)."""
    held = Meeting.objects.filter(program=OuterRef("pk"), status=Meeting.Status.HELD).order_by("-date")
    planned = Meeting.objects.filter(program=OuterRef("pk"), status=Meeting.Status.PLANNED, date__gte=today)
    return programs.annotate(
        updates_waiting=_count(ProgressUpdate.objects.waiting_review(), "program"),
        results_waiting=_count(Result.objects.waiting_review(), "program"),
        partners_unendorsed=_count(ProgramPartner.objects.missing_endorsement(), "program"),
        open_cases=_count(MediationCase.objects.filter(status__in=MediationCase.UNRESOLVED), "program"),
        last_meeting=Subquery(held.values("date")[:1]),
        next_meeting=Subquery(planned.order_by("date").values("date")[:1]),
    ).order_by("name")


def card_programs(program_ids, today):
    """The annotated programs of `program_ids`, each with its milestone figures set: two queries."""
    figures = milestone_figures(program_ids, today)
    programs = list(annotate_cards(Program.objects.filter(pk__in=program_ids), today))
    empty = MilestoneFigures()
    for program in programs:
        for key, value in figures.get(program.pk, {}).items():
            setattr(program, key, value)
        for key in ("ms_total", "ms_done", "ms_on_time", "ms_overdue"):
            if not hasattr(program, key):
                setattr(program, key, getattr(empty, key))
    return programs


@dataclass
class Card:
    program: object
    scores: object

    def __getattr__(self, name):
        if name in ("program", "scores"):  # not set yet (copy/pickle): don't recurse
            raise AttributeError(name)
        return getattr(self.program, name)

    @property
    def phase_label(self):
        """The phase's name, as get_phase_display() gives it, without rebuilding the field's choices
        on each call (issue 19)."""
        return Phase(self.program.phase).label

    @property
    def completion_rate(self):
        return completion_rate(self.program.ms_done, self.program.ms_total)

    @property
    def on_time_rate(self):
        return on_time_rate(self.program.ms_on_time, self.program.ms_done)

    @cached_property  # read three times per card
    def days_since_meeting(self):
        last = self.program.last_meeting
        return (timezone.localdate() - last).days if last else None

    @property
    def needs_meeting(self):
        days = self.days_since_meeting
        return days is None or days > MEETING_GAP_DAYS


# Beyond this many days late the badge says "more than 90 days late, check the due date": a due
# date years ago ("2525 days late") is almost always a typing error (issue 16, item 8).
LATE_CAP_DAYS = 90


@dataclass
class QueueRow:
    kind: str
    urgency: int
    program: object
    title: str
    detail: str
    url: str
    action: str

    @property
    def very_late(self):
        return self.urgency > LATE_CAP_DAYS

    @property
    def late_cap(self):
        return LATE_CAP_DAYS


KIND_WEIGHT = {"milestone": 4, "update": 3, "action_item": 2, "endorsement": 1, "commitment": 1, "meeting": 0}


def program_index(programs):
    """Every program on the dashboard, light (name, phase, start, last held meeting): one query.

    The queue and the chart cover all of them; only the current page of cards gets the full aggregates.
    """
    held = Meeting.objects.filter(program=OuterRef("pk"), status=Meeting.Status.HELD).order_by("-date")
    return list(
        programs.only("pk", "name", "phase", "start_date", "is_emergency")
        .annotate(last_meeting=Subquery(held.values("date")[:1]))
        .order_by("name", "pk")
    )


# The columns each queue row reads (issue 19: the queue's related rows, built in full, cost more than
# their SQL). Whatever a row shows must be listed here; a column left out costs one query per row,
# which the dashboard's pinned query count catches.
_OWNER = ("owner_person__first_name", "owner_person__last_name", "owner_person__username")
ACTION_ITEM_FIELDS = ("description", "due_date", "meeting__program_id", *_OWNER, "owner_partner__organisation__name")
HEALTH_ACTION_FIELDS = (
    "description",
    "due_date",
    "round__program_id",
    "dimension__name_id",
    "dimension__name_en",
    *_OWNER,
    "owner_partner__organisation__name",
)
PARTNER_FIELDS = (
    "program_id",
    "joined_on",
    "left_on",
    "endorsement_status",
    "reendorsement_requested_on",
    "organisation__name",
)


def _first_waiting(model, program_ids):
    """The ids of the QUEUE_LIMIT oldest reports waiting for review in these programs, as a subquery
    read from the partial index on (program, submitted_at). Joined to their related rows only after the
    limit: joined before it, PostgreSQL hashed every indicator, period and partner (issue 19)."""
    waiting = model.objects.waiting_review().filter(program__in=program_ids)
    return waiting.order_by("submitted_at", "pk").values("pk")[:QUEUE_LIMIT]


def _queue(programs, today, limit=None):
    """The "needs attention" rows, most urgent first, and how many there are in all.

    Each candidate is sorted on cheap keys first (emergency, urgency, kind, title); only the first
    `limit` rows are then formatted (dates, links, translated wording), since only those are shown.
    """
    candidates = []  # (kind, urgency, program, title, make): make() -> (detail, url, action)
    add = candidates.append
    by_id = {p.pk: p for p in programs}
    program_ids = list(by_id)
    # The three largest sources are read as plain rows (values_list), not model instances: half the
    # Python work for the same SQL (issue 19).
    updates = (
        ProgressUpdate.objects.filter(pk__in=_first_waiting(ProgressUpdate, program_ids))
        .order_by("submitted_at", "pk")
        .values_list("pk", "submitted_at", "program_id", "milestone__title", "milestone__owner__organisation__name")
    )
    for pk, submitted_at, program_id, title, partner in updates:
        submitted = timezone.localdate(submitted_at) if submitted_at else today
        add(
            ("update", (today - submitted).days, by_id[program_id], title, partial(_update_row, pk, partner, submitted))
        )
    results = (
        Result.objects.filter(pk__in=_first_waiting(Result, program_ids))
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "submitted_at",
            "program_id",
            "indicator__code",
            "indicator__name",
            "period__label",
            "partner__organisation__name",
        )
    )
    for pk, submitted_at, program_id, code, name, period, partner in results:
        submitted = timezone.localdate(submitted_at) if submitted_at else today
        title = f"{code} {name} · {period}"
        add(
            ("update", (today - submitted).days, by_id[program_id], title, partial(_result_row, pk, partner, submitted))
        )
    overdue = (
        Milestone.objects.overdue(on=today)
        .filter(program__in=program_ids)
        .order_by("due_date", "pk")
        .values_list("pk", "program_id", "title", "due_date", "owner__organisation__name")[:QUEUE_LIMIT]
    )
    for pk, program_id, title, due_date, partner in overdue:
        urgency = (today - due_date).days
        add(("milestone", urgency, by_id[program_id], title, partial(_milestone_row, pk, partner, due_date)))
    items = (
        ActionItem.objects.overdue(on=today)
        .filter(meeting__program__in=program_ids)
        .select_related("meeting", "owner_person", "owner_partner__organisation")
        .only(*ACTION_ITEM_FIELDS)
        .order_by("due_date", "pk")[:QUEUE_LIMIT]
    )
    for item in items:
        urgency = (today - item.due_date).days
        add(("action_item", urgency, by_id[item.meeting.program_id], item.description, partial(_action_item_row, item)))
    # Health-check actions past due (issue 15, item 11): followed like meeting action items.
    health_actions = (
        HealthAction.objects.overdue(on=today)
        .filter(round__program__in=program_ids)
        .select_related("round", "dimension", "owner_person", "owner_partner__organisation")
        .only(*HEALTH_ACTION_FIELDS)
        .order_by("due_date", "pk")[:QUEUE_LIMIT]
    )
    for action in health_actions:
        title = f"{action.dimension.name}: {action.description}"
        urgency = (today - action.due_date).days
        add(("action_item", urgency, by_id[action.round.program_id], title, partial(_health_action_row, action)))
    partners = (
        ProgramPartner.objects.endorsement_to_chase()
        .filter(program__in=program_ids)
        .select_related("organisation")
        .only(*PARTNER_FIELDS)
        .order_by("joined_on", "pk")[:QUEUE_LIMIT]
    )
    for partner in partners:
        program = by_id[partner.program_id]
        name = partner.organisation.name
        if partner.needs_reendorsement:
            # The lead changed (issue 15, item 1): chased from the day it was asked, until renewed.
            urgency = (today - partner.reendorsement_requested_on).days
            add(("endorsement", urgency, program, name, partial(_reendorsement_row, partner)))
            if not partner.is_missing_endorsement:
                continue
        since = partner.joined_on or program.start_date
        urgency = (today - since).days - ENDORSEMENT_GRACE_DAYS
        add(("endorsement", urgency, program, name, partial(_endorsement_row, partner)))
    # Partners behind their commitment (issue 14, item 5; Commitment.is_behind): one query.
    behind = (
        Commitment.objects.filter(partner__program__in=program_ids)
        .select_related("partner__organisation")
        .order_by("start_date", "pk")
        .behind(today)
    )
    for commitment in behind[:QUEUE_LIMIT]:
        expected = commitment.expected_on(today)
        urgency = int(percent(expected - commitment.realised_value, commitment.amount_idr) or 0)
        program = by_id[commitment.partner.program_id]
        name = commitment.partner.organisation.name
        add(("commitment", urgency, program, name, partial(_commitment_row, commitment, expected)))
    for program in programs:
        days = (today - program.last_meeting).days if program.last_meeting else None
        if program.phase == Phase.CLOSED or (days is not None and days <= MEETING_GAP_DAYS):
            continue
        gap = days if days is not None else (today - program.start_date).days
        add(("meeting", gap - MEETING_GAP_DAYS, program, program.name, partial(_meeting_row, program, days)))
    # Emergency programs first (issue 15, item 2: they need special attention), then the most urgent.
    candidates.sort(key=lambda c: (not c[2].is_emergency, -c[1], -KIND_WEIGHT[c[0]], c[3]))
    shown = candidates if limit is None else candidates[:limit]
    rows = [QueueRow(kind, urgency, program, title, *make()) for kind, urgency, program, title, make in shown]
    return rows, len(candidates)


# What each queue row says and links to, built only for the rows shown (see _queue).


def _update_row(pk, partner, submitted):
    return (
        _("Progress report from %(partner)s, waiting since %(date)s")
        % {"partner": partner, "date": date_format(submitted)},
        reverse("roadmap:update_review", args=[pk]),
        _("Review this update"),
    )


def _result_row(pk, partner, submitted):
    return (
        _("Result from %(partner)s, waiting since %(date)s") % {"partner": partner, "date": date_format(submitted)},
        reverse("results:result_review", args=[pk]),
        _("Review this result"),
    )


def _milestone_row(pk, partner, due_date):
    return (
        _("%(partner)s · due %(date)s") % {"partner": partner, "date": date_format(due_date)},
        reverse("roadmap:milestone_detail", args=[pk]),  # Milestone.get_absolute_url
        _("Follow up this overdue milestone"),
    )


def _action_item_row(item):
    return (
        _("%(owner)s · due %(date)s") % {"owner": item.owner_label, "date": date_format(item.due_date)},
        item.meeting.get_absolute_url(),
        _("Follow up this action item"),
    )


def _health_action_row(action):
    return (
        _("Health-check action · %(owner)s · due %(date)s")
        % {"owner": action.owner_label, "date": date_format(action.due_date)},
        reverse("assessments:health_plan", args=[action.round_id]),
        _("Follow up this action"),
    )


def _reendorsement_row(partner):
    return (
        _("The lead changed on %(date)s: obtain a renewed leadership endorsement")
        % {"date": date_format(partner.reendorsement_requested_on)},
        reverse("partners:endorsement_edit", args=[partner.pk]),
        _("Chase the re-endorsement"),
    )


def _endorsement_row(partner):
    return (
        _("Leadership endorsement: %(status)s") % {"status": partner.get_endorsement_status_display()},
        reverse("partners:endorsement_edit", args=[partner.pk]),
        _("Chase this endorsement"),
    )


def _commitment_row(commitment, expected):
    return (
        _("Behind its commitment (%(kind)s): IDR %(realised)s realised of %(expected)s due by today")
        % {
            "kind": commitment.get_kind_display(),
            "realised": format_number(commitment.realised_value),
            "expected": format_number(expected),
        },
        reverse("governance:commitments", args=[commitment.partner.program_id]),
        _("Talk with this partner about its commitment"),
    )


def _meeting_row(program, days):
    return (
        _("No meeting held for %(days)d days") % {"days": days} if days is not None else _("No meeting held yet"),
        reverse("facilitation:meeting_create", args=[program.pk]),
        _("Schedule a meeting"),
    )


def _month_starts(today, count):
    year, month = today.year, today.month
    months = []
    for _i in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _cumulative(rows, months):
    """Cumulative totals at the end of each month, from SQL rows of (month, n)."""
    per_month = {}
    before = 0
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        if month < months[0]:
            before += row["n"]
        else:
            per_month[month] = per_month.get(month, 0) + row["n"]
    values, running = [], before
    for month in months:
        running += per_month.get(month, 0)
        values.append(running)
    return values


def completion_chart(program_ids, today):
    months = _month_starts(today, CHART_MONTHS)
    milestones = Milestone.objects.filter(program__in=program_ids).counted()
    done = (
        milestones.done()
        .filter(completed_on__isnull=False)
        .annotate(month=TruncMonth("completed_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    due = milestones.annotate(month=TruncMonth("due_date")).order_by().values("month").annotate(n=Count("pk"))
    return {
        "labels": [date_format(m, "M Y") for m in months],
        "done": _cumulative(done, months),
        "due": _cumulative(due, months),
    }


def build(programs, page_number=None):
    today = timezone.localdate()
    index = program_index(programs)
    program_ids = [p.pk for p in index]
    page = Paginator(index, CARDS_PER_PAGE).get_page(page_number)
    page_ids = [p.pk for p in page]
    annotated = card_programs(page_ids, today) if page_ids else []
    scores = latest_scores_for_programs(page_ids) if page_ids else {}
    cards = [Card(p, scores.get(p.pk)) for p in annotated]
    chart = completion_chart(program_ids, today)
    queue, queue_count = _queue(index, today, QUEUE_TOTAL)
    return {
        "cards": cards,
        "page": page,
        "program_count": len(index),
        "queue": queue,
        "queue_truncated": queue_count > QUEUE_TOTAL,
        "chart": chart,
        "chart_rows": list(zip(chart["labels"], chart["done"], chart["due"], strict=True)),
        "today": today,
        "meeting_gap_days": MEETING_GAP_DAYS,
    }


def facilitation_summary(program):
    """Who holds the program's facilitation (issue 15, item 7): the institution, the facilitators named
    under it (those whose organisation it is) and any others, each with internal/external. Two queries."""
    institution = Organisation.objects.filter(facilitated_programs__program=program).first()
    facilitators = list(
        User.objects.filter(memberships__program=program, memberships__role=Membership.Role.FACILITATOR)
        .select_related("organisation")
        .order_by("first_name", "last_name", "username")
    )
    under = [f for f in facilitators if institution is not None and f.organisation_id == institution.pk]
    return {
        "institution": institution,
        "institution_facilitators": under,
        "other_facilitators": [f for f in facilitators if f not in under],
    }
