"""What assessments tell notifications, registered from AssessmentsConfig.ready(): the kind sent
with do_notify when a round opens, and the reminder rule: a self-assessment or health check not
yet submitted, its round closing within one of the program's "due soon" thresholds, reminds the
person who owes it."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, FacilitatorCredential, HealthAction, HealthCheck, Round, Submission
from assessments.selectors import pending_submissions
from notifications.kinds import register_kinds
from notifications.registry import Due, register_done_check, register_reminder_rule
from notifications.reminders import link
from partners.models import Membership, Phase, Program
from partners.reminders import partner_people, program_facilitators

ASSESSMENT_PENDING = "assessment_pending"
CREDENTIAL_EXPIRING = "credential_expiring"

# A facilitator's certificate is reminded this many days before it runs out (issue 15, item 12).
CREDENTIAL_NOTICE_DAYS = 30


def credential_reminders(sweep):
    """Certificates (is_certified) whose valid_until falls within the notice window: their facilitator,
    once per expiry date."""
    last = sweep.today + datetime.timedelta(days=CREDENTIAL_NOTICE_DAYS)
    queryset = (
        FacilitatorCredential.objects.filter(is_certified=True, valid_until__gte=sweep.today, valid_until__lte=last)
        .order_by("pk")
        .values("pk", "facilitator_id", "title", "valid_until")
    )
    url = link("assessments:credentials")
    for rows in sweep.batches(queryset):
        yield [
            due
            for row in rows
            for due in Due.for_people(
                [row["facilitator_id"]],
                CREDENTIAL_EXPIRING,
                "facilitator_credential",
                row["pk"],
                row["valid_until"].isoformat(),
                label=row["title"],
                url=url,
                due_date=row["valid_until"],
            )
        ]


EMERGENCY_HEALTH_CHECK = "emergency_health_check_due"
# An emergency program holds a round (with its partnership health check) at least this often.
EMERGENCY_HEALTH_CHECK_DAYS = 30


def emergency_health_check_reminders(sweep):
    """An emergency program (not closed) with no assessment round held in the last 30 days: its
    facilitators, once per calendar month while it is missing (issue 15, item 2)."""
    since = sweep.today - datetime.timedelta(days=EMERGENCY_HEALTH_CHECK_DAYS)
    recent = Round.objects.filter(program=OuterRef("pk"), held_on__gt=since)
    queryset = (
        Program.objects.filter(is_emergency=True)
        .exclude(phase=Phase.CLOSED)
        .exclude(Exists(recent))
        .order_by("pk")
        .values("pk", "name")
    )
    period = f"{sweep.today:%Y-%m}"
    for rows in sweep.batches(queryset):
        facilitators = program_facilitators(sweep, [row["pk"] for row in rows])
        batch = []
        for row in rows:
            batch += Due.for_people(
                facilitators.get(row["pk"], []),
                EMERGENCY_HEALTH_CHECK,
                "program",
                row["pk"],
                period,
                program_id=row["pk"],
                label=row["name"],
                url=link("assessments:round_create", row["pk"]),
            )
        yield batch


def assessment_reminders(sweep):
    """pending_submissions(now) yields (user_id, round_id, kind, closes_on); read in batches. Only rounds
    closing within the widest due-soon threshold of any program can give a reminder (`_rows`)."""
    batch = []
    closing_by = sweep.today + datetime.timedelta(days=sweep.max_due_soon)
    for item in pending_submissions(sweep.now, closing_by=closing_by):
        batch.append(item)
        if len(batch) >= sweep.batch_size:
            yield _rows(sweep, batch)
            batch = []
    if batch:
        yield _rows(sweep, batch)


def _rows(sweep, items):
    """One query for the rounds' program, then one row per item whose round closes soon enough."""
    rounds = {
        row["pk"]: row
        for row in Round.objects.filter(pk__in={item[1] for item in items}).values("pk", "program_id", "program__name")
    }
    out = []
    for user_id, round_id, kind, closes_on in items:
        info = rounds.get(round_id, {})
        program_id = info.get("program_id")
        days_left = (closes_on - sweep.today).days if closes_on else 0
        reached = [n for n in sweep.setting(program_id).due_soon_list if days_left <= n]
        if days_left < 0 or not reached:
            continue
        if kind == "self_assessment":
            url = link("assessments:assess", round_id, user_id)
        else:
            url = link("assessments:health_check", round_id)
        out += Due.for_people(
            [user_id],
            ASSESSMENT_PENDING,
            kind,
            round_id,
            f"{closes_on.isoformat() if closes_on else ''}/{min(reached)}",
            program_id=program_id,
            label=info.get("program__name", ""),
            url=url,
            due_date=closes_on,
        )
    return out


HEALTH_ACTION_OVERDUE = "health_action_overdue"
# Like meeting action items: reminded once; a long outage still catches up this far back.
HEALTH_ACTION_LOOKBACK_DAYS = 60


def health_action_reminders(sweep):
    """An item of a health-check action plan past its due date and not done (issue 15, item 11): its
    owner (the person, or else the owning partner's leads) and the program's facilitators, once per
    due date, like a meeting's overdue action item."""
    lookback = sweep.today - datetime.timedelta(days=HEALTH_ACTION_LOOKBACK_DAYS)
    queryset = (
        HealthAction.objects.overdue(on=sweep.today)
        .filter(due_date__gte=lookback)
        .exclude(round__program__phase=Phase.CLOSED)
        .order_by("pk")
        .values("pk", "description", "due_date", "owner_person_id", "owner_partner_id", "round_id", "round__program_id")
    )
    for rows in sweep.batches(queryset):
        leads = partner_people(
            sweep, [r["owner_partner_id"] for r in rows if r["owner_partner_id"]], Membership.Role.PARTNER_LEAD
        )
        facilitators = program_facilitators(sweep, {r["round__program_id"] for r in rows})
        batch = []
        for row in rows:
            program_id = row["round__program_id"]
            owners = [row["owner_person_id"]] if row["owner_person_id"] else leads.get(row["owner_partner_id"], [])
            batch += Due.for_people(
                [*owners, *facilitators.get(program_id, [])],
                HEALTH_ACTION_OVERDUE,
                "health_action",
                row["pk"],
                row["due_date"].isoformat(),
                program_id=program_id,
                label=row["description"],
                url=link("assessments:health_plan", row["round_id"]),
                due_date=row["due_date"],
            )
        yield batch


# Done checks (issue 16, item 13): at delivery a digest drops what is already done; each is one query.


def closed_rounds(ids):
    """A round that no longer takes answers (closed): nothing left to fill in. Whether one person has
    submitted is per person; their own notification is marked read when they submit."""
    return set(ids) - set(Round.objects.filter(pk__in=ids, status=Round.Status.OPEN).values_list("pk", flat=True))


def resubmitted_assessments(ids):
    return set(ids) - set(Assessment.objects.filter(pk__in=ids, status=Submission.DRAFT).values_list("pk", flat=True))


def resubmitted_health_checks(ids):
    return set(ids) - set(HealthCheck.objects.filter(pk__in=ids, status=Submission.DRAFT).values_list("pk", flat=True))


def done_health_actions(ids):
    return set(ids) - set(HealthAction.objects.filter(pk__in=ids, done_on__isnull=True).values_list("pk", flat=True))


def register():
    register_done_check("assessment_round", closed_rounds)
    register_done_check("self_assessment", closed_rounds)  # the pending-submission reminders, by round
    register_done_check("health_check", closed_rounds)
    register_done_check("assessment_returned", resubmitted_assessments)
    register_done_check("health_check_returned", resubmitted_health_checks)
    register_done_check("health_action", done_health_actions)
    register_kinds(
        {
            "assessment_round_opened": _("An assessment round is open: please fill in your self-assessment"),
            "health_action_assigned": _("An action after the health check was assigned to you"),
        }
    )
    register_reminder_rule(
        "assessments.health_actions",
        order=36,
        kinds={HEALTH_ACTION_OVERDUE: _("Health-check action overdue")},
        finder=health_action_reminders,
    )
    register_reminder_rule(
        "assessments.pending",
        order=30,
        kinds={ASSESSMENT_PENDING: _("Assessment waiting for you")},
        finder=assessment_reminders,
    )
    register_reminder_rule(
        "assessments.credentials",
        order=35,
        kinds={CREDENTIAL_EXPIRING: _("Facilitator certificate expiring")},
        finder=credential_reminders,
    )
    register_reminder_rule(
        "assessments.emergency_health_check",
        order=31,
        kinds={EMERGENCY_HEALTH_CHECK: _("Emergency program: this month's health check is due")},
        finder=emergency_health_check_reminders,
    )
