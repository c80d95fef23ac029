"""Every write to meetings, action items and mediation cases goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.actions import submit_once
from facilitation.models import ActionItem, Decision, MediationCase, Meeting
from governance.actions import do_record_post_emergency_review
from notifications.actions import do_notify
from partners.actions import record_activity
from roadmap.actions import do_create_milestone

MEETING_FIELDS = ["title", "kind", "status", "date", "location", "other_attendees", "agenda", "notes"]


def _set_decisions(meeting, decisions):
    """Replace the meeting's decisions by `decisions` (list of str); return the ones that are new."""
    old = list(meeting.decisions.values_list("text", flat=True))
    meeting.decisions.all().delete()
    Decision.objects.bulk_create(Decision(meeting=meeting, text=text, order=i) for i, text in enumerate(decisions))
    return [text for text in decisions if text not in old]


def _save_items(meeting, items):
    """Apply the action-item rows from the form: add, change or delete, only within this meeting.

    Returns the items that got a (new) owner person, so they can be told.
    """
    own = {item.pk: item for item in meeting.action_items.all()}
    assigned = []
    for row in items:
        item = own.get(row["pk"]) if row["pk"] else ActionItem(meeting=meeting)
        if item is None:
            continue
        if row["delete"]:
            if item.pk:
                item.delete()
            continue
        new_owner = row["owner_person"] is not None and row["owner_person"].pk != item.owner_person_id
        for field in ("description", "owner_person", "owner_partner", "due_date", "done"):
            setattr(item, field, row[field])
        item.save()
        if new_owner and not item.done:
            assigned.append(item)
    return assigned


def _notify_owners(actor, meeting, assigned):
    by_person = {}
    for item in assigned:
        if item.owner_person_id != actor.pk:
            by_person.setdefault(item.owner_person, []).append(item)
    for person, person_items in by_person.items():
        message = "\n".join(f"- {item.description} ({item.due_date:%d-%m-%Y})" for item in person_items)
        do_notify([person], "action_item_assigned", meeting.title, message, meeting.get_absolute_url())


def _record_meeting(actor, meeting, *, created, was_held, new_decisions):
    if created:
        kind = "meeting_held" if meeting.is_held else "meeting_planned"
    elif meeting.is_held and not was_held:
        kind = "meeting_held"
    else:
        kind = "meeting_updated"
    label = f"{meeting.title} ({meeting.date:%d-%m-%Y})"
    record_activity(meeting.program, actor, kind, label, meeting.get_absolute_url())
    if new_decisions and meeting.is_held:
        record_activity(
            meeting.program,
            actor,
            "decisions_recorded",
            f"{meeting.title}: {new_decisions[0]}",
            meeting.get_absolute_url(),
        )


@submit_once
def do_save_meeting(actor, program, meeting=None, *, fields, attendees=(), partners=(), decisions=(), items=()):
    """Create (meeting=None) or update a meeting with its attendees, decisions and action items."""
    created = meeting is None
    was_held = False if created else Meeting.objects.get(pk=meeting.pk).is_held
    if created:
        meeting = Meeting(program=program, created_by=actor)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.attending_partners.set(partners)
    new_decisions = _set_decisions(meeting, list(decisions))
    assigned = _save_items(meeting, items)
    _notify_owners(actor, meeting, assigned)
    _record_meeting(actor, meeting, created=created, was_held=was_held, new_decisions=new_decisions)
    return meeting


@transaction.atomic
def do_set_action_item_done(actor, item, done):
    ActionItem.objects.filter(pk=item.pk).update(done=done)
    item.done = done
    if done:
        record_activity(
            item.meeting.program, actor, "action_item_done", item.description, item.meeting.get_absolute_url()
        )
    return item


@submit_once
def do_action_item_to_milestone(actor, item, *, output, owner, title, start_date, due_date, responsible=None):
    """Make a road-map milestone from an action item (once) and link the two."""
    item = ActionItem.objects.select_for_update().select_related("meeting__program").get(pk=item.pk)
    if item.milestone_id:
        raise ValidationError(gettext("This action item is already a milestone."), code="already_milestone")
    milestone = do_create_milestone(
        actor,
        item.meeting.program,
        output=output,
        title=title,
        owner=owner,
        start_date=start_date,
        due_date=due_date,
        responsible=responsible,
        description=gettext("From the meeting “%(meeting)s” of %(date)s.")
        % {"meeting": item.meeting.title, "date": f"{item.meeting.date:%d-%m-%Y}"},
    )
    item.milestone = milestone
    item.save(update_fields=["milestone"])  # the road map records the new milestone in the activity feed
    return milestone


STATUS_KINDS = {
    MediationCase.Status.OPEN: "mediation_reopened",
    MediationCase.Status.IN_MEDIATION: "mediation_started",
    MediationCase.Status.RESOLVED: "mediation_resolved",
    MediationCase.Status.ESCALATED: "mediation_escalated",
}
CASE_FIELDS = ["title", "issue", "opened_on", "status", "resolution", "lessons_learnt"]


@submit_once
def do_save_mediation(actor, program, case=None, *, fields, parties, meetings=()):
    """Open (case=None) or update a mediation case.

    The activity feed is read by every member, so it only says that a case was opened or changed
    its status: no title, no parties, no link.
    """
    created = case is None
    old_status = None if created else MediationCase.objects.get(pk=case.pk).status
    if created:
        case = MediationCase(program=program, created_by=actor)
    for name in CASE_FIELDS:
        if name in fields:
            setattr(case, name, fields[name])
    if case.status == MediationCase.Status.RESOLVED and case.resolved_on is None:
        case.resolved_on = timezone.localdate()
    if case.status != MediationCase.Status.RESOLVED:
        case.resolved_on = None
    case.save()
    case.parties.set(parties)
    case.meetings.set(meetings)
    if created:
        record_activity(program, actor, "mediation_opened")
    elif old_status != case.status:
        record_activity(program, actor, STATUS_KINDS[case.status])
    return case


@transaction.atomic
def do_post_emergency_review(actor, program, *, notes, conflict=None):
    """The post-emergency review (issue 15, item 2): a conflict named here is handed to mediation
    (a new mediation case between its parties), then governance records the review that the
    closing gate asks for. Everything or nothing is saved."""
    handed = 0
    if conflict is not None:
        parties = list(conflict["parties"])
        if len(parties) < 2 or any(p.program_id != program.pk for p in parties):
            raise ValidationError(gettext("A mediation case is between at least two partners of this program."))
        do_save_mediation(
            actor,
            program,
            fields={"title": conflict["title"], "issue": conflict["issue"], "opened_on": timezone.localdate()},
            parties=parties,
        )
        handed = 1
    unresolved = MediationCase.objects.filter(program=program, status__in=MediationCase.UNRESOLVED).count()
    return do_record_post_emergency_review(
        actor, program, notes=notes, cases_handed=handed, unresolved_cases=unresolved
    )
