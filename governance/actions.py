"""Every governance write, each in one transaction.

Refusals are raised as ValidationError with a message meant for the user; views show it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.actions import submit_once
from governance.access import can_record_strengthening_for
from governance.models import (
    AgreementSignOff,
    AgreementVersion,
    Commitment,
    InstitutionalChange,
    PartnerGoal,
    PartneringAgreement,
    PhaseChange,
    PostEmergencyReview,
    Recognition,
    Recommendation,
    RecommendationMilestone,
    RecommendationResponse,
    SustainabilityPlan,
)
from governance.selectors import agreement_snapshot, partner_voices, phase_gate_missing, skipped_phases
from notifications.actions import do_notify, do_resolve_notifications
from partners.access import can_manage_program, is_partner_lead_of, membership_for, speaks_for_partner
from partners.actions import (
    do_add_partner,
    do_mark_partner_left,
    do_update_program,
    record_activity,
    refuse_left_partner,
)
from partners.models import AGREEMENT_DOCUMENT_TYPES, EndorsementStatus, Membership, Phase, Program, ProgramPartner
from partners.quota import check_quota, lock_program
from roadmap import actions as roadmap_actions
from roadmap.models import Outcome, Output


def _refuse_closed(program):
    if program.phase == Phase.CLOSED:
        raise ValidationError(
            _("The program “%(program)s” is closed; its governance records can no longer be changed."),
            code="closed",
            params={"program": program.name},
        )


def _members(program, role):
    """Current members with `role` (Membership.objects leaves out partners that have left),
    without deactivated people."""
    members = Membership.objects.filter(program=program, role=role, user__is_active=True)
    return [m.user for m in members.select_related("user").order_by("user__pk")]


# What a notification is about (Notification.object_type), so it is marked done when the work is done
# and dropped from a digest at delivery (governance.reminders registers the checks; issue 16, item 13).
AGREEMENT_SIGN = "agreement_sign"
RECOMMENDATION_ANSWER = "recommendation_answer"
RECOMMENDATION_DECISION = "recommendation_decision"
RECOGNITION_DECISION = "recognition_decision"


def _partner_voice_ids(program, partner_id):
    """The people of that partner in the program (its voices among them); one query."""
    return list(Membership.objects.filter(program=program, partner_id=partner_id).values_list("user_id", flat=True))


def _resolve_recommendation(rec):
    """Applied or withdrawn: nobody has to answer or decide any more."""
    do_resolve_notifications(RECOMMENDATION_ANSWER, rec.pk)
    do_resolve_notifications(RECOMMENDATION_DECISION, rec.pk)


# Partnering agreement --------------------------------------------------------------------


@transaction.atomic
def do_save_agreement(actor, program, *, sections, partner_goals, agreed_on=None):
    """Record or edit the agreement. `sections` maps section name -> text; `partner_goals` maps
    ProgramPartner pk -> text (partners of this program only). Empty sections are allowed (a draft);
    the phase gate lists them."""
    _refuse_closed(program)
    unknown = set(sections) - set(PartneringAgreement.SECTIONS)
    if unknown:
        raise ValueError(f"unknown agreement sections {sorted(unknown)}")
    partner_ids = set(ProgramPartner.objects.filter(program=program).values_list("pk", flat=True))
    if set(partner_goals) - partner_ids:
        raise ValidationError(_("Own goals can only be written for this program's partners."), code="partner")
    existing = PartneringAgreement.objects.select_for_update().filter(program=program).first()
    before = agreement_snapshot(existing) if existing else None
    agreement, created = PartneringAgreement.objects.update_or_create(
        program=program,
        defaults={**{k: (v or "").strip() for k, v in sections.items()}, "updated_by": actor, "agreed_on": agreed_on},
    )
    for partner_id, text in partner_goals.items():
        PartnerGoal.objects.update_or_create(
            agreement=agreement, partner_id=partner_id, defaults={"goals": (text or "").strip()}
        )
    kind = "agreement_recorded" if created else "agreement_updated"
    record_activity(program, actor, kind, program.name, agreement.get_absolute_url())
    if before is not None and before != agreement_snapshot(agreement):
        _new_version_if_signed(actor, agreement, before)
    return agreement


def _new_version_if_signed(actor, agreement, before):
    """A change to a version someone already signed keeps that text and starts the next version,
    which every partner is asked to sign again. Changes to a version nobody signed yet are drafting."""
    if not AgreementSignOff.objects.filter(agreement=agreement, version=agreement.version).exists():
        return
    AgreementVersion.objects.create(agreement=agreement, number=agreement.version, text=before, replaced_by=actor)
    agreement.version += 1
    PartneringAgreement.objects.filter(pk=agreement.pk).update(version=agreement.version)
    url = agreement.get_absolute_url()
    voices = [m.user for members in partner_voices(agreement.program).values() for m in members]
    do_notify(
        voices,
        "agreement_sign_again",
        lambda: _("Sign version %(version)s of the agreement") % {"version": agreement.version},
        "",
        url,
        program=agreement.program,
        about=(AGREEMENT_SIGN, agreement.pk),
    )
    record_activity(
        agreement.program, actor, "agreement_new_version", f"{agreement.program.name} v{agreement.version}", url
    )


@transaction.atomic
def do_link_agreement_document(actor, program, document):
    """Point the agreement at its signed MoU or PKS in the program's documents (None unlinks it).

    Linking is not a change of the agreed text, so it starts no new version.
    """
    _refuse_closed(program)
    agreement = PartneringAgreement.objects.select_for_update().filter(program=program).first()
    if agreement is None:
        raise ValidationError(_("Record the agreement first, then link its signed document."), code="no_agreement")
    if document is not None and (document.program_id != program.pk or document.kind not in AGREEMENT_DOCUMENT_TYPES):
        raise ValidationError(_("Choose an MoU or a PKS of this program."), code="document")
    PartneringAgreement.objects.filter(pk=agreement.pk).update(document=document)
    agreement.document = document
    label = document.title if document is not None and not document.is_partner_only else program.name
    record_activity(program, actor, "agreement_document_linked", label, agreement.get_absolute_url())
    return agreement


@transaction.atomic
def do_sign_agreement(actor, program):
    """A partner signs the current version of the agreement, through its lead or, for a partner
    without a lead account, the staff member it designated."""
    _refuse_closed(program)
    agreement = PartneringAgreement.objects.select_for_update().filter(program=program).first()
    if agreement is None:
        raise ValidationError(_("No partnering agreement is recorded yet."), code="no_agreement")
    partner_id = speaks_for_partner(membership_for(actor, program))
    if partner_id is None:
        raise ValidationError(
            _("Only a partner's lead, or the staff member a partner without a lead designated, signs the agreement."),
            code="not_voice",
        )
    if agreement.empty_sections():
        raise ValidationError(_("The agreement is not complete yet; it cannot be signed."), code="incomplete")
    if AgreementSignOff.objects.filter(agreement=agreement, version=agreement.version, partner_id=partner_id).exists():
        raise ValidationError(_("Your organisation has already signed this version."), code="signed")
    sign_off = AgreementSignOff.objects.create(
        agreement=agreement, version=agreement.version, partner_id=partner_id, signed_by=actor
    )
    # This partner's people no longer have anything to sign (issue 16, item 13).
    do_resolve_notifications(AGREEMENT_SIGN, agreement.pk, users=_partner_voice_ids(program, partner_id))
    partner = ProgramPartner.objects.select_related("organisation").get(pk=partner_id)
    record_activity(
        program,
        actor,
        "agreement_signed",
        f"{partner.organisation.name} v{agreement.version}",
        agreement.get_absolute_url(),
    )
    return sign_off


# Phase gates -----------------------------------------------------------------------------


class GateNotMetError(ValidationError):
    """Leaving scoping without what the gate requires, and without an override reason."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(
            gettext("The phase cannot change yet. Missing: %(missing)s Give a reason to override the gate.")
            % {"missing": " ".join(missing)},
            code="gate",
        )


@transaction.atomic
def do_change_phase(actor, program, phase, *, override_reason="", reason=""):
    """Move the program to `phase`. Leaving scoping for managing (or later) needs every partner's
    leadership endorsement and a complete partnering agreement, unless the facilitator overrides
    the gate with a reason. Skipping a phase (going forward past one) needs a `reason`, kept in
    the phase history. A closed program is reopened only with `do_reopen_program`.
    Returns the PhaseChange row."""
    given = program
    program = Program.objects.select_for_update().get(pk=program.pk)
    _refuse_closed(program)
    if phase not in Phase.values:
        raise ValidationError(_("Choose a valid phase."), code="phase")
    if phase == program.phase:
        raise ValidationError(_("The program is already in this phase."), code="same_phase")
    override_reason = (override_reason or "").strip()
    reason = (reason or "").strip()
    skipped = skipped_phases(program.phase, phase)
    if skipped and not reason:
        raise ValidationError(
            _("This change skips %(phases)s: give a reason; it is kept in the program's phase history."),
            code="skip_reason",
            params={"phases": ", ".join(f"“{p.label}”" for p in skipped)},
        )
    missing = phase_gate_missing(program, phase)
    if missing and not override_reason:
        raise GateNotMetError(missing)
    change = PhaseChange.objects.create(
        program=program,
        from_phase=program.phase,
        to_phase=phase,
        actor=actor,
        override_reason=override_reason if missing else "",
        reason=reason,
        gate_missing="\n".join(missing),
    )
    Program.objects.filter(pk=program.pk).update(phase=phase, updated_at=timezone.now())
    given.phase = phase
    label = f"{Phase(change.from_phase).label} → {Phase(phase).label}"
    if missing:
        label = gettext("%(label)s (gate overridden: %(reason)s)") % {"label": label, "reason": override_reason}
    elif reason:
        label = gettext("%(label)s (reason: %(reason)s)") % {"label": label, "reason": reason}
    record_activity(program, actor, "phase_changed", label, reverse("governance:change_phase", args=[program.pk]))
    return change


@transaction.atomic
def do_reopen_program(actor, program, phase, *, reason):
    """An administrator reopens a closed program in `phase`, with a reason kept in the phase history."""
    given = program
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not actor.is_admin:
        raise ValidationError(_("Only an administrator can reopen a closed program."), code="not_admin")
    if program.phase != Phase.CLOSED:
        raise ValidationError(_("The program is not closed."), code="not_closed")
    if phase not in Phase.values or phase == Phase.CLOSED:
        raise ValidationError(_("Choose a valid phase."), code="phase")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for reopening the program; it is kept in its history."), code="reason")
    change = PhaseChange.objects.create(
        program=program, from_phase=Phase.CLOSED, to_phase=phase, actor=actor, reason=reason
    )
    Program.objects.filter(pk=program.pk).update(phase=phase, updated_at=timezone.now())
    given.phase = phase
    label = gettext("%(label)s (reason: %(reason)s)") % {
        "label": f"{Phase.CLOSED.label} → {Phase(phase).label}",
        "reason": reason,
    }
    record_activity(program, actor, "program_reopened", label, reverse("governance:change_phase", args=[program.pk]))
    return change


@transaction.atomic
def do_record_post_emergency_review(actor, program, *, notes, cases_handed, unresolved_cases):
    """The post-emergency review an emergency program needs before it closes. facilitation asks
    about open conflicts and opens their mediation cases, then records the review here."""
    _refuse_closed(program)
    if not program.is_emergency:
        raise ValidationError(_("Only an emergency program has a post-emergency review."), code="not_emergency")
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError(_("Describe what the emergency left behind."), code="notes")
    review, _created = PostEmergencyReview.objects.update_or_create(
        program=program,
        defaults={
            "notes": notes,
            "cases_handed": cases_handed,
            "unresolved_cases": unresolved_cases,
            "reviewed_by": actor,
        },
    )
    record_activity(
        program, actor, "post_emergency_review", program.name, reverse("governance:change_phase", args=[program.pk])
    )
    return review


# Recommendations -------------------------------------------------------------------------


@submit_once
def do_propose_recommendation(actor, program, *, kind, title, rationale, alternatives, milestone_dates=None, **fields):
    """The facilitator proposes a change. `milestone_dates` ({Milestone: new_due_date}) for due dates;
    `outcome` / `output` / `target_field` / `new_value` for targets; `partner_action` with
    `organisation` + `partner_role` or `partner` for partners; `new_phase` for the phase."""
    _refuse_closed(program)
    if kind not in Recommendation.Kind.values:
        raise ValidationError(_("Choose a valid kind of change."), code="kind")
    if not (rationale or "").strip():
        raise ValidationError(_("Please explain the rationale."), code="rationale")
    if not (alternatives or "").strip():
        raise ValidationError(_("Please describe the alternatives considered."), code="alternatives")
    recommendation = Recommendation(
        program=program,
        kind=kind,
        title=title.strip(),
        rationale=rationale.strip(),
        alternatives=alternatives.strip(),
        proposed_by=actor,
        **fields,
    )
    _check_proposal(recommendation, milestone_dates or {})
    recommendation.save()
    if kind == Recommendation.Kind.DUE_DATES:
        RecommendationMilestone.objects.bulk_create(
            [
                RecommendationMilestone(
                    recommendation=recommendation, milestone=m, old_due_date=m.due_date, new_due_date=new
                )
                for m, new in milestone_dates.items()
            ]
        )
    url = recommendation.get_absolute_url()
    voices = [m.user for members in partner_voices(program).values() for m in members]
    do_notify(
        voices,
        "recommendation_proposed",
        recommendation.title,
        recommendation.rationale[:500],
        url,
        program=program,
        about=(RECOMMENDATION_ANSWER, recommendation.pk),
    )
    record_activity(program, actor, "recommendation_proposed", recommendation.title, url)
    return recommendation


def _check_proposal(rec, milestone_dates):
    program = rec.program
    if rec.kind == Recommendation.Kind.DUE_DATES:
        if not milestone_dates:
            raise ValidationError(_("Choose at least one milestone and its new due date."), code="no_milestones")
        for milestone, new in milestone_dates.items():
            if milestone.program_id != program.pk:
                raise ValidationError(_("The milestones must belong to this program."), code="milestone_program")
            if new < milestone.start_date:
                raise ValidationError(
                    _("The new due date of “%(title)s” is before its start date."),
                    code="due_before_start",
                    params={"title": milestone.title},
                )
            if new == milestone.due_date:
                raise ValidationError(
                    _("The new due date of “%(title)s” is the same as the current one."),
                    code="same_date",
                    params={"title": milestone.title},
                )
    elif rec.kind == Recommendation.Kind.TARGET:
        _check_target(rec)
    elif rec.kind == Recommendation.Kind.PARTNER:
        if rec.partner_action == Recommendation.PartnerAction.ADD:
            if rec.organisation is None or not rec.partner_role:
                raise ValidationError(_("Choose the organisation to add and its role."), code="organisation")
            if ProgramPartner.objects.filter(program=program, organisation=rec.organisation).exists():
                raise ValidationError(_("This organisation is already a partner in the program."), code="exists")
        elif rec.partner_action == Recommendation.PartnerAction.REMOVE:
            if rec.partner is None or rec.partner.program_id != program.pk:
                raise ValidationError(_("Choose a partner of this program to remove."), code="partner")
            refuse_left_partner(rec.partner)
        else:
            raise ValidationError(_("Choose whether to add or remove a partner."), code="partner_action")
    elif rec.kind == Recommendation.Kind.PHASE:
        if rec.new_phase not in Phase.values:
            raise ValidationError(_("Choose a valid phase."), code="phase")
        if rec.new_phase == program.phase:
            raise ValidationError(_("The program is already in this phase."), code="same_phase")


def _check_target(rec):
    program = rec.program
    if not (rec.new_value or "").strip():
        raise ValidationError(_("Please give the new value."), code="new_value")
    rec.new_value = rec.new_value.strip()
    if rec.outcome is None and rec.output is None:
        if rec.target_field != Recommendation.TargetField.GOAL:
            raise ValidationError(_("Only the goal of the program itself can be changed."), code="field")
        rec.old_value = program.goal
        return
    item = rec.outcome or rec.output
    item_program = item.program_id if rec.outcome else item.outcome.program_id
    if item_program != program.pk:
        raise ValidationError(_("The outcome or output must belong to this program."), code="item_program")
    if rec.target_field in (Recommendation.TargetField.TARGET_VALUE, Recommendation.TargetField.TARGET_TEXT):
        raise ValidationError(
            _("An outcome's or output's targets are its indicators' targets: change them in the results."),
            code="target_retired",
        )
    if rec.target_field != Recommendation.TargetField.STATEMENT:
        raise ValidationError(_("For an outcome or output only the statement can change here."), code="field")
    rec.old_value = item.statement


def _open_for_answers(recommendation):
    rec = Recommendation.objects.select_for_update().select_related("program").get(pk=recommendation.pk)
    _refuse_closed(rec.program)
    if rec.status not in Recommendation.ANSWERABLE_STATUSES:
        raise ValidationError(
            _("This recommendation is %(status)s; it no longer takes answers."),
            code="not_open",
            params={"status": rec.get_status_display().lower()},
        )
    return rec


def _check_answer(rec, partner_id, verdict, comment):
    if verdict not in RecommendationResponse.Verdict.values:
        raise ValidationError(_("Choose agree or object."), code="verdict")
    if verdict == RecommendationResponse.Verdict.OBJECT and not comment:
        raise ValidationError(_("Please say why you object."), code="comment_required")
    if RecommendationResponse.objects.filter(recommendation=rec, partner_id=partner_id).exists():
        raise ValidationError(_("This partner has already answered this recommendation."), code="answered")


@transaction.atomic
def do_respond_to_recommendation(actor, recommendation, *, verdict, comment=""):
    """A partner agrees or objects, through its lead or (a partner without a lead) the staff member
    it designated. When every partner of the program has agreed, the change is applied."""
    rec = _open_for_answers(recommendation)
    partner_id = speaks_for_partner(membership_for(actor, rec.program))
    if partner_id is None:
        raise ValidationError(
            _("Only a partner's lead, or the staff member a partner without a lead designated, answers."),
            code="not_voice",
        )
    comment = (comment or "").strip()
    _check_answer(rec, partner_id, verdict, comment)
    response = RecommendationResponse.objects.create(
        recommendation=rec, user=actor, partner_id=partner_id, verdict=verdict, comment=comment
    )
    _after_answer(rec, actor, response)
    recommendation.status = rec.status
    return response


@transaction.atomic
def do_record_meeting_answer(actor, recommendation, *, partner, verdict, comment="", meeting_url, meeting_label):
    """The facilitator records a partner's answer given in a meeting, with a link to that meeting
    (facilitation passes the meeting's address and title)."""
    rec = _open_for_answers(recommendation)
    if not can_manage_program(actor, membership_for(actor, rec.program)):
        raise ValidationError(
            _("Only the program's facilitator records answers given in a meeting."), code="not_facilitator"
        )
    if partner.program_id != rec.program_id:
        raise ValidationError(_("The partner must take part in this program."), code="partner_program")
    refuse_left_partner(partner)
    if not (meeting_url or "").strip():
        raise ValidationError(_("Link the meeting where the answer was given."), code="meeting")
    comment = (comment or "").strip()
    _check_answer(rec, partner.pk, verdict, comment)
    response = RecommendationResponse.objects.create(
        recommendation=rec,
        user=actor,
        partner=partner,
        verdict=verdict,
        comment=comment,
        meeting_url=meeting_url[:300],
        meeting_label=str(meeting_label)[:300],
    )
    _after_answer(rec, actor, response)
    recommendation.status = rec.status
    return response


def _after_answer(rec, actor, response):
    url = rec.get_absolute_url()
    # The answering partner's people have answered; the others still have to (issue 16, item 13).
    do_resolve_notifications(RECOMMENDATION_ANSWER, rec.pk, users=_partner_voice_ids(rec.program, response.partner_id))
    if response.verdict == RecommendationResponse.Verdict.OBJECT:
        Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.OBJECTED)
        rec.status = Recommendation.Status.OBJECTED
        facilitators = _members(rec.program, Membership.Role.FACILITATOR)
        do_notify(
            facilitators,
            "recommendation_objected",
            rec.title,
            response.comment[:500],
            url,
            program=rec.program,
            about=(RECOMMENDATION_DECISION, rec.pk),
        )
        record_activity(rec.program, actor, "recommendation_objected", rec.title, url)
        return
    record_activity(rec.program, actor, "recommendation_agreed", rec.title, url)
    if rec.status == Recommendation.Status.PROPOSED and _every_partner_agreed(rec):
        Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.AGREED)
        rec.status = Recommendation.Status.AGREED
        _try_apply(rec, rec.proposed_by or actor, trigger=actor)


def _every_partner_agreed(rec):
    """True when every partner of the program has agreed (and there is at least one): consent
    includes partners without a lead account."""
    partners = set(
        ProgramPartner.objects.filter(program=rec.program, left_on__isnull=True).values_list("pk", flat=True)
    )
    agreed = set(
        RecommendationResponse.objects.filter(
            recommendation=rec, verdict=RecommendationResponse.Verdict.AGREE
        ).values_list("partner_id", flat=True)
    )
    return bool(partners) and partners <= agreed


def _try_apply(rec, actor, *, trigger):
    """Apply in a savepoint; on refusal keep the agreement and record why it could not be applied.

    The proposer is the actor of the road-map revisions; `trigger` (the last lead to agree) is not notified."""
    try:
        with transaction.atomic():
            _apply(rec, actor, trigger=trigger)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        Recommendation.objects.filter(pk=rec.pk).update(apply_error=message)
        rec.apply_error = message
        return False
    return True


@transaction.atomic
def do_apply_recommendation(actor, recommendation, *, decision_note=""):
    """The facilitator applies the change: after every lead agreed (status agreed), or on a decision
    taken in a meeting (any open status; the note is required). Refusals roll everything back."""
    rec = Recommendation.objects.select_for_update().select_related("program").get(pk=recommendation.pk)
    _refuse_closed(rec.program)
    decision_note = (decision_note or "").strip()
    if rec.status not in Recommendation.OPEN_STATUSES:
        raise ValidationError(
            _("This recommendation is %(status)s and cannot be applied."),
            code="not_open",
            params={"status": rec.get_status_display().lower()},
        )
    if rec.status != Recommendation.Status.AGREED and not decision_note:
        raise ValidationError(
            _("Not every partner has agreed. Record the decision taken in a meeting to apply it."),
            code="decision_required",
        )
    if decision_note:
        rec.decision_note = decision_note
        rec.decided_by = actor
        rec.decided_at = timezone.now()
        rec.save(update_fields=["decision_note", "decided_by", "decided_at"])
        record_activity(rec.program, actor, "recommendation_decided", rec.title, rec.get_absolute_url())
    _apply(rec, actor, trigger=actor)
    recommendation.status = rec.status
    return rec


def _apply(rec, actor, *, trigger):
    try:
        _apply_change(rec, actor)
    except roadmap_actions.StaleEditError:
        raise ValidationError(
            _("Someone changed the road map at the same moment; please apply the change again."), code="stale"
        ) from None
    _mark_applied(rec, actor, trigger=trigger)


def _apply_change(rec, actor):
    reason = gettext("Recommendation “%(title)s”: %(rationale)s") % {"title": rec.title, "rationale": rec.rationale}
    if rec.kind == Recommendation.Kind.DUE_DATES:
        revisions = []
        for change in rec.milestone_changes.select_related("milestone", "milestone__program"):
            revisions += roadmap_actions.do_revise_item(
                actor, change.milestone, {"due_date": change.new_due_date}, reason
            )
        rec.revisions.add(*revisions)
    elif rec.kind == Recommendation.Kind.TARGET:
        _apply_target(rec, actor, reason)
    elif rec.kind == Recommendation.Kind.PARTNER:
        _apply_partner(rec, actor)
    elif rec.kind == Recommendation.Kind.PHASE:
        # The recommendation's rationale, agreed by the partners, is the reason for a skipped phase.
        do_change_phase(actor, rec.program, rec.new_phase, reason=reason)


def _mark_applied(rec, actor, *, trigger):
    now = timezone.now()
    Recommendation.objects.filter(pk=rec.pk).update(
        status=Recommendation.Status.APPLIED, applied_at=now, applied_by=actor, apply_error="", closed_at=now
    )
    rec.status, rec.applied_at, rec.applied_by, rec.apply_error = Recommendation.Status.APPLIED, now, actor, ""
    url = rec.get_absolute_url()
    voices = [m.user for members in partner_voices(rec.program).values() for m in members]
    people = voices + _members(rec.program, Membership.Role.FACILITATOR)
    _resolve_recommendation(rec)
    do_notify(
        [p for p in people if p.pk != trigger.pk], "recommendation_applied", rec.title, "", url, program=rec.program
    )
    record_activity(rec.program, actor, "recommendation_applied", rec.title, url)


def _apply_target(rec, actor, reason):
    if rec.target_field == Recommendation.TargetField.GOAL:
        program = Program.objects.get(pk=rec.program_id)
        do_update_program(actor, program, goal=rec.new_value)
        return
    if rec.target_field != Recommendation.TargetField.STATEMENT:  # a retired kind: nothing left to change
        raise ValidationError(
            _("An outcome's or output's targets are its indicators' targets: change them in the results."),
            code="target_retired",
        )
    item = Outcome.objects.get(pk=rec.outcome_id) if rec.outcome_id else Output.objects.get(pk=rec.output_id)
    revisions = roadmap_actions.do_revise_item(actor, item, {"statement": rec.new_value}, reason)
    rec.revisions.add(*revisions)


def _apply_partner(rec, actor):
    program = rec.program
    if rec.partner_action == Recommendation.PartnerAction.ADD:
        if ProgramPartner.objects.filter(program=program, organisation=rec.organisation_id).exists():
            raise ValidationError(_("This organisation is already a partner in the program."), code="exists")
        do_add_partner(
            actor,
            program,
            rec.organisation,
            role=rec.partner_role,
            endorsement_status=EndorsementStatus.REQUESTED,
            joined_on=timezone.localdate(),
        )
        return
    if rec.partner_id is None:  # recommendations recorded before partners were kept
        raise ValidationError(_("The partner to remove is no longer in the program."), code="gone")
    # Removing a partner marks it as left: its history (recognitions, plans, goals, mediation cases,
    # contributions, answers) stays in the program.
    reason = gettext("Recommendation “%(title)s”: %(rationale)s") % {"title": rec.title, "rationale": rec.rationale}
    do_mark_partner_left(actor, rec.partner, reason=reason)


@transaction.atomic
def do_withdraw_recommendation(actor, recommendation):
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.status not in Recommendation.OPEN_STATUSES:
        raise ValidationError(
            _("This recommendation is %(status)s and cannot be withdrawn."),
            code="not_open",
            params={"status": rec.get_status_display().lower()},
        )
    now = timezone.now()
    Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.WITHDRAWN, closed_at=now)
    recommendation.status = Recommendation.Status.WITHDRAWN
    _resolve_recommendation(rec)
    record_activity(recommendation.program, actor, "recommendation_withdrawn", rec.title, rec.get_absolute_url())
    return recommendation


# Sustainability and recognition ------------------------------------------------------------


@transaction.atomic
def do_save_sustainability_plan(actor, program, *, path, carrying_partner=None, notes="", transition_milestones=()):
    _refuse_closed(program)
    if path not in SustainabilityPlan.Path.values:
        raise ValidationError(_("Choose the intended path."), code="path")
    if path == SustainabilityPlan.Path.CARRIED_ON and carrying_partner is None:
        raise ValidationError(_("Name the partner that carries the work on."), code="carrying_partner")
    if path != SustainabilityPlan.Path.CARRIED_ON:
        carrying_partner = None
    if carrying_partner is not None and carrying_partner.program_id != program.pk:
        raise ValidationError(_("The carrying partner must be a partner in this program."), code="partner_program")
    milestones = list(transition_milestones)
    if any(m.program_id != program.pk for m in milestones):
        raise ValidationError(_("Transition milestones must belong to this program."), code="milestone_program")
    plan, created = SustainabilityPlan.objects.update_or_create(
        program=program,
        defaults={"path": path, "carrying_partner": carrying_partner, "notes": notes.strip(), "updated_by": actor},
    )
    plan.transition_milestones.set(milestones)
    # The feed line is stored text: name the carrying partner (or program), not a translated label.
    label = carrying_partner.organisation.name if carrying_partner is not None else program.name
    record_activity(program, actor, "sustainability_updated", label, plan.get_absolute_url())
    return plan


def _check_recognition(program, partner, date):
    if partner.program_id != program.pk:
        raise ValidationError(_("The partner must take part in this program."), code="partner_program")
    if date > timezone.localdate():
        raise ValidationError(_("The date of a recognition cannot be in the future."), code="future")


def _store_with_file(row, upload, program_id, *, name_field, file_field):
    """Save `row` with an optional validated upload, inside the caller's transaction: the quota is
    checked under the program's lock, and a stored file whose row failed is removed again."""
    if upload is None:
        row.save()
        return row
    check_quota(lock_program(program_id), upload.size)
    setattr(row, name_field, getattr(upload, "display_name", upload.name)[:255])
    field_file = getattr(row, file_field)
    field_file.save(upload.name, upload, save=False)
    try:
        row.save()
    except Exception:
        field_file.storage.delete(field_file.name)
        raise
    return row


@submit_once
def do_add_recognition(actor, program, *, partner, title, description, date, awarded_by, given_by="", file=None):
    """The facilitator records a recognition on a partner's behalf: confirmed at once."""
    # Allowed on closed programs too: impact beyond the beneficiaries is often seen after the end.
    if not can_manage_program(actor, membership_for(actor, program)):
        raise ValidationError(_("Only the program's facilitator records recognitions."), code="not_facilitator")
    _check_recognition(program, partner, date)
    recognition = Recognition(
        program=program,
        partner=partner,
        title=title.strip(),
        description=description.strip(),
        date=date,
        awarded_by=awarded_by.strip(),
        given_by=given_by or Recognition.GivenBy.COMMUNITY,
        status=Recognition.Status.CONFIRMED,
        decided_by=actor,
        decided_at=timezone.now(),
        recorded_by=actor,
    )
    _store_with_file(recognition, file, program.pk, name_field="file_name", file_field="file")
    label = f"{partner.organisation.name}: {recognition.title}"
    record_activity(program, actor, "recognition_added", label, reverse("governance:recognitions", args=[program.pk]))
    return recognition


# Commitments (issue 14, item 5) ------------------------------------------------------------


def _check_commitment(program, *, partner, kind, amount_idr, start_date, end_date):
    if partner.program_id != program.pk:
        raise ValidationError(_("The partner must take part in this program."), code="partner_program")
    refuse_left_partner(partner)
    if amount_idr is None or amount_idr <= 0:
        raise ValidationError(_("The committed value must be more than zero."), code="amount")
    if end_date < start_date:
        raise ValidationError(_("The end of the period cannot be before its start."), code="period")
    if start_date < program.start_date or (program.end_date and end_date > program.end_date):
        raise ValidationError(_("The period must lie within the program's dates."), code="outside_program")


@submit_once
def do_add_commitment(actor, program, *, partner, kind, amount_idr, start_date, end_date, description=""):
    _check_commitment(
        program, partner=partner, kind=kind, amount_idr=amount_idr, start_date=start_date, end_date=end_date
    )
    commitment = Commitment.objects.create(
        partner=partner,
        kind=kind,
        amount_idr=amount_idr,
        start_date=start_date,
        end_date=end_date,
        description=description.strip(),
        created_by=actor,
    )
    url = reverse("governance:commitments", args=[program.pk])
    record_activity(program, actor, "commitment_recorded", partner.organisation.name, url)
    return commitment


@transaction.atomic
def do_update_commitment(actor, commitment, *, partner, kind, amount_idr, start_date, end_date, description=""):
    program = commitment.partner.program
    _check_commitment(
        program, partner=partner, kind=kind, amount_idr=amount_idr, start_date=start_date, end_date=end_date
    )
    commitment.partner = partner
    commitment.kind = kind
    commitment.amount_idr = amount_idr
    commitment.start_date = start_date
    commitment.end_date = end_date
    commitment.description = description.strip()
    commitment.save()
    url = reverse("governance:commitments", args=[program.pk])
    record_activity(program, actor, "commitment_updated", partner.organisation.name, url)
    return commitment


@transaction.atomic
def do_delete_commitment(actor, commitment):
    program = commitment.partner.program
    name = commitment.partner.organisation.name
    commitment.delete()
    record_activity(program, actor, "commitment_deleted", name, reverse("governance:commitments", args=[program.pk]))


@submit_once
def do_propose_recognition(actor, program, *, partner, title, description, date, awarded_by, given_by="", file=None):
    """A partner's lead proposes a recognition for their own partner; the facilitator confirms it."""
    if not is_partner_lead_of(membership_for(actor, program), partner.pk):
        raise ValidationError(
            _("A partner's lead proposes recognitions for their own organisation only."), code="not_own_partner"
        )
    refuse_left_partner(partner)
    _check_recognition(program, partner, date)
    recognition = Recognition(
        program=program,
        partner=partner,
        title=title.strip(),
        description=description.strip(),
        date=date,
        awarded_by=awarded_by.strip(),
        given_by=given_by or Recognition.GivenBy.COMMUNITY,
        status=Recognition.Status.PROPOSED,
        recorded_by=actor,
    )
    _store_with_file(recognition, file, program.pk, name_field="file_name", file_field="file")
    url = reverse("governance:recognitions", args=[program.pk])
    label = f"{partner.organisation.name}: {recognition.title}"
    do_notify(
        _members(program, Membership.Role.FACILITATOR),
        "recognition_proposed",
        label,
        "",
        url,
        program=program,
        about=(RECOGNITION_DECISION, recognition.pk),
    )
    record_activity(program, actor, "recognition_proposed", label, url)
    return recognition


@transaction.atomic
def do_decide_recognition(actor, recognition, *, confirm, reason=""):
    """The facilitator confirms a proposed recognition, or declines it with a reason."""
    rec = (
        Recognition.objects.select_for_update()
        .select_related("program", "partner__organisation")
        .get(pk=recognition.pk)
    )
    if not can_manage_program(actor, membership_for(actor, rec.program)):
        raise ValidationError(
            _("Only the program's facilitator confirms or declines recognitions."), code="not_facilitator"
        )
    if rec.status != Recognition.Status.PROPOSED:
        raise ValidationError(
            _("This recognition was already %(status)s."),
            code="decided",
            params={"status": rec.get_status_display().lower()},
        )
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise ValidationError(_("Please say why the recognition is declined."), code="reason_required")
    rec.status = Recognition.Status.CONFIRMED if confirm else Recognition.Status.DECLINED
    rec.decline_reason = "" if confirm else reason
    rec.decided_by = actor
    rec.decided_at = timezone.now()
    rec.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    do_resolve_notifications(RECOGNITION_DECISION, rec.pk)
    url = reverse("governance:recognitions", args=[rec.program_id])
    label = f"{rec.partner.organisation.name}: {rec.title}"
    kind = "recognition_confirmed" if confirm else "recognition_declined"
    if rec.recorded_by_id and rec.recorded_by_id != actor.pk:
        do_notify([rec.recorded_by], kind, label, rec.decline_reason[:500], url, program=rec.program)
    record_activity(rec.program, actor, kind, label, url)
    recognition.status = rec.status
    recognition.decline_reason = rec.decline_reason
    return rec


# Institutional strengthening ----------------------------------------------------------------


@submit_once
def do_record_institutional_change(actor, program, *, partner, kind, title, description, adopted_on, document=None):
    """A policy, procedure or system `partner` adopted through the partnership (penguatan kelembagaan).
    Recorded by the facilitator, or by the partner's own lead; allowed on closed programs too (what
    the partners keep is often seen after the end)."""
    if not can_record_strengthening_for(actor, membership_for(actor, program), partner.pk):
        raise ValidationError(
            _("Only the facilitator, or the partner's own lead, records what the partner adopted."),
            code="not_allowed",
        )
    if partner.program_id != program.pk:
        raise ValidationError(_("The partner must take part in this program."), code="partner_program")
    if kind not in InstitutionalChange.Kind.values:
        raise ValidationError(_("Choose policy, procedure or system."), code="kind")
    if adopted_on > timezone.localdate():
        raise ValidationError(_("The adoption date cannot be in the future."), code="future")
    change = InstitutionalChange(
        program=program,
        partner=partner,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        adopted_on=adopted_on,
        recorded_by=actor,
    )
    _store_with_file(change, document, program.pk, name_field="document_name", file_field="document")
    label = f"{partner.organisation.name}: {change.title}"
    record_activity(
        program, actor, "strengthening_recorded", label, reverse("governance:strengthening", args=[program.pk])
    )
    return change
