"""Thin views: access -> form -> action -> message -> redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import access, actions, anonymity, selectors
from assessments.forms import (
    AssessmentForm,
    ConsentForm,
    CredentialForm,
    HealthActionForm,
    HealthCheckForm,
    PlanForm,
    RoundForm,
    SuggestionForm,
    TrainingForm,
)
from assessments.models import (
    Assessment,
    Behaviour,
    BehaviourLevel,
    Competency,
    DevelopmentSuggestion,
    FacilitatorCredential,
    HealthCheck,
    HealthDimension,
    ResultConsent,
    Training,
)
from core.actions import AlreadySubmittedError
from core.http import already_saved
from partners.access import can_manage_program, is_facilitator_or_admin, visible_programs


def _posted(request):
    """The POST data when the request is a POST (even an empty one), else None: an unbound form."""
    return request.POST if request.method == "POST" else None


@login_required
def index(request):
    programs = list(visible_programs(request.user).order_by("name"))
    latest = selectors.latest_scores_for_programs([p.pk for p in programs])
    rows = [{"program": p, **latest[p.pk]} for p in programs]
    context = {
        "rows": rows,
        "open_rounds": selectors.my_open_rounds(request.user),
        "is_facilitator_or_admin": is_facilitator_or_admin(request.user),
    }
    return render(request, "assessments/index.html", context)


@login_required
def program_summary(request, pk):
    program = access.access_assessment_program(request.user, pk)
    manages = can_manage_program(request.user, program.membership)  # sees every person: every average
    summary = selectors.program_summary(program, request.GET.get("round"), everyone=manages)
    summary["organisations"] = [
        org
        for org in summary["organisations"]
        if access.can_see_organisation(request.user, program.membership, org["assessment__partner_id"])
    ]
    people = list(access.visible_people(request.user, program).exclude(role="manager"))
    consent = ResultConsent.objects.filter(program=program, user=request.user).first()
    context = {
        "program": program,
        "summary": summary,
        "people": people,
        "can_manage_program": manages,
        "consent_form": ConsentForm(initial={"shares_with_managers": bool(consent and consent.shares_with_managers)}),
        "is_member_person": program.membership is not None and not program.membership.is_manager,
    }
    return render(request, "assessments/program_summary.html", context)


@login_required
def round_create(request, pk):
    program = access.access_assessment_program(request.user, pk, write=True)
    form = RoundForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            round_ = actions.do_open_round(request.user, program, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("assessments:program", pk=program.pk)
        messages.success(request, _("The round is open."))
        return redirect(round_)
    return render(request, "assessments/round_form.html", {"program": program, "form": form})


@login_required
def round_detail(request, pk):
    round_ = access.access_round(request.user, pk)
    membership = round_.program.membership
    state = selectors.round_people(round_, request.user)
    people = state["people"]
    for person in people:
        person["can_rate"] = access.rating_kind(request.user, membership, person["membership"]) is not None
        person["my_status"] = person["rated_by"].get(request.user.pk)
    # From health check to action (issue 15, item 11): was the previous round's plan done? Two queries.
    previous = selectors.previous_round(round_)
    plans = selectors.health_actions([round_.pk] + ([previous.pk] if previous else []))
    previous_plan = [item for item in plans if previous and item.round_id == previous.pk]
    can_manage = can_manage_program(request.user, membership)
    context = {
        "round": round_,
        "program": round_.program,
        "previous_round": previous,
        "previous_plan": previous_plan,
        "previous_done": sum(1 for item in previous_plan if item.is_done),
        "plan_count": sum(1 for item in plans if item.round_id == round_.pk),
        "people": people,
        "health": state["health"],
        "min_respondents": anonymity.min_respondents(),
        "can_manage_program": can_manage,
        "is_respondent": access.is_health_respondent(membership),
        "returnable_health_checks": selectors.returnable_health_checks(round_) if can_manage else [],
    }
    return render(request, "assessments/round_detail.html", context)


@login_required
@require_POST
def round_close(request, pk):
    round_ = access.access_round(request.user, pk, write=True)
    actions.do_close_round(request.user, round_)
    messages.success(request, _("The round is closed; its results can no longer be edited."))
    return redirect(round_)


@login_required
@require_POST
def round_reopen(request, pk):
    round_ = access.access_round(request.user, pk, write=True)
    actions.do_reopen_round(request.user, round_)
    messages.success(request, _("The round is open again."))
    return redirect(round_)


def _behaviours(framework):
    return list(
        Behaviour.objects.filter(competency__framework=framework)
        .select_related("competency")
        .prefetch_related(Prefetch("levels", queryset=BehaviourLevel.objects.order_by("level")))
        .order_by("competency__order", "order", "pk")
    )


@login_required
def assess(request, round_pk, user_pk):
    round_, subject, kind = access.access_rating(request.user, round_pk, user_pk)
    framework = actions.framework_for(round_, subject)
    existing = Assessment.objects.filter(round=round_, subject=subject.user, rater=request.user).first()
    scores = {}
    if existing:
        scores = {s.behaviour_id: (s.value, s.evidence) for s in existing.scores.all()}
    form = AssessmentForm(_posted(request), behaviours=_behaviours(framework), scores=scores)
    if request.method == "POST":
        if not round_.is_open:
            messages.error(request, _("This round is closed; nothing was saved."))
            return redirect(round_)
        if form.is_valid():
            try:
                _assessment, submitted = actions.do_save_assessment(
                    request.user, round_, subject, kind, form.answers(), submit=form.submit_requested()
                )
            except actions.RoundClosedError:
                messages.error(request, _("This round is closed; nothing was saved."))
                return redirect(round_)
            except actions.AlreadySubmittedAssessmentError as error:
                messages.error(request, error.messages[0])
                return redirect(round_)
            if submitted:
                messages.success(request, _("Submitted. Thank you."))
            elif form.submit_requested():
                messages.warning(request, _("Some behaviours are not scored yet, so this is saved as a draft."))
            else:
                messages.success(request, _("Draft saved. You can finish it later."))
            return redirect(round_)
    context = {
        "round": round_,
        "program": round_.program,
        "subject": subject,
        "kind": Assessment.Kind(kind),
        "form": form,
        "existing": existing,
        "read_only": existing is not None and existing.is_submitted,
        "framework": framework,
    }
    return render(request, "assessments/assess.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def assessment_return(request, round_pk, user_pk):
    """The facilitator sends a submitted self-assessment back to its author, who can then change it."""
    round_ = access.access_round(request.user, round_pk, write=True)
    assessment = get_object_or_404(Assessment, round=round_, subject_id=user_pk, rater_id=user_pk)
    try:
        returned = actions.do_return_assessment(request.user, assessment)
    except actions.RoundClosedError:
        messages.error(request, _("This round is closed; nothing was saved."))
        return redirect(round_)
    if returned:
        messages.success(request, _("The self-assessment was returned; its author can change it and submit it again."))
    else:
        messages.info(request, _("This self-assessment is not submitted; nothing changed."))
    return redirect(round_)


@login_required
def health_check(request, round_pk):
    round_ = access.access_health_check(request.user, round_pk)
    dimensions = list(HealthDimension.objects.prefetch_related("levels"))
    existing = HealthCheck.objects.filter(round=round_, respondent=request.user).first()
    scores = {s.dimension_id: s.value for s in existing.scores.all()} if existing else {}
    initial = {"comments": existing.comments} if existing else None
    form = HealthCheckForm(_posted(request), initial=initial, dimensions=dimensions, scores=scores)
    if request.method == "POST":
        if not round_.is_open:
            messages.error(request, _("This round is closed; nothing was saved."))
            return redirect(round_)
        if form.is_valid():
            try:
                _check, submitted = actions.do_save_health_check(
                    request.user,
                    round_,
                    round_.program.membership,
                    form.scores(),
                    form.cleaned_data["comments"],
                    submit=form.submit_requested(),
                )
            except actions.RoundClosedError:
                messages.error(request, _("This round is closed; nothing was saved."))
                return redirect(round_)
            except actions.AlreadySubmittedAssessmentError as error:
                messages.error(request, error.messages[0])
                return redirect(round_)
            if submitted:
                messages.success(request, _("Health check submitted. Thank you."))
            elif form.submit_requested():
                messages.warning(request, _("Some dimensions are not scored yet, so this is saved as a draft."))
            else:
                messages.success(request, _("Draft saved. You can finish it later."))
            return redirect(round_)
    context = {
        "round": round_,
        "program": round_.program,
        "form": form,
        "existing": existing,
        "read_only": existing is not None and existing.is_submitted,
    }
    return render(request, "assessments/health_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def health_check_return(request, round_pk, user_pk):
    """The facilitator sends a submitted health check back to its respondent (rounds with names only:
    in an anonymous round nobody may learn who answered what)."""
    round_ = access.access_round(request.user, round_pk, write=True)
    if round_.health_anonymous:
        raise PermissionDenied
    check = get_object_or_404(HealthCheck, round=round_, respondent_id=user_pk)
    try:
        returned = actions.do_return_health_check(request.user, check)
    except actions.RoundClosedError:
        messages.error(request, _("This round is closed; nothing was saved."))
        return redirect(round_)
    if returned:
        messages.success(request, _("The health check was returned; its respondent can change it and submit it again."))
    else:
        messages.info(request, _("This health check is not submitted; nothing changed."))
    return redirect(round_)


@login_required
def health_results(request, pk):
    program = access.access_assessment_program(request.user, pk)
    comparison = selectors.health_comparison(program)
    shown = [r for r in comparison["rounds"] if r not in comparison["too_few"]]
    latest = shown[-1] if shown else None
    context = {
        "program": program,
        "comparison": comparison,
        "latest": latest,
        "comments": selectors.health_comments(latest, comparison["respondents"][latest.pk]) if latest else [],
        "min_respondents": anonymity.min_respondents(),
    }
    return render(request, "assessments/health_results.html", context)


@login_required
def person_results(request, pk, user_pk):
    program = access.access_assessment_program(request.user, pk)
    subject = access.access_person(request.user, program, user_pk)
    results = selectors.person_results(program, subject.user, request.GET.get("round"))
    plans = access.visible_plans(request.user, program).filter(person=subject.user).prefetch_related("trainings")
    context = {"program": program, "subject": subject, "results": results, "plans": plans}
    return render(request, "assessments/person_results.html", context)


@login_required
def organisation_results(request, pk, partner_pk):
    program = access.access_assessment_program(request.user, pk)
    partner = access.access_partner_results(request.user, program, partner_pk)
    everyone = can_manage_program(request.user, program.membership)
    results = selectors.organisation_results(program, partner, request.GET.get("round"), everyone=everyone)
    return render(
        request, "assessments/organisation_results.html", {"program": program, "partner": partner, "results": results}
    )


@login_required
@require_POST
def consent(request, pk):
    program = access.access_assessment_program(request.user, pk)
    if program.membership is None or program.membership.is_manager:
        raise PermissionDenied
    form = ConsentForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    actions.do_set_consent(request.user, program, form.cleaned_data["shares_with_managers"])
    messages.success(request, _("Your choice is saved."))
    return redirect("assessments:program", pk=program.pk)


@login_required
def plan_list(request, pk):
    program = access.access_assessment_program(request.user, pk)
    plans = (
        access.visible_plans(request.user, program)
        .select_related("person", "partner__organisation")
        .prefetch_related("trainings")
    )
    context = {
        "program": program,
        "plans": plans,
        "can_manage_program": can_manage_program(request.user, program.membership),
    }
    return render(request, "assessments/plan_list.html", context)


@login_required
def plan_create(request, pk):
    program = access.access_assessment_program(request.user, pk, write=True)
    form = PlanForm(_posted(request), program=program)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.do_create_plan(request.user, program, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        messages.success(request, _("Capacity plan created."))
        return redirect(plan)
    return render(request, "assessments/plan_form.html", {"program": program, "form": form})


@login_required
def plan_detail(request, pk):
    plan = access.access_plan(request.user, pk)
    trainings = plan.trainings.all()
    context = {
        "plan": plan,
        "program": plan.program,
        "trainings": trainings,
        "can_manage_program": can_manage_program(request.user, plan.program.membership),
    }
    return render(request, "assessments/plan_detail.html", context)


@login_required
def training_edit(request, pk, training_pk=None):
    plan = access.access_plan(request.user, pk, write=True)
    training = get_object_or_404(Training, pk=training_pk, plan=plan) if training_pk else None
    form = TrainingForm(_posted(request), instance=training)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_training(request.user, plan, training, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, plan)
        messages.success(request, _("Training saved."))
        return redirect(plan)
    return render(request, "assessments/training_form.html", {"plan": plan, "program": plan.program, "form": form})


def _competency_codes():
    seen = {}
    for competency in Competency.objects.order_by("framework__kind", "order", "-framework__version"):
        seen.setdefault(competency.code, competency.name)
    return list(seen.items())


@login_required
def suggestions(request, pk=None):
    if not is_facilitator_or_admin(request.user):
        raise Http404  # a facilitators' page: partner people and managers do not see it
    suggestion = get_object_or_404(DevelopmentSuggestion, pk=pk) if pk else None
    codes = _competency_codes()
    form = SuggestionForm(_posted(request), instance=suggestion, codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_suggestion(request.user, suggestion, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "assessments:suggestions")
        messages.success(request, _("Suggestion saved."))
        return redirect("assessments:suggestions")
    names = dict(codes)
    items = [(names.get(s.competency_code, s.competency_code), s) for s in DevelopmentSuggestion.objects.all()]
    return render(request, "assessments/suggestions.html", {"form": form, "items": items, "editing": suggestion})


@login_required
def credentials(request):
    if not is_facilitator_or_admin(request.user):
        raise Http404  # facilitators record their own training
    form = CredentialForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_credential(request.user, request.user, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "assessments:credentials")
        messages.success(request, _("Training recorded."))
        return redirect("assessments:credentials")
    items = FacilitatorCredential.objects.filter(facilitator=request.user)
    return render(request, "assessments/credentials.html", {"form": form, "items": items})


# From health check to action (issue 15, item 11) ---------------------------------------------


@login_required
def health_plan(request, pk):
    """A round's action plan: its items and, for the facilitator, the form for a red or falling dimension."""
    round_ = access.access_round(request.user, pk)
    membership = round_.program.membership
    manage = can_manage_program(request.user, membership)
    comparison = selectors.health_comparison(round_.program)
    eligible = selectors.plan_dimensions(round_, comparison)
    form = None
    if manage:
        form = HealthActionForm(request.POST or None, round_=round_, eligible=eligible)
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            actions.do_add_health_action(request.user, round_, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "assessments:health_plan", round_.pk)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The action is added to the plan."))
            return redirect("assessments:health_plan", round_.pk)
    items = selectors.health_actions([round_.pk])
    for item in items:
        item.can_complete = access.can_complete_health_action(request.user, membership, item)
    context = {
        "round": round_,
        "program": round_.program,
        "items": items,
        "eligible": list(eligible.values()),
        "too_few": round_ in comparison["too_few"] or round_ not in comparison["rounds"],
        "form": form,
    }
    return render(request, "assessments/health_plan.html", context)


@login_required
def health_action_done(request, pk):
    action = access.access_health_action(request.user, pk, complete=True)
    if request.method != "POST":  # after the access check: readers learn 403, outsiders 404
        return HttpResponseNotAllowed(["POST"])
    done = request.POST.get("done") == "1"
    actions.do_set_health_action_done(request.user, action, done)
    messages.success(request, _("Action marked done.") if done else _("Action reopened."))
    return redirect("assessments:health_plan", action.round_id)
