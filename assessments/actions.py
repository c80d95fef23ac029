"""Every write of the assessments app goes through here, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.access import is_assessed
from assessments.models import (
    SCALE,
    Assessment,
    Behaviour,
    BehaviourLevel,
    CapacityPlan,
    Competency,
    DevelopmentSuggestion,
    FacilitatorCredential,
    Framework,
    HealthAction,
    HealthCheck,
    HealthDimension,
    HealthScore,
    ResultConsent,
    Round,
    Score,
    Submission,
    Training,
)
from assessments.selectors import plan_dimensions
from core.actions import submit_once
from notifications.actions import do_notify, do_resolve_notifications
from partners.access import can_manage_program, membership_for
from partners.actions import record_activity
from partners.models import Membership


class RoundClosedError(ValidationError):
    pass


# What a notification is about (Notification.object_type), so it is marked done when the work is done
# and dropped from a digest at delivery (assessments.reminders registers the checks; issue 16, item 13).
ROUND_TO_FILL = "assessment_round"
ASSESSMENT_RETURNED = "assessment_returned"
HEALTH_CHECK_RETURNED = "health_check_returned"
HEALTH_ACTION = "health_action"


class AlreadySubmittedAssessmentError(ValidationError):
    """A submitted assessment is read-only until the facilitator returns it."""


def _check_open(round_):
    # Re-read under a row lock: a round closed a moment ago must refuse the write.
    status = Round.objects.select_for_update().filter(pk=round_.pk).values_list("status", flat=True).first()
    if status != Round.Status.OPEN:
        raise RoundClosedError(_("This round is closed; nothing was saved."))


@submit_once
def do_open_round(actor, program, *, kind, held_on, closes_on, include_facilitators=False, health_anonymous=False):
    framework = Framework.current(Framework.Kind.ATTITUDES)
    if framework is None:
        raise ValidationError(_("No published competency framework."))
    facilitator_framework = Framework.current(Framework.Kind.FACILITATOR) if include_facilitators else None
    round_ = Round.objects.create(
        program=program,
        kind=kind,
        held_on=held_on,
        closes_on=closes_on,
        framework=framework,
        facilitator_framework=facilitator_framework,
        include_facilitators=include_facilitators,
        health_anonymous=health_anonymous,
        opened_by=actor,
    )
    # Freeze the versions now in use: later edits must create a new version.
    Framework.objects.filter(pk__in=[f.pk for f in (framework, facilitator_framework) if f], frozen_at=None).update(
        frozen_at=timezone.now()
    )
    record_activity(program, actor, "assessment_round_opened", str(round_), round_.get_absolute_url())
    _notify_assessed(round_)
    return round_


def _notify_assessed(round_):
    members = Membership.objects.filter(program=round_.program).select_related("user")
    people = [m.user for m in members if is_assessed(round_, m)]
    do_notify(
        people,
        "assessment_round_opened",
        label=lambda: f"{round_.program.name} · {round_}",
        url=round_.get_absolute_url(),
        program=round_.program,
        about=(ROUND_TO_FILL, round_.pk),
    )


@transaction.atomic
def do_close_round(actor, round_):
    updated = Round.objects.filter(pk=round_.pk, status=Round.Status.OPEN).update(
        status=Round.Status.CLOSED, closed_at=timezone.now()
    )
    round_.refresh_from_db()
    if updated:
        record_activity(round_.program, actor, "assessment_round_closed", str(round_), round_.get_absolute_url())
    return round_


@transaction.atomic
def do_reopen_round(actor, round_):
    updated = Round.objects.filter(pk=round_.pk, status=Round.Status.CLOSED).update(
        status=Round.Status.OPEN, closed_at=None
    )
    round_.refresh_from_db()
    if updated:
        record_activity(round_.program, actor, "assessment_round_reopened", str(round_), round_.get_absolute_url())
    return round_


def framework_for(round_, subject):
    """Partner people are assessed on the attitudes; facilitators on the facilitator set."""
    if subject.is_facilitator and round_.facilitator_framework_id:
        return round_.facilitator_framework
    return round_.framework


@transaction.atomic
def do_save_assessment(actor, round_, subject, kind, answers, *, submit):
    """Save one rater's scores of `subject` (a Membership).

    `answers` maps behaviour id -> (value or None, evidence). Submitting with any behaviour
    unscored keeps it a draft. Returns (assessment, submitted: bool).
    """
    _check_open(round_)
    framework = framework_for(round_, subject)
    behaviour_ids = set(Behaviour.objects.filter(competency__framework=framework).values_list("pk", flat=True))
    for value, _evidence in answers.values():
        if value is not None and value not in SCALE:
            raise ValidationError(_("Scores must be between 1 and 5."))
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        round=round_,
        subject=subject.user,
        rater=actor,
        defaults={"kind": kind, "partner": subject.partner, "framework": framework},
    )
    if assessment.is_submitted:
        # A draft save (or a second submit) must not turn a submitted assessment back into a draft.
        raise AlreadySubmittedAssessmentError(
            _("This assessment was already submitted; it can be changed only after the facilitator returns it.")
        )
    Score.objects.filter(assessment=assessment).delete()
    Score.objects.bulk_create(
        Score(assessment=assessment, behaviour_id=pk, value=value, evidence=evidence.strip())
        for pk, (value, evidence) in answers.items()
        if pk in behaviour_ids and value is not None
    )
    complete = all(answers.get(pk, (None, ""))[0] is not None for pk in behaviour_ids)
    submitted = submit and complete
    assessment.status = Submission.SUBMITTED if submitted else Submission.DRAFT
    assessment.submitted_at = timezone.now() if submitted else None
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    if submitted:
        # Their own part of the round is done; the "returned" notice of this assessment too.
        if kind == Assessment.Kind.SELF:
            do_resolve_notifications(ROUND_TO_FILL, round_.pk, users=[actor])
        do_resolve_notifications(ASSESSMENT_RETURNED, assessment.pk)
        record_activity(
            round_.program, actor, "assessment_submitted", assessment.get_kind_display(), round_.get_absolute_url()
        )
    return assessment, submitted


@transaction.atomic
def do_return_assessment(actor, assessment):
    """Send a submitted assessment back to its rater as a draft, so they can change it.

    Returns False (nothing changed) if it was not submitted (already returned, or still a draft).
    """
    _check_open(assessment.round)
    updated = Assessment.objects.filter(pk=assessment.pk, status=Submission.SUBMITTED).update(
        status=Submission.DRAFT, submitted_at=None, updated_at=timezone.now()
    )
    if not updated:
        return False
    do_notify(
        [assessment.rater],
        "assessment_returned",
        lambda: _("Assessment returned: %(program)s") % {"program": assessment.round.program.name},
        lambda: (
            _("Your assessment in %(program)s was returned to you; you can change it and submit it again.")
            % {"program": assessment.round.program.name}
        ),
        reverse("assessments:assess", args=[assessment.round_id, assessment.subject_id]),
        program=assessment.round.program,
        about=(ASSESSMENT_RETURNED, assessment.pk),
    )
    return True


@transaction.atomic
def do_save_health_check(actor, round_, membership, scores, comments, *, submit):
    """`scores` maps dimension id -> value or None. Incomplete submissions stay drafts."""
    _check_open(round_)
    dimension_ids = set(HealthDimension.objects.values_list("pk", flat=True))
    for value in scores.values():
        if value is not None and value not in SCALE:
            raise ValidationError(_("Scores must be between 1 and 5."))
    check, _created = HealthCheck.objects.select_for_update().get_or_create(
        round=round_, respondent=actor, defaults={"partner": membership.partner}
    )
    if check.is_submitted:
        # A draft save (or a second submit) must not turn a submitted health check back into a draft.
        raise AlreadySubmittedAssessmentError(
            _("This health check was already submitted; it can be changed only after the facilitator returns it.")
        )
    HealthScore.objects.filter(health_check=check).delete()
    HealthScore.objects.bulk_create(
        HealthScore(health_check=check, dimension_id=pk, value=value)
        for pk, value in scores.items()
        if pk in dimension_ids and value is not None
    )
    complete = all(scores.get(pk) is not None for pk in dimension_ids)
    submitted = submit and complete
    check.comments = comments.strip()
    check.status = Submission.SUBMITTED if submitted else Submission.DRAFT
    check.submitted_at = timezone.now() if submitted else None
    check.save(update_fields=["comments", "status", "submitted_at", "updated_at"])
    if submitted:
        do_resolve_notifications(HEALTH_CHECK_RETURNED, check.pk)
    # No activity line: the feed would name the respondent of an anonymous health check.
    return check, submitted


@transaction.atomic
def do_return_health_check(actor, check):
    """Send a submitted health check back to its respondent as a draft (issue 16, item 4).

    Returns False (nothing changed) if it was not submitted (already returned, or still a draft).
    """
    _check_open(check.round)
    updated = HealthCheck.objects.filter(pk=check.pk, status=Submission.SUBMITTED).update(
        status=Submission.DRAFT, submitted_at=None, updated_at=timezone.now()
    )
    if not updated:
        return False
    program = check.round.program
    do_notify(
        [check.respondent],
        "health_check_returned",
        lambda: _("Health check returned: %(program)s") % {"program": program.name},
        lambda: (
            _(
                "Your partnership health check in %(program)s was returned to you; "
                "you can change it and submit it again."
            )
            % {"program": program.name}
        ),
        reverse("assessments:health_check", args=[check.round_id]),
        program=program,
        about=(HEALTH_CHECK_RETURNED, check.pk),
    )
    return True


@transaction.atomic
def do_set_consent(actor, program, shares_with_managers):
    consent, _created = ResultConsent.objects.update_or_create(
        program=program, user=actor, defaults={"shares_with_managers": shares_with_managers}
    )
    return consent


@submit_once
def do_create_plan(actor, program, *, title, goals="", person=None, partner=None):
    plan = CapacityPlan.objects.create(
        program=program, title=title, goals=goals, person=person, partner=partner, created_by=actor
    )
    record_activity(program, actor, "capacity_plan_created", title, plan.get_absolute_url())
    return plan


@submit_once
def do_save_training(actor, plan, training=None, **fields):
    if training is None:
        training = Training(plan=plan)
    for name, value in fields.items():
        setattr(training, name, value)
    training.save()
    record_activity(plan.program, actor, "training_recorded", training.title, plan.get_absolute_url())
    return training


@submit_once
def do_save_suggestion(actor, suggestion=None, **fields):
    if suggestion is None:
        suggestion = DevelopmentSuggestion()
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.updated_by = actor
    suggestion.save()
    return suggestion


@submit_once
def do_record_credential(actor, facilitator, **fields):
    return FacilitatorCredential.objects.create(facilitator=facilitator, **fields)


@transaction.atomic
def do_new_framework_version(actor, framework):
    """Copy a framework (competencies, behaviours, level descriptors) into version + 1, unpublished."""
    latest = Framework.objects.filter(code=framework.code).order_by("-version").first()
    copy = Framework.objects.create(
        code=framework.code,
        version=latest.version + 1,
        kind=framework.kind,
        name_id=framework.name_id,
        name_en=framework.name_en,
        description_id=framework.description_id,
        description_en=framework.description_en,
        is_published=False,
    )
    competencies = list(framework.competencies.prefetch_related("behaviours__levels"))
    for competency in competencies:
        new_competency = Competency.objects.create(
            framework=copy,
            code=competency.code,
            order=competency.order,
            name_id=competency.name_id,
            name_en=competency.name_en,
            description_id=competency.description_id,
            description_en=competency.description_en,
        )
        for behaviour in competency.behaviours.all():
            new_behaviour = Behaviour.objects.create(
                competency=new_competency, order=behaviour.order, name_id=behaviour.name_id, name_en=behaviour.name_en
            )
            BehaviourLevel.objects.bulk_create(
                BehaviourLevel(
                    behaviour=new_behaviour,
                    level=level.level,
                    descriptor_id=level.descriptor_id,
                    descriptor_en=level.descriptor_en,
                )
                for level in behaviour.levels.all()
            )
    return copy


# From health check to action (issue 15, item 11) ---------------------------------------------


@submit_once
def do_add_health_action(actor, round_, *, dimension, description, due_date, owner_partner=None, owner_person=None):
    """The facilitator records an item of the action plan agreed after a health check: only for a
    dimension that is red in this round or fell since the previous one (`plan_dimensions`)."""
    program = round_.program
    if not can_manage_program(actor, membership_for(actor, program)):
        raise ValidationError(_("Only the program's facilitator records the action plan."), code="not_facilitator")
    if dimension.pk not in plan_dimensions(round_):
        raise ValidationError(
            _("An action plan covers only dimensions that are red or fell since the previous round."),
            code="not_red_or_falling",
        )
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Say what will be done."), code="description")
    if owner_partner is None and owner_person is None:
        raise ValidationError(_("Name an owner: a partner or a person."), code="owner")
    if owner_partner is not None and (owner_partner.program_id != program.pk or owner_partner.left_on):
        raise ValidationError(_("The owning partner must take part in this program."), code="partner_program")
    if owner_person is not None and not Membership.objects.filter(program=program, user=owner_person).exists():
        raise ValidationError(_("The owner must be a member of this program."), code="person_program")
    if due_date < round_.held_on:
        raise ValidationError(_("The due date cannot be before the round."), code="due_date")
    action = HealthAction.objects.create(
        round=round_,
        dimension=dimension,
        description=description[:300],
        owner_partner=owner_partner,
        owner_person=owner_person,
        due_date=due_date,
        created_by=actor,
    )
    url = reverse("assessments:health_plan", args=[round_.pk])
    owners = [owner_person] if owner_person is not None else []
    if owner_partner is not None:
        owners += [
            m.user
            for m in Membership.objects.filter(
                partner=owner_partner, role=Membership.Role.PARTNER_LEAD, user__is_active=True
            ).select_related("user")
        ]
    do_notify(
        [u for u in {u.pk: u for u in owners}.values() if u.pk != actor.pk],
        "health_action_assigned",
        action.description,
        "",
        url,
        program=program,
        about=(HEALTH_ACTION, action.pk),
    )
    record_activity(program, actor, "health_action_added", f"{dimension.name}: {action.description}", url)
    return action


@transaction.atomic
def do_set_health_action_done(actor, action, done):
    """Mark an action-plan item done today (or open it again)."""
    done_on = timezone.localdate() if done else None
    HealthAction.objects.filter(pk=action.pk).update(done_on=done_on)
    action.done_on = done_on
    if done:
        do_resolve_notifications(HEALTH_ACTION, action.pk)
        url = reverse("assessments:health_plan", args=[action.round_id])
        record_activity(action.round.program, actor, "health_action_done", action.description, url)
    return action
