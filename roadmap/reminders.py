"""What the road map tells notifications, registered from RoadmapConfig.ready(): the kinds it
sends with do_notify (progress report submitted, approved, returned) and its reminder rules:

- milestones (one scan, three kinds): due soon, overdue, stale;
- progress reports waiting for the facilitator's review.

Thresholds come from the program's reminder settings (`sweep.setting(program_id)`).
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kinds
from notifications.registry import Due, register_done_check, register_reminder_rule
from notifications.reminders import link
from partners.models import Membership
from partners.reminders import partner_people, program_facilitators
from roadmap.models import Milestone, MilestoneRules, ProgressUpdate

DUE_SOON = "due_soon"
OVERDUE = "overdue"
STALE = "stale"
REVIEW_WAITING = "review_waiting"

# Overdue milestones are reminded once; the sweep looks this far back so that a long
# outage still catches up, without rescanning years of old overdue work every hour.
OVERDUE_LOOKBACK_DAYS = getattr(settings, "REMINDER_OVERDUE_LOOKBACK_DAYS", 60)


def milestone_url(milestone_id, program_id):
    return link("roadmap:milestone_detail", milestone_id) or link("partners:program_detail", program_id)


def milestone_reminders(sweep):
    """One scan for three kinds, each the road map's rule (MilestoneRules): due soon, overdue, stale.

    SQL picks the candidates with the widest thresholds of any program; each row is then checked
    against its own program's thresholds with the same rules, applied to the row's values."""
    today = sweep.today
    lookback = today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    candidates = (
        (MilestoneRules.overdue(on=today) & Q(due_date__gte=lookback))
        | MilestoneRules.due_soon(sweep.max_due_soon, on=today)
        | MilestoneRules.stale(sweep.min_stale_days, on=today)
    )
    queryset = (
        Milestone.objects.filter(candidates)
        .order_by("pk")
        .values(
            "pk", "program_id", "owner_id", "responsible_id", "title", "due_date", "status", "last_progress_at",
            "start_date",
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
    today, status, due, responsible = sweep.today, row["status"], row["due_date"], row["responsible_id"]
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
