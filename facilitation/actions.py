"""Every write to meetings, action items and mediation cases goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.actions import submit_once
from facilitation.anonymise import anonymise, replacements
from facilitation.models import (
    ActionItem,
    Decision,
    FacilitatorRole,
    HandOver,
    JournalEntry,
    Lesson,
    MediationCase,
    Meeting,
    ProgramFacilitation,
)
from governance.actions import do_record_post_emergency_review
from notifications.actions import do_notify, do_resolve_notifications
from partners.actions import record_activity
from partners.models import Membership, User
from roadmap.actions import do_create_milestone
from roadmap.models import ProgressUpdate

MEETING_FIELDS = ["title", "kind", "status", "date", "start_time", "location", "other_attendees", "agenda", "notes"]


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


# What an "action items assigned to you" notification is about: the meeting (one notification per person
# for all their new items). facilitation.reminders registers the done check (issue 16, item 13).
MEETING_ACTION_ITEMS = "meeting_action_items"


def _notify_owners(actor, meeting, assigned):
    by_person = {}
    for item in assigned:
        if item.owner_person_id != actor.pk:
            by_person.setdefault(item.owner_person, []).append(item)
    for person, person_items in by_person.items():
        do_notify(
            [person],
            "action_item_assigned",
            meeting.title,
            # Due dates in the person's own language (do_notify calls this in it).
            lambda items=person_items: "\n".join(
                f"- {item.description} ({date_format(item.due_date)})" for item in items
            ),
            meeting.get_absolute_url(),
            program=meeting.program,
            about=(MEETING_ACTION_ITEMS, meeting.pk),
        )


def _record_meeting(actor, meeting, *, created, was_held, new_decisions):
    if created:
        kind = "meeting_held" if meeting.is_held else "meeting_planned"
    elif meeting.is_held and not was_held:
        kind = "meeting_held"
    else:
        kind = "meeting_updated"
    label = f"{meeting.title} ({date_format(meeting.date)})"
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
    person = item.owner_person_id
    still_open = ActionItem.objects.filter(meeting_id=item.meeting_id, owner_person_id=person, done=False)
    if done and person and not still_open.exists():
        # Every item of this meeting assigned to that person is done: the notification is too.
        do_resolve_notifications(MEETING_ACTION_ITEMS, item.meeting_id, users=[person])
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
        % {"meeting": item.meeting.title, "date": date_format(item.meeting.date)},
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
    if case.status == MediationCase.Status.RESOLVED and not (case.lessons_learnt or "").strip():
        # Issue 15, item 5: the text asks the mediator to show what can be learnt (hikmah).
        raise ValidationError(
            gettext("A mediation case cannot be closed without the lessons learnt."), code="no_lessons"
        )
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


LESSON_FIELDS = ["kind", "title", "text", "sector", "province", "problem", "names_agreed"]


@submit_once
def do_publish_lesson(actor, program, *, case=None, fields):
    """Publish a lesson learnt, success story or case study to the library shared across programs.

    Unless the parties agreed to be named, the names of the program's organisations and people are
    replaced ("Mitra A", "Orang 1") before anything is stored, so no page can show them.
    """
    if case is not None and case.program_id != program.pk:
        raise ValidationError(gettext("That mediation case is not in this program."), code="other_program")
    if case is not None and not case.is_resolved:
        raise ValidationError(
            gettext("Only the lessons of a closed (resolved) mediation case can be published."), code="not_closed"
        )
    lesson = Lesson(program=program, mediation_case=case, published_by=actor)
    for name in LESSON_FIELDS:
        setattr(lesson, name, fields[name])
    if not lesson.names_agreed:
        pairs = replacements(program, case)
        lesson.title = anonymise(lesson.title, pairs)
        limit = Lesson._meta.get_field("title").max_length
        if len(lesson.title) > limit:
            # The replacements ("Mitra A") can be longer than the names; refuse rather than cut.
            raise ValidationError(
                {
                    "title": gettext(
                        "With the names replaced, the title has %(count)d characters (at most %(limit)d): shorten it."
                    )
                    % {"count": len(lesson.title), "limit": limit}
                },
                code="title_too_long",
            )
        lesson.text = anonymise(lesson.text, pairs)
    lesson.save()
    record_activity(program, actor, "lesson_published", lesson.title)
    return lesson


# The facilitator's journal (issue 15, item 6) ---------------------------------------------------------

JOURNAL_FIELDS = ["date", "role", "text", "bridge_from", "bridge_to", "bridge_people"]


@submit_once
def do_add_journal_entry(actor, program, *, fields):
    """A short entry in the facilitator's journal. It is private to the facilitators, managers and
    admins, so nothing goes to the activity feed that every member reads."""
    entry = JournalEntry(program=program, author=actor)
    for name in JOURNAL_FIELDS:
        setattr(entry, name, fields.get(name))
    if entry.role != FacilitatorRole.BRIDGE:
        entry.bridge_from = entry.bridge_to = None
        entry.bridge_people = ""
    elif entry.bridge_from is None or entry.bridge_to is None or entry.bridge_from == entry.bridge_to:
        raise ValidationError(
            gettext("A bridge entry names the two organisations introduced to each other."), code="bridge"
        )
    entry.bridge_people = entry.bridge_people or ""
    entry.save()
    return entry


# Facilitators as people and institutions (issue 15, item 7) ------------------------------------------


@transaction.atomic
def do_set_facilitator_profile(actor, facilitator, *, facilitator_kind, organisation):
    """Internal or external, and the institution (university, NGO) the facilitator works for."""
    User.objects.filter(pk=facilitator.pk).update(facilitator_kind=facilitator_kind, organisation=organisation)
    facilitator.facilitator_kind, facilitator.organisation = facilitator_kind, organisation
    return facilitator


@transaction.atomic
def do_set_facilitation_institution(actor, program, institution):
    """The institution that holds the program's facilitation (None: the facilitators alone)."""
    facilitation, _created = ProgramFacilitation.objects.update_or_create(
        program=program, defaults={"institution": institution}
    )
    label = institution.name if institution else "-"
    record_activity(program, actor, "facilitation_institution_set", label, program.get_absolute_url())
    return facilitation


MAX_SNAPSHOT_LINES = 50


def open_items_snapshot(program):
    """What is still open in the program at this moment: counts and a short list for the newcomer."""
    items = ActionItem.objects.filter(meeting__program=program, done=False).order_by("due_date", "pk")
    cases = MediationCase.objects.filter(program=program, status__in=MediationCase.UNRESOLVED).order_by("opened_on")
    reviews = ProgressUpdate.objects.waiting_review().filter(program=program)
    item_line = gettext("Action item: %(text)s (due %(date)s)")
    lines = [
        item_line % {"text": item.description, "date": date_format(item.due_date)}
        for item in items[:MAX_SNAPSHOT_LINES]
    ]
    lines += [gettext("Mediation case: %(title)s") % {"title": case.title} for case in cases[:MAX_SNAPSHOT_LINES]]
    return {
        "open_action_items": items.count(),
        "open_mediation_cases": cases.count(),
        "pending_reviews": reviews.count(),
        "open_items": "\n".join(lines),
    }


@transaction.atomic
def do_hand_over(actor, program, *, from_user, to_user, notes, date=None):
    """Hand the program's facilitation from one facilitator to another: the outgoing facilitator's
    membership ends, the newcomer becomes the program's facilitator, a hand-over record keeps what was
    open at that moment, and the newcomer is notified."""
    if not to_user.is_active or to_user.role != User.Role.FACILITATOR:
        raise ValidationError(gettext("The new facilitator must be an active facilitator account."), code="not_fac")
    if from_user is not None and from_user.pk == to_user.pk:
        raise ValidationError(gettext("Choose a different person to hand over to."), code="same")
    current = Membership.all_objects.select_for_update().filter(program=program, user=to_user).first()
    if current is not None and current.role != Membership.Role.FACILITATOR:
        raise ValidationError(
            gettext("That person already belongs to this program in another role."), code="other_role"
        )
    outgoing = None
    if from_user is not None:
        outgoing = Membership.objects.filter(program=program, user=from_user, role=Membership.Role.FACILITATOR).first()
        if outgoing is None:
            raise ValidationError(gettext("That person is not a facilitator of this program."), code="not_member")
    hand_over = HandOver.objects.create(
        program=program,
        from_user=from_user,
        to_user=to_user,
        date=date or timezone.localdate(),
        notes=notes,
        recorded_by=actor,
        **open_items_snapshot(program),
    )
    if outgoing is not None:
        outgoing.delete()
    Membership.objects.get_or_create(program=program, user=to_user, defaults={"role": Membership.Role.FACILITATOR})
    label = f"{from_user or '-'} → {to_user}"
    record_activity(program, actor, "facilitator_handed_over", label, program.get_absolute_url())

    def message():
        summary = gettext(
            "Open at hand-over: %(items)s action items, %(cases)s mediation cases, %(reviews)s progress updates "
            "waiting for review."
        ) % {
            "items": hand_over.open_action_items,
            "cases": hand_over.open_mediation_cases,
            "reviews": hand_over.pending_reviews,
        }
        return f"{summary}\n\n{notes}"

    do_notify(
        [to_user],
        "facilitation_handed_over",
        program.name,
        message,
        program.get_absolute_url(),
        program=program,
    )
    return hand_over
