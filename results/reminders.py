"""What results tell notifications, registered from ResultsConfig.ready(): its reminder rules.

- results due soon: a reporting period whose due date is near (the program's "remind before" days)
  while the partner has not yet submitted every indicator it reports: the partner's people;
- results overdue: the due date has passed with indicators still unreported: the partner's people
  and the program's facilitators;
- results waiting for review: submitted longer ago than the program's review threshold: its facilitators.

One reminder per person, period and partner (not one per indicator), so nobody gets a flood.
"""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.registry import Due, register_done_check, register_reminder_rule
from notifications.reminders import link
from partners.models import Membership
from partners.reminders import partner_people, program_facilitators
from results.models import Indicator, ReportingPeriod, Result

RESULTS_DUE_SOON = "results_due_soon"
RESULTS_OVERDUE = "results_overdue"
RESULTS_REVIEW_WAITING = "results_review_waiting"
OVERDUE_LOOKBACK_DAYS = 60


def _missing(periods):
    """{(period_id, partner_id): number of indicators not yet submitted or approved}; two queries."""
    program_ids = {p["program_id"] for p in periods}
    pairs = defaultdict(list)  # program_id -> [(indicator_id, partner_id)]
    through = Indicator.partners.through.objects.filter(indicator__program__in=program_ids)
    for indicator_id, partner_id, program_id in through.values_list(
        "indicator_id", "programpartner_id", "indicator__program_id"
    ):
        pairs[program_id].append((indicator_id, partner_id))
    done = set(
        Result.objects.filter(
            period__in=[p["pk"] for p in periods], state__in=[Result.State.SUBMITTED, Result.State.APPROVED]
        ).values_list("indicator_id", "period_id", "partner_id")
    )
    missing = defaultdict(int)
    for period in periods:
        for indicator_id, partner_id in pairs[period["program_id"]]:
            if (indicator_id, period["pk"], partner_id) not in done:
                missing[(period["pk"], partner_id)] += 1
    return missing


def due_reminders(sweep):
    """Due soon and overdue, from the periods whose due date is in the window."""
    today = sweep.today
    periods = list(
        ReportingPeriod.objects.filter(
            start__lte=today,
            due_date__gte=today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=today + datetime.timedelta(days=sweep.max_due_soon),
        )
        .order_by("pk")
        .values("pk", "program_id", "label", "due_date")
    )
    if not periods:
        return
    missing = _missing(periods)
    partner_ids = {partner_id for _period, partner_id in missing}
    staff = partner_people(sweep, partner_ids, Membership.Role.PARTNER_STAFF)
    leads = partner_people(sweep, partner_ids, Membership.Role.PARTNER_LEAD)
    facilitators = program_facilitators(sweep, {p["program_id"] for p in periods})
    by_pk = {p["pk"]: p for p in periods}
    batch = []
    for (period_id, partner_id), count in sorted(missing.items()):
        period = by_pk[period_id]
        due, program_id = period["due_date"], period["program_id"]
        days_left = (due - today).days
        people = [*staff.get(partner_id, []), *leads.get(partner_id, [])]
        common = {
            "program_id": program_id,
            "label": gettext("%(period)s: %(count)d indicators to report")
            % {"period": period["label"], "count": count},
            "url": link("results:iptt", program_id),
            "due_date": due,
        }
        key = f"{period_id}/{partner_id}"
        if days_left >= 0:
            reached = [n for n in sweep.setting(program_id).due_soon_list if days_left <= n]
            if reached:
                batch += Due.for_people(
                    people, RESULTS_DUE_SOON, "results_period", period_id, f"{key}/{min(reached)}", **common
                )
        else:
            people += facilitators.get(program_id, [])
            batch += Due.for_people(people, RESULTS_OVERDUE, "results_period", period_id, key, **common)
    yield batch


def review_reminders(sweep):
    """Results submitted longer ago than the program's review threshold: its facilitators."""
    cut = sweep.now - datetime.timedelta(days=sweep.min_review_days)
    queryset = (
        Result.objects.waiting_review()
        .filter(submitted_at__lt=cut)
        .order_by("pk")
        .values("pk", "submitted_at", "indicator__code", "indicator__program_id", "period__label")
    )
    for rows in sweep.batches(queryset):
        facilitators = program_facilitators(sweep, {row["indicator__program_id"] for row in rows})
        batch = []
        for row in rows:
            program_id = row["indicator__program_id"]
            if sweep.now - row["submitted_at"] < datetime.timedelta(days=sweep.setting(program_id).review_after_days):
                continue
            batch += Due.for_people(
                facilitators.get(program_id, []),
                RESULTS_REVIEW_WAITING,
                "result",
                row["pk"],
                timezone.localdate(row["submitted_at"]).isoformat(),
                program_id=program_id,
                label=f"{row['indicator__code']} · {row['period__label']}",
                url=link("results:result_review", row["pk"]),
            )
        yield batch


def reviewed_results(ids):
    """Done check: results no longer waiting for review."""
    return set(ids) - set(Result.objects.filter(pk__in=ids, state=Result.State.SUBMITTED).values_list("pk", flat=True))


def register():
    register_done_check("result", reviewed_results)
    register_reminder_rule(
        "results.due",
        order=25,
        kinds={RESULTS_DUE_SOON: _("Results due soon"), RESULTS_OVERDUE: _("Results overdue")},
        finder=due_reminders,
    )
    register_reminder_rule(
        "results.reviews",
        order=26,
        kinds={RESULTS_REVIEW_WAITING: _("Result waiting for review")},
        finder=review_reminders,
    )
