"""Every write to the road map goes through here, each in one transaction.

Changes to existing items go through `do_revise_item`, which refuses stale edits with a
conditional UPDATE on `version` and keeps a `Revision` row per changed field (who, when,
old -> new, why): that table is the road map's audit trail.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.actions import submit_once
from core.uploads import IMAGES, OFFICE, PDF, safe_file_name, sniff_extension, validate_upload
from notifications.actions import do_notify, do_resolve_notifications
from partners.actions import record_activity
from partners.models import Membership, Phase
from partners.quota import check_quota, lock_program
from roadmap.models import (
    OPEN_STATUSES,
    Comment,
    Evidence,
    Milestone,
    MilestoneStatus,
    Outcome,
    Output,
    ProgressUpdate,
    Revision,
)

EVIDENCE_TYPES = PDF | IMAGES | OFFICE

# Fields that may be changed through do_revise_item, per item type.
REVISABLE = {
    "outcome": {
        "statement",
        "order",
        "partners",
    },
    "milestone": {
        "title",
        "description",
        "owner",
        "responsible",
        "start_date",
        "due_date",
        "status",
        "progress",
        "output",
        "completed_on",
        "depends_on",
    },
}
REVISABLE["output"] = REVISABLE["outcome"]
M2M_FIELDS = {"partners", "depends_on"}


class StaleEditError(Exception):
    """Someone else saved the item after the form was loaded; `revisions` are their changes."""

    def __init__(self, item, revisions, current_version):
        super().__init__(f"{item_type(item)} {item.pk} changed since it was loaded")
        self.item = item
        self.revisions = revisions
        self.current_version = current_version


def item_type(item):
    return {Outcome: "outcome", Output: "output", Milestone: "milestone"}[type(item)]


def program_of(item):
    return item.outcome.program if isinstance(item, Output) else item.program


def item_label(item):
    return str(item)[:300]


def _display(value):
    """How a value is written into a Revision row."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def revisions_since(item, version):
    return list(
        Revision.objects.filter(item_type=item_type(item), item_id=item.pk, item_version__gt=version)
        .select_related("actor")
        .order_by("item_version", "pk")
    )


def unfinished_dependencies(milestone):
    """Milestones this one depends on that are not done (marking it done then deserves a warning)."""
    return list(milestone.depends_on.exclude(status__in=[MilestoneStatus.DONE, MilestoneStatus.CANCELLED]))


def _dependency_edges(program):
    through = Milestone.depends_on.through
    edges = {}
    for src, dst in through.objects.filter(from_milestone__program=program).values_list(
        "from_milestone_id", "to_milestone_id"
    ):
        edges.setdefault(src, set()).add(dst)
    return edges


def check_dependencies(milestone, targets):
    """Refuse dependencies on other programs' milestones, on itself, and cycles."""
    for target in targets:
        if target.program_id != milestone.program_id:
            raise ValidationError(
                _(
                    "“%(title)s” belongs to another program; "
                    "a milestone can only depend on milestones of its own program."
                ),
                code="other_program",
                params={"title": target.title},
            )
        if target.pk == milestone.pk:
            raise ValidationError(_("A milestone cannot depend on itself."), code="self")
    if milestone.pk is None:
        return
    edges = _dependency_edges(milestone.program)
    edges[milestone.pk] = {t.pk for t in targets}
    titles = dict(Milestone.objects.filter(program=milestone.program_id).values_list("pk", "title"))
    # Depth-first search from the milestone; reaching it again is a cycle.
    stack = [(dst, [milestone.pk, dst]) for dst in edges[milestone.pk]]
    seen = set()
    while stack:
        node, path = stack.pop()
        if node == milestone.pk:
            raise ValidationError(
                _("These dependencies would make a cycle: %(path)s. Remove one of them."),
                code="cycle",
                params={"path": " → ".join(titles.get(pk, str(pk)) for pk in path)},
            )
        if node in seen:
            continue
        seen.add(node)
        stack.extend((nxt, path + [nxt]) for nxt in edges.get(node, ()))


DONE_NOT_FULL = _(
    "A milestone marked done must be at 100 %% progress (here %(progress)s %%). Set the progress to 100, "
    "or keep the status “in progress”."
)


def check_done_is_full(status, progress):
    """ "Done" means 100 %: the one rule for forms, progress reports, the API and imports (issue 16, item 8)."""
    if status == MilestoneStatus.DONE and progress is not None and progress < 100:
        raise ValidationError(DONE_NOT_FULL, code="done_not_full", params={"progress": progress})


def date_warnings(program, *, start_date=None, due_date=None, check_past=True):
    """Dates the user must confirm: outside the program's dates, or a due date already past.

    Returns translated lines (empty when nothing is odd). Forms show them with a confirmation box
    (`roadmap.forms.DatesWithinProgram`); `check_past` is off when an existing item keeps its due date.
    """
    warnings = []
    starts, ends = program.start_date, program.end_date
    if start_date and starts and start_date < starts:
        warnings.append(_("The start date is before the program starts (%(date)s).") % {"date": date_format(starts)})
    if due_date and starts and due_date < starts:
        warnings.append(_("The due date is before the program starts (%(date)s).") % {"date": date_format(starts)})
    if due_date and ends and due_date > ends:
        warnings.append(_("The due date is after the program ends (%(date)s).") % {"date": date_format(ends)})
    if check_past and due_date and due_date < timezone.localdate():
        warnings.append(_("The due date is already past."))
    return warnings


def check_milestone_values(values, program):
    """Rules that hold for any milestone, whether new or revised."""
    start, due = values.get("start_date"), values.get("due_date")
    if start and due and due < start:
        raise ValidationError(_("The due date cannot be before the start date."), code="due_before_start")
    progress = values.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError(_("Progress must be a number from 0 to 100."), code="progress_range")
    check_done_is_full(values.get("status"), progress)
    owner = values.get("owner")
    if owner is not None and owner.program_id != program.pk:
        raise ValidationError(_("The owner must be a partner in this program."), code="owner_program")
    if owner is not None and owner.has_left:
        raise ValidationError(
            _("%(partner)s has left the program and cannot be given milestones."),
            code="owner_left",
            params={"partner": owner.organisation.name},
        )
    if owner is not None and program.phase != Phase.SCOPING and not owner.may_own_work:
        # Restu pimpinan lasts beyond scoping: a partner that joined later is gated the same way.
        raise ValidationError(
            _(
                "%(partner)s is not endorsed by its leadership yet; it can own milestones once endorsed, "
                "or when the facilitator records a reason to let it work before that."
            ),
            code="owner_not_endorsed",
            params={"partner": owner.organisation.name},
        )
    output = values.get("output")
    if output is not None and output.outcome.program_id != program.pk:
        raise ValidationError(_("The output must belong to this program's road map."), code="output_program")


def _record_revision(program, item, actor, field, old, new, reason, version):
    return Revision(
        program=program,
        item_type=item_type(item),
        item_id=item.pk,
        item_label=item_label(item),
        field=field,
        old_value=_display(old),
        new_value=_display(new),
        reason=reason,
        actor=actor,
        item_version=version,
    )


@submit_once
def do_create_outcome(actor, program, *, statement, partners=(), **fields):
    outcome = Outcome.objects.create(program=program, statement=statement, **fields)
    outcome.partners.set(partners)
    Revision.objects.create(
        program=program,
        item_type="outcome",
        item_id=outcome.pk,
        item_label=item_label(outcome),
        field="created",
        new_value=item_label(outcome),
        actor=actor,
        item_version=outcome.version,
    )
    record_activity(program, actor, "outcome_created", item_label(outcome), program_url(program))
    return outcome


@submit_once
def do_create_output(actor, outcome, *, statement, partners=(), **fields):
    output = Output.objects.create(outcome=outcome, statement=statement, **fields)
    output.partners.set(partners)
    Revision.objects.create(
        program=outcome.program,
        item_type="output",
        item_id=output.pk,
        item_label=item_label(output),
        field="created",
        new_value=item_label(output),
        actor=actor,
        item_version=output.version,
    )
    record_activity(outcome.program, actor, "output_created", item_label(output), program_url(outcome.program))
    return output


def program_url(program):
    return reverse("roadmap:tree", args=[program.pk])


@submit_once
def do_create_milestone(
    actor,
    program,
    *,
    output,
    title,
    owner,
    start_date,
    due_date,
    responsible=None,
    description="",
    status=MilestoneStatus.PLANNED,
    progress=0,
    depends_on=(),
    completed_on=None,
    code="",
):
    """A new milestone on the program's road map (facilitation also turns action items into milestones)."""
    check_milestone_values(
        {
            "start_date": start_date,
            "due_date": due_date,
            "progress": progress,
            "status": status,
            "owner": owner,
            "output": output,
        },
        program,
    )
    milestone = Milestone(
        program=program,
        output=output,
        code=code,
        title=title,
        description=description,
        owner=owner,
        responsible=responsible,
        start_date=start_date,
        due_date=due_date,
        status=status,
        progress=progress,
        completed_on=(completed_on or timezone.localdate()) if status == MilestoneStatus.DONE else None,
    )
    check_dependencies(milestone, depends_on)
    milestone.save()
    if depends_on:
        milestone.depends_on.set(depends_on)
    Revision.objects.create(
        program=program,
        item_type="milestone",
        item_id=milestone.pk,
        item_label=item_label(milestone),
        field="created",
        new_value=item_label(milestone),
        actor=actor,
        item_version=milestone.version,
    )
    record_activity(program, actor, "milestone_created", milestone.title, milestone.get_absolute_url())
    return milestone


@submit_once
def do_bulk_create_milestones(actor, program, output, rows):
    """rows: dicts of do_create_milestone keyword arguments (without output). All or nothing."""
    return [do_create_milestone(actor, program, output=output, **row) for row in rows]


@transaction.atomic
def do_revise_item(actor, item, changes, reason, *, expected_version=None):
    """Change an outcome, output or milestone; returns the Revision rows written (one per changed field).

    `changes` maps field name -> new value (model instances for foreign keys, an iterable of
    instances for `partners` / `depends_on`). `expected_version` is the version the editor's
    form was loaded at (default: the item's in-memory version); if someone saved in between,
    StaleEditError is raised carrying their revisions and nothing is written.
    """
    kind = item_type(item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason for the change."), code="reason_required")
    unknown = set(changes) - REVISABLE[kind]
    if unknown:
        raise ValueError(f"cannot revise {sorted(unknown)} on a {kind}")
    program = program_of(item)
    expected = item.version if expected_version is None else int(expected_version)

    plain, m2m = {}, {}
    olds = {}
    for field, new in changes.items():
        if field in M2M_FIELDS:
            old_objs = list(getattr(item, field).all()) if item.pk else []
            new_objs = list(new)
            if {o.pk for o in old_objs} != {o.pk for o in new_objs}:
                m2m[field] = new_objs
                olds[field] = old_objs
            continue
        model_field = item._meta.get_field(field)
        if model_field.is_relation:
            old_id = getattr(item, model_field.attname)
            new_id = new.pk if new is not None else None
            if old_id != new_id:
                plain[field] = new
                olds[field] = getattr(item, field)
            continue
        old = getattr(item, field)
        if new is None and model_field.get_internal_type() in ("CharField", "TextField"):
            new = ""
        if old != new:
            plain[field] = new
            olds[field] = old

    if kind == "milestone":
        if plain.get("status") == MilestoneStatus.DONE and "completed_on" not in plain and not item.completed_on:
            plain["completed_on"] = timezone.localdate()
            olds["completed_on"] = item.completed_on
        elif "status" in plain and plain["status"] != MilestoneStatus.DONE and item.completed_on:
            plain.setdefault("completed_on", None)
            olds.setdefault("completed_on", item.completed_on)
        merged = {f: getattr(item, f) for f in ("start_date", "due_date")}
        if "status" in plain or "progress" in plain:
            # "Done" means 100 %, checked when either changes (old data stays editable otherwise).
            merged.update({f: getattr(item, f) for f in ("status", "progress")})
        merged.update(plain)
        check_milestone_values(merged, program)
        if "depends_on" in m2m:
            check_dependencies(item, m2m["depends_on"])

    if not plain and not m2m:
        return []

    model = type(item)
    updated = model.objects.filter(pk=item.pk, version=expected).update(
        **plain, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        current = model.objects.filter(pk=item.pk).values_list("version", flat=True).first()
        raise StaleEditError(item, revisions_since(item, expected), current)
    for field, objs in m2m.items():
        getattr(item, field).set(objs)
    for field, value in plain.items():
        setattr(item, field, value)
    item.version = expected + 1

    revisions = [
        _record_revision(program, item, actor, field, olds[field], new, reason, item.version)
        for field, new in list(plain.items()) + list(m2m.items())
    ]
    revisions = Revision.objects.bulk_create(revisions)
    url = item.get_absolute_url() if isinstance(item, Milestone) else program_url(program)
    record_activity(program, actor, "roadmap_revised", item_label(item), url)
    return revisions


@transaction.atomic
def do_delete_item(actor, item, reason):
    """Remove an item added by mistake. Anything with history below it is refused: a milestone
    with progress reports is cancelled instead, an output or outcome must be emptied first."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason for the change."), code="reason_required")
    kind = item_type(item)
    if kind == "milestone" and item.updates.exists():
        raise ValidationError(
            _("This milestone has progress reports, so it cannot be deleted. Set its status to cancelled instead."),
            code="has_updates",
        )
    if kind == "output" and item.milestones.exists():
        raise ValidationError(_("Move or delete this output's milestones first."), code="not_empty")
    if kind == "outcome" and item.outputs.exists():
        raise ValidationError(_("Move or delete this outcome's outputs first."), code="not_empty")
    program = program_of(item)
    revision = _record_revision(program, item, actor, "deleted", item_label(item), "", reason, item.version + 1)
    try:
        item.delete()
    except ProtectedError:
        # Comments, due-date changes or recommendations point at it: history is never deleted.
        raise ValidationError(
            _(
                "This item is referred to by comments or recommendations, so it cannot be deleted."
                " Revise it instead (a milestone can be set to cancelled)."
            ),
            code="has_history",
        ) from None
    revision.save()
    record_activity(program, actor, "roadmap_item_deleted", item_label(item), program_url(program))
    return revision


def refuse_leaving_with_open_milestones(partner):
    """Registered with partners.leaving: a partner leaves only once its open milestones are settled."""
    count = Milestone.objects.filter(owner=partner, status__in=OPEN_STATUSES).count()
    if count:
        raise ValidationError(
            _(
                "%(partner)s still owns %(count)s open milestone(s). Give them to another partner or set them"
                " to cancelled or done before it leaves."
            ),
            code="owns_open_milestones",
            params={"partner": partner.organisation.name, "count": count},
        )


# Progress reports (laporan kemajuan) -------------------------------------------------------


def _check_update_values(milestone, new_status, progress, files, update):
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError(_("Progress must be a number from 0 to 100."), code="progress_range")
    if new_status not in MilestoneStatus.values:
        raise ValidationError(_("Choose a valid status."), code="status")
    check_done_is_full(new_status, progress)
    for upload in files:
        validate_upload(upload, EVIDENCE_TYPES)
    if files:
        _check_evidence_room(milestone, files, update)


def _check_evidence_room(milestone, files, update):
    """The report's file cap and the program's storage quota, checked before anything is stored."""
    program = lock_program(milestone.program_id)  # two uploads at once are checked one after the other
    count = len(files) + (update.evidence.count() if update is not None else 0)
    limit = settings.MAX_EVIDENCE_FILES_PER_REPORT
    if count > limit:
        raise ValidationError(
            _("A progress report can hold at most %(limit)s files; this one would have %(count)s."),
            code="too_many_files",
            params={"limit": limit, "count": count},
        )
    check_quota(program, sum(upload.size for upload in files))


def _attach(update, files):
    """Store each file under its sniffed type; the name shown keeps the user's stem with that extension."""
    for upload in files:
        name = safe_file_name(upload.name, sniff_extension(upload))
        Evidence.objects.create(update=update, file=upload, original_name=name)


@submit_once
def do_save_update(
    actor, milestone, *, new_status, progress, narrative, files=(), submit=False, update=None, client_id=None
):
    """Create a progress report (or edit a draft / returned one) and optionally submit it.

    Files are refused as a whole, before anything is saved, when they would pass the report's
    file cap (MAX_EVIDENCE_FILES_PER_REPORT) or the program's storage quota.
    """
    _check_update_values(milestone, new_status, progress, files, update)
    if update is None:
        update = ProgressUpdate.objects.create(
            milestone=milestone,
            author=actor,
            new_status=new_status,
            progress=progress,
            narrative=narrative,
            client_id=client_id,
        )
    else:
        editable = [ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED]
        changed = ProgressUpdate.objects.filter(pk=update.pk, state__in=editable).update(
            new_status=new_status, progress=progress, narrative=narrative
        )
        if changed != 1:
            raise ValidationError(_("This progress report has already been submitted."), code="not_editable")
        update.new_status, update.progress, update.narrative = new_status, progress, narrative
    _attach(update, files)
    if submit:
        do_submit_update(actor, update)
    return update


class SyncConflictError(Exception):
    """A report written offline no longer fits its milestone: nothing was saved, and the device keeps
    the draft next to this message (`code`: "changed" or "closed")."""

    def __init__(self, message, code, *, current_version):
        super().__init__(message)
        self.message, self.code, self.current_version = message, code, current_version


def _replayed_update(actor, milestone, client_id):
    """The report a sync with this client id already made, or None; another person's or another
    milestone's id is refused (a forged draft), nothing is written."""
    existing = ProgressUpdate.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    if existing.author_id != actor.pk or existing.milestone_id != milestone.pk:
        raise ValidationError(_("This draft's id belongs to another report; it was not saved."), code="forged")
    return existing


@transaction.atomic
def do_sync_update(actor, milestone, *, client_id, seen_version, new_status, progress, narrative, files=()):
    """A progress report written offline (static/js/offline.js), sent when the device is back online.

    Returns (update, created). The same checks as "Submit" on the report form, through
    `do_save_update`, and the report is submitted at once. Before that:
    - a client id already used by this person on this milestone returns that report (created False):
      a replayed or repeated sync never makes a second report;
    - the milestone closed (done or cancelled, e.g. another report was approved) or revised since the
      device saw it (`seen_version` is `Milestone.version` then) raises SyncConflictError, nothing saved.
    """
    existing = _replayed_update(actor, milestone, client_id)
    if existing is not None:
        return existing, False
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if current.status not in OPEN_STATUSES:
        message = _(
            "The milestone was closed (%(status)s) after you wrote this draft; it was not sent. "
            "Copy what you need from it, then discard it."
        ) % {"status": current.get_status_display()}
        raise SyncConflictError(message, "closed", current_version=current.version)
    if current.version != seen_version:
        message = _(
            "The milestone changed after you wrote this draft (its status, progress or dates). "
            "Check the milestone, then send the draft again or discard it."
        )
        raise SyncConflictError(message, "changed", current_version=current.version)
    try:
        with transaction.atomic():  # the same draft sent twice at once: one INSERT wins the unique client id
            update = do_save_update(
                actor,
                milestone,
                new_status=new_status,
                progress=progress,
                narrative=narrative,
                files=files,
                submit=True,
                client_id=client_id,
            )
    except IntegrityError:
        existing = _replayed_update(actor, milestone, client_id)
        if existing is None:
            raise
        return existing, False
    return update, True


@transaction.atomic
def do_submit_update(actor, update):
    now = timezone.now()
    editable = [ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED]
    claimed = ProgressUpdate.objects.filter(pk=update.pk, state__in=editable).update(
        state=ProgressUpdate.State.SUBMITTED, submitted_at=now
    )
    if claimed != 1:
        raise ValidationError(_("This progress report has already been submitted."), code="not_editable")
    update.state, update.submitted_at = ProgressUpdate.State.SUBMITTED, now
    milestone = update.milestone
    facilitators = [
        m.user
        for m in Membership.objects.filter(program=milestone.program_id, role=Membership.Role.FACILITATOR)
        .exclude(user=actor)
        .select_related("user")
    ]
    url = milestone.get_absolute_url()
    do_notify(
        facilitators,
        "update_submitted",
        milestone.title,
        update.narrative[:500],
        url,
        program=milestone.program,
        about=("progress_update", update.pk),
    )
    record_activity(milestone.program, actor, "update_submitted", milestone.title, url)
    return update


def _claim_review(actor, update, state, note):
    now = timezone.now()
    claimed = ProgressUpdate.objects.filter(pk=update.pk, state=ProgressUpdate.State.SUBMITTED).update(
        state=state, review_note=note, reviewed_by=actor, reviewed_at=now
    )
    if claimed != 1:
        raise ValidationError(_("This progress report is not waiting for review."), code="not_submitted")
    update.state, update.review_note, update.reviewed_by, update.reviewed_at = state, note, actor, now
    return now


@transaction.atomic
def do_approve_update(actor, update, note=""):
    """Approval is the only way a progress report changes its milestone."""
    now = _claim_review(actor, update, ProgressUpdate.State.APPROVED, note)
    milestone = Milestone.objects.select_for_update().select_related("program").get(pk=update.milestone_id)
    values = {"status": update.new_status, "progress": update.progress}
    if update.new_status == MilestoneStatus.DONE and not milestone.completed_on:
        values["completed_on"] = timezone.localdate()
    elif update.new_status != MilestoneStatus.DONE and milestone.completed_on:
        values["completed_on"] = None
    olds = {field: getattr(milestone, field) for field in values}
    Milestone.objects.filter(pk=milestone.pk).update(
        **values, last_progress_at=update.submitted_at or now, version=F("version") + 1, updated_at=now
    )
    milestone.version += 1
    reason = gettext("Progress report approved: %(narrative)s") % {"narrative": update.narrative[:200]}
    Revision.objects.bulk_create(
        [
            _record_revision(milestone.program, milestone, actor, field, olds[field], new, reason, milestone.version)
            for field, new in values.items()
            if olds[field] != new
        ]
    )
    url = milestone.get_absolute_url()
    do_resolve_notifications("progress_update", update.pk)  # the review is done
    do_notify([update.author], "update_approved", milestone.title, note, url, program=milestone.program)
    record_activity(milestone.program, actor, "update_approved", milestone.title, url)
    return update


@transaction.atomic
def do_return_update(actor, update, note):
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Please write a note saying what needs revising."), code="note_required")
    _claim_review(actor, update, ProgressUpdate.State.RETURNED, note)
    milestone = update.milestone
    url = milestone.get_absolute_url()
    do_resolve_notifications("progress_update", update.pk)  # the review is done
    do_notify(
        [update.author],
        "update_returned",
        milestone.title,
        note,
        url,
        program=milestone.program,
        about=("progress_update_returned", update.pk),
    )
    record_activity(milestone.program, actor, "update_returned", milestone.title, url)
    return update


@submit_once
def do_add_comment(actor, milestone, body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("The comment is empty."), code="empty")
    comment = Comment.objects.create(milestone=milestone, author=actor, body=body)
    record_activity(milestone.program, actor, "milestone_commented", milestone.title, milestone.get_absolute_url())
    return comment
