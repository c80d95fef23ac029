"""What facilitation tells notifications, registered from FacilitationConfig.ready(): the kind sent
when an action item is assigned, and the reminder rule (issue 15, item 12): a meeting's action item
past its due date and not done reminds its owner (the person, or else the owning partner's leads)
and the program's facilitators, once per due date, in the same digests as every other reminder.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from facilitation.models import ActionItem
from notifications.kinds import register_kinds
from notifications.registry import Due, register_done_check, register_reminder_rule
from notifications.reminders import link
from partners.models import Membership
from partners.reminders import partner_people, program_facilitators

ACTION_ITEM_ASSIGNED = "action_item_assigned"
ACTION_ITEM_OVERDUE = "action_item_overdue"

# Like overdue milestones: reminded once; a long outage still catches up this far back.
OVERDUE_LOOKBACK_DAYS = 60


def action_item_reminders(sweep):
    """Overdue action items (ActionItem.objects.overdue, the same rule as the meeting page)."""
    lookback = sweep.today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    queryset = (
        ActionItem.objects.overdue(on=sweep.today)
        .filter(due_date__gte=lookback)
        .order_by("pk")
        .values(
            "pk", "description", "due_date", "owner_person_id", "owner_partner_id", "meeting_id", "meeting__program_id"
        )
    )
    for rows in sweep.batches(queryset):
        leads = partner_people(
            sweep, [r["owner_partner_id"] for r in rows if r["owner_partner_id"]], Membership.Role.PARTNER_LEAD
        )
        facilitators = program_facilitators(sweep, {r["meeting__program_id"] for r in rows})
        batch = []
        for row in rows:
            program_id = row["meeting__program_id"]
            owners = [row["owner_person_id"]] if row["owner_person_id"] else leads.get(row["owner_partner_id"], [])
            batch += Due.for_people(
                [*owners, *facilitators.get(program_id, [])],
                ACTION_ITEM_OVERDUE,
                "action_item",
                row["pk"],
                row["due_date"].isoformat(),
                program_id=program_id,
                label=row["description"],
                url=link("facilitation:meeting_detail", row["meeting_id"]),
                due_date=row["due_date"],
            )
        yield batch


def done_action_items(ids):
    """Done check for the overdue reminder: the action item is done (or deleted)."""
    return set(ids) - set(ActionItem.objects.filter(pk__in=ids, done=False).values_list("pk", flat=True))


def meetings_with_assigned_items_done(ids):
    """Done check for "action items assigned to you": every person-owned item of the meeting is done."""
    open_ = ActionItem.objects.filter(meeting_id__in=ids, done=False, owner_person__isnull=False)
    return set(ids) - set(open_.values_list("meeting_id", flat=True))


def register():
    register_done_check("action_item", done_action_items)
    register_done_check("meeting_action_items", meetings_with_assigned_items_done)
    register_kinds({ACTION_ITEM_ASSIGNED: _("An action item from a meeting was assigned to you")})
    register_reminder_rule(
        "facilitation.action_items",
        order=60,
        kinds={ACTION_ITEM_OVERDUE: _("Meeting action item overdue")},
        finder=action_item_reminders,
    )
