"""What the road map tells notifications, registered from RoadmapConfig.ready(): the kinds it
sends with do_notify (progress report submitted, approved, returned) and its reminder rules:

- milestones (one scan, three kinds): due soon, overdue, stale;
- progress reports waiting for the facilitator's review.

Thresholds come from the program's reminder settings (`sweep.setting(program_id)`).
"""

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.timezones import program_today
from notifications.kinds import register_kinds
from notifications.registry import Due, SqlRows, register_done_check, register_reminder_rule
from notifications.reminders import link, link_parts
from partners.models import Membership
from partners.reminders import partner_people, program_facilitators
from roadmap.models import OPEN_STATUSES, Milestone, MilestoneRules, MilestoneStatus, ProgressUpdate

DUE_SOON = "due_soon"
OVERDUE = "overdue"
STALE = "stale"
REVIEW_WAITING = "review_waiting"

# Overdue milestones are reminded once; the sweep looks this far back so that a long
# outage still catches up, without rescanning years of old overdue work every hour.
OVERDUE_LOOKBACK_DAYS = getattr(settings, "REMINDER_OVERDUE_LOOKBACK_DAYS", 60)


def milestone_url(milestone_id, program_id):
    return link("roadmap:milestone_detail", milestone_id) or link("partners:program_detail", program_id)


def _candidates_by_kind(sweep):
    """{kind: the milestones any program could be reminded about for it}, with the widest thresholds
    of any program. A program's own date may be a day ahead of the site's (WITA, WIT): the window is
    widened by a day; each row is then checked exactly, on its program's date and thresholds."""
    today = sweep.today
    latest = today + datetime.timedelta(days=1)
    lookback = today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    return {
        DUE_SOON: MilestoneRules.due_soon(sweep.max_due_soon + 1, on=today),
        OVERDUE: MilestoneRules.overdue(on=latest) & Q(due_date__gte=lookback),
        STALE: MilestoneRules.stale(sweep.min_stale_days, on=latest),
    }


def _candidates(sweep):
    """The milestones any program could be reminded about, of any kind."""
    due_soon, overdue, stale = _candidates_by_kind(sweep).values()
    return overdue | due_soon | stale


def milestone_reminders(sweep):
    """One scan for three kinds, each the road map's rule (MilestoneRules): due soon, overdue, stale.

    On PostgreSQL the three rules run in SQL (`_milestone_sql`: one INSERT ... SELECT per kind, the
    program's thresholds and date joined in), so no milestone comes into Python. Elsewhere (SQLite,
    the dev default) SQL picks the candidates and each row is checked in Python against its own
    program's thresholds and date with the same rules, applied to the row's values."""
    if connection.vendor == "postgresql":
        yield from _milestone_sql(sweep)
    else:
        yield from _milestone_python(sweep)


def _milestone_python(sweep):
    queryset = (
        Milestone.objects.filter(_candidates(sweep))
        .order_by("pk")
        .values(
            "pk", "program_id", "owner_id", "responsible_id", "title", "due_date", "status", "last_progress_at",
            "start_date", "program__time_zone",
        )
    )  # fmt: skip
    for rows in sweep.batches(queryset):
        sweep.stats["milestones_scanned"] += len(rows)
        staff = partner_people(sweep, [row["owner_id"] for row in rows], Membership.Role.PARTNER_STAFF)
        facilitators = program_facilitators(sweep, {row["program_id"] for row in rows})
        batch = []
        for row in rows:
            batch += _milestone_rows(sweep, row, staff, facilitators)
        yield batch


def _milestone_rows(sweep, row, staff, facilitators):
    setting = sweep.setting(row["program_id"])
    common = {
        "program_id": row["program_id"],
        "label": row["title"],
        "url": milestone_url(row["pk"], row["program_id"]),
        "due_date": row["due_date"],
    }
    out = []
    today = _program_today(sweep, row["program__time_zone"])
    status, due, responsible = row["status"], row["due_date"], row["responsible_id"]
    reached = [n for n in setting.due_soon_list if MilestoneRules.is_due_soon(status, due, n, on=today)]
    if reached:
        # The smallest threshold reached: a sweep missed on "7 days before" still
        # reminds on day 5, and "1 day before" is a separate reminder.
        period = f"{due.isoformat()}/{min(reached)}"
        people = [responsible, *staff.get(row["owner_id"], [])]
        out += Due.for_people(people, DUE_SOON, "milestone", row["pk"], period, **common)
    elif MilestoneRules.is_overdue(status, due, on=today) and (today - due).days <= OVERDUE_LOOKBACK_DAYS:
        people = [responsible, *facilitators.get(row["program_id"], [])]
        out += Due.for_people(people, OVERDUE, "milestone", row["pk"], due.isoformat(), **common)
    last, start = row["last_progress_at"], row["start_date"]
    if MilestoneRules.is_stale(status, last, start, setting.stale_after_days, on=today):
        since = MilestoneRules.stale_since(last, start)
        people = [responsible] if responsible else staff.get(row["owner_id"], [])
        out += Due.for_people(people, STALE, "milestone", row["pk"], since.isoformat(), **common)
    return out


def _program_today(sweep, zone):
    """The program's own date at the sweep's time (its time zone), worked out once per zone."""
    days = sweep.cache("roadmap.today")
    if zone not in days:
        days[zone] = program_today(zone, sweep.now)
    return days[zone]


def _milestone_sql(sweep):
    """The milestone rules as three SELECTs (due soon, overdue, stale), recorded by the sweep with
    one INSERT ... SELECT ... ON CONFLICT DO NOTHING each. The same rules as `_milestone_rows`:
    - the program's own date: `(now AT TIME ZONE program.time_zone)::date`, once per program;
    - its thresholds (stored, emergency-adjusted or the defaults) joined from arrays built from
      `sweep.settings`, the defaults under program -1;
    - recipients from memberships: owner partner's staff, the program's facilitators.
    Each kind reads only its own candidates (`_candidates_by_kind`, so the index on open
    milestones' due dates serves overdue and due soon); no DISTINCT: one milestone gives one row
    per recipient (the UNION in each LATERAL), and the ledger skips what it already holds."""
    candidates = _candidates_by_kind(sweep)
    conf_ids, conf_stale, th_ids, th_days = [], [], [], []
    for program_id, setting in [(-1, sweep.default), *sweep.settings.items()]:
        conf_ids.append(program_id)
        conf_stale.append(setting.stale_after_days)
        for days in setting.due_soon_list:
            th_ids.append(program_id)
            th_days.append(days)
    before, after = link_parts("roadmap:milestone_detail") or (link("partners:program_detail", 0), "")
    open_statuses = [str(status) for status in OPEN_STATUSES]

    def base(kind):
        """conf, th and m: the kind's candidate milestones with their program's date and thresholds."""
        rows_sql, rows_params = (
            Milestone.objects.filter(candidates[kind])
            .order_by()
            .values(
                "id", "program_id", "owner_id", "responsible_id", "title", "due_date", "status",
                "last_progress_at", "start_date",
            )
            .query.sql_with_params()
        )  # fmt: skip
        sql = f"""
        WITH conf AS (SELECT * FROM unnest(%s::bigint[], %s::int[]) AS c(program_id, stale_days)),
        th AS (SELECT * FROM unnest(%s::bigint[], %s::int[]) AS t(program_id, days)),
        p AS (SELECT id, (%s::timestamptz AT TIME ZONE time_zone)::date AS today FROM partners_program),
        m AS (
            SELECT ms.id, ms.program_id, ms.owner_id, ms.responsible_id, LEFT(ms.title, 300) AS title,
                   ms.due_date, ms.status, ms.last_progress_at, ms.start_date, p.today,
                   COALESCE(c.program_id, -1) AS conf_id,
                   COALESCE(c.stale_days, (SELECT stale_days FROM conf WHERE program_id = -1)) AS stale_days
            FROM ({rows_sql}) ms
            JOIN p ON p.id = ms.program_id
            LEFT JOIN conf c ON c.program_id = ms.program_id AND c.program_id <> -1
        )"""
        return sql, [conf_ids, conf_stale, th_ids, th_days, sweep.now, *rows_params]

    url = "%s || s.id::text || %s"
    url_params = [before, after]
    staff = f"SELECT mb.user_id FROM partners_membership mb WHERE mb.partner_id = s.owner_id AND mb.role = '{Membership.Role.PARTNER_STAFF}'"  # noqa: E501
    facilitators = f"SELECT mb.user_id FROM partners_membership mb WHERE mb.program_id = s.program_id AND mb.role = '{Membership.Role.FACILITATOR}'"  # noqa: E501
    # Due soon: the smallest threshold reached (a sweep missed on "7 days before" still reminds on day 5).
    sql, params = base(DUE_SOON)
    due_soon = f"""{sql},
        s AS (
            SELECT m.*, (SELECT min(th.days) FROM th WHERE th.program_id = m.conf_id
                         AND m.due_date - m.today BETWEEN 0 AND th.days) AS reached
            FROM m WHERE m.status = ANY(%s)
        )
        SELECT r.user_id, '{DUE_SOON}', 'milestone', s.id, to_char(s.due_date, 'YYYY-MM-DD') || '/' || s.reached,
               s.program_id, s.title, {url}, s.due_date
        FROM s CROSS JOIN LATERAL (SELECT s.responsible_id AS user_id UNION {staff}) r
        WHERE s.reached IS NOT NULL"""  # noqa: E501
    yield SqlRows(due_soon, [*params, open_statuses, *url_params])
    sql, params = base(OVERDUE)
    overdue = f"""{sql}
        SELECT r.user_id, '{OVERDUE}', 'milestone', s.id, to_char(s.due_date, 'YYYY-MM-DD'),
               s.program_id, s.title, {url}, s.due_date
        FROM m s CROSS JOIN LATERAL (SELECT s.responsible_id AS user_id UNION {facilitators}) r
        WHERE s.status = ANY(%s) AND s.due_date < s.today AND s.today - s.due_date <= %s"""
    yield SqlRows(overdue, [*params, *url_params, open_statuses, OVERDUE_LOOKBACK_DAYS])
    # Stale: since the last approved report (its date in the site's time zone, as MilestoneRules.stale_since).
    sql, params = base(STALE)
    stale = f"""{sql},
        s AS (
            SELECT m.*, COALESCE((m.last_progress_at AT TIME ZONE %s)::date, m.start_date) AS since
            FROM m WHERE m.status = %s
        )
        SELECT r.user_id, '{STALE}', 'milestone', s.id, to_char(s.since, 'YYYY-MM-DD'),
               s.program_id, s.title, {url}, s.due_date
        FROM s CROSS JOIN LATERAL (
            SELECT s.responsible_id AS user_id WHERE s.responsible_id IS NOT NULL
            UNION {staff} AND s.responsible_id IS NULL
        ) r
        WHERE s.since <= s.today - s.stale_days"""
    yield SqlRows(stale, [*params, settings.TIME_ZONE, str(MilestoneStatus.IN_PROGRESS), *url_params])


def review_reminders(sweep):
    """Progress reports submitted longer ago than the program's review threshold: its facilitators."""
    cut = sweep.now - datetime.timedelta(days=sweep.min_review_days)
    queryset = (
        ProgressUpdate.objects.waiting_review()
        .filter(submitted_at__lt=cut)
        .order_by("pk")
        .values("pk", "submitted_at", "milestone_id", "milestone__title", "milestone__program_id")
    )
    review_url = link("roadmap:review_queue")
    for rows in sweep.batches(queryset):
        facilitators = program_facilitators(sweep, {row["milestone__program_id"] for row in rows})
        batch = []
        for row in rows:
            program_id = row["milestone__program_id"]
            waited = sweep.now - row["submitted_at"]
            if waited < datetime.timedelta(days=sweep.setting(program_id).review_after_days):
                continue
            batch += Due.for_people(
                facilitators.get(program_id, []),
                REVIEW_WAITING,
                "progress_update",
                row["pk"],
                timezone.localdate(row["submitted_at"]).isoformat(),
                program_id=program_id,
                label=row["milestone__title"],
                url=review_url or milestone_url(row["milestone_id"], program_id),
            )
        yield batch


def reviewed_updates(ids):
    """Done check: progress reports no longer waiting for review (approved, returned, withdrawn)."""
    return set(ids) - set(
        ProgressUpdate.objects.filter(pk__in=ids, state=ProgressUpdate.State.SUBMITTED).values_list("pk", flat=True)
    )


def resubmitted_updates(ids):
    """Done check for "your report was returned": the author has sent it again (or it was approved)."""
    return set(ids) - set(
        ProgressUpdate.objects.filter(pk__in=ids, state=ProgressUpdate.State.RETURNED).values_list("pk", flat=True)
    )


def closed_milestones(ids):
    """Done check for due-soon, overdue and stale reminders: the milestone is done or cancelled."""
    return set(ids) - set(Milestone.objects.filter(pk__in=ids).open().values_list("pk", flat=True))


def register():
    register_done_check("progress_update", reviewed_updates)
    register_done_check("progress_update_returned", resubmitted_updates)
    register_done_check("milestone", closed_milestones)
    register_kinds(
        {
            "update_returned": _("Your progress report was returned for revision"),
            "update_approved": _("Your progress report was approved"),
            "update_submitted": _("A progress report is waiting for your review"),
        }
    )
    register_reminder_rule(
        "roadmap.milestones",
        order=10,
        kinds={
            DUE_SOON: _("Milestone due soon"),
            OVERDUE: _("Milestone overdue"),
            STALE: _("No progress report for a while"),
        },
        finder=milestone_reminders,
    )
    register_reminder_rule(
        "roadmap.reviews",
        order=20,
        kinds={REVIEW_WAITING: _("Progress report waiting for review")},
        finder=review_reminders,
    )
