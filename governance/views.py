"""Thin views: access -> form -> action -> message -> redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import AlreadySubmittedError
from core.forms import CONFIRM_REQUIRED
from core.http import already_saved
from core.uploads import serve_private_file
from governance import actions, forms
from governance.access import (
    access_commitment,
    access_governance,
    access_institutional_change,
    access_recognition,
    access_recommendation,
    can_propose_recognition,
    can_record_strengthening,
    can_respond,
    visible_recognitions,
)
from governance.models import (
    Commitment,
    InstitutionalChange,
    PhaseChange,
    Recognition,
    Recommendation,
    RecommendationMilestone,
    SustainabilityPlan,
)
from governance.selectors import (
    DEPENDENCY_WARNING_SHARE,
    agreement_diff,
    agreement_for,
    closing_gate_missing,
    commitment_totals,
    commitments_by_partner,
    dependency_is_high,
    dependency_series,
    gate_applies,
    gate_missing,
    partner_voices,
)
from partners.access import can_manage_program, can_see_document, speaks_for_partner
from partners.documents import upload_url
from partners.models import DocumentType, Phase, ProgramPartner
from roadmap.models import Milestone, Outcome, Output


def _refusal(request, form, exc):
    """Show an action's refusal on the form (or as a message when there is no form)."""
    for message in exc.messages:
        if form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)


def _partners(program):
    return list(ProgramPartner.objects.filter(program=program).select_related("organisation"))


# Partnering agreement --------------------------------------------------------------------


@login_required
def agreement(request, pk):
    program = access_governance(request.user, pk)
    agreement = agreement_for(program)
    partners = _partners(program)
    goals = {g.partner_id: g.goals for g in agreement.partner_goals.all()} if agreement else {}
    sign_offs = {}
    if agreement:
        current = agreement.sign_offs.filter(version=agreement.version).select_related("signed_by")
        sign_offs = {s.partner_id: s for s in current}
    my_partner = speaks_for_partner(program.membership)
    return render(
        request,
        "governance/agreement.html",
        {
            "program": program,
            "agreement": agreement,
            "partner_goals": [(p, goals.get(p.pk, "")) for p in partners],
            "sign_offs": [(p, sign_offs.get(p.pk)) for p in partners if not p.has_left],
            "may_sign": bool(agreement) and my_partner is not None and my_partner not in sign_offs,
            "diff": agreement_diff(agreement, partners) if agreement else [],
            "gate_missing": gate_missing(program, partners=partners, agreement=agreement, signed=set(sign_offs)),
            "can_manage_program": can_manage_program(request.user, program.membership),
            "document_visible": _document_visible(request.user, program, agreement),
        },
    )


def _document_visible(user, program, agreement):
    """The agreement's signed document is linked for those who may open it (no query)."""
    if agreement is None or agreement.document is None:
        return False
    return can_see_document(user, program.membership, agreement.document)


@login_required
def agreement_document(request, pk):
    """The facilitator links the agreement to its signed MoU or PKS in the document library."""
    program = access_governance(request.user, pk, write=True)
    form = forms.AgreementDocumentForm(request.POST or None, program=program)
    if request.method == "GET":
        current = agreement_for(program)
        form.initial["document"] = request.GET.get("document") or (current.document_id if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_link_agreement_document(request.user, program, form.cleaned_data["document"])
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The agreement's signed document is linked."))
            return redirect("governance:agreement", program.pk)
    shortcut = upload_url(program.pk, back=request.path, kind=DocumentType.MOU)
    context = {"program": program, "form": form, "upload_url": shortcut}
    return render(request, "governance/agreement_document.html", context)


@login_required
@require_POST
def agreement_sign(request, pk):
    program = access_governance(request.user, pk, sign=True)
    try:
        actions.do_sign_agreement(request.user, program)
    except ValidationError as exc:
        _refusal(request, None, exc)
    else:
        messages.success(request, _("Your organisation's sign-off is recorded."))
    return redirect("governance:agreement", program.pk)


@login_required
def agreement_edit(request, pk):
    program = access_governance(request.user, pk, write=True)
    agreement = agreement_for(program)
    form = forms.AgreementForm(request.POST or None, partners=_partners(program), agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_agreement(
                request.user,
                program,
                sections=form.sections(),
                partner_goals=form.partner_goals(),
                agreed_on=form.cleaned_data["agreed_on"],
            )
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The partnering agreement is saved."))
            return redirect("governance:agreement", program.pk)
    return render(request, "governance/agreement_form.html", {"program": program, "form": form})


# Phase gates -----------------------------------------------------------------------------


@login_required
def change_phase(request, pk):
    program = access_governance(request.user, pk, write=True)
    form = forms.PhaseChangeForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_phase(
                request.user,
                program,
                form.cleaned_data["phase"],
                override_reason=form.cleaned_data["override_reason"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The phase is now “%(phase)s”.") % {"phase": program.get_phase_display()})
            return redirect("governance:change_phase", program.pk)
    return _phase_page(request, program, form=form)


def _phase_page(request, program, *, form=None, reopen_form=None):
    missing = gate_missing(program) if gate_applies(program.phase, Phase.MANAGING) else []
    closing = closing_gate_missing(program) if not program.is_closed else []
    history = PhaseChange.objects.filter(program=program).select_related("actor")
    if program.is_closed and request.user.is_admin and reopen_form is None:
        reopen_form = forms.ReopenProgramForm(program=program)
    context = {
        "program": program,
        "form": form,
        "reopen_form": reopen_form,
        "gate_missing": missing,
        "closing_missing": closing,
        "history": history,
    }
    return render(request, "governance/change_phase.html", context)


@login_required
@require_POST
def program_reopen(request, pk):
    """An administrator reopens a closed program, with a reason (kept in the phase history)."""
    program = access_governance(request.user, pk, write=True)
    if not request.user.is_admin:
        raise PermissionDenied
    form = forms.ReopenProgramForm(request.POST, program=program)
    if form.is_valid():
        try:
            actions.do_reopen_program(
                request.user, program, form.cleaned_data["phase"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(
                request,
                _("The program is open again, in the phase “%(phase)s”.") % {"phase": program.get_phase_display()},
            )
            return redirect("governance:change_phase", program.pk)
    return _phase_page(request, program, form=forms.PhaseChangeForm(program=program), reopen_form=form)


# Recommendations -------------------------------------------------------------------------


@login_required
def recommendation_list(request, pk):
    program = access_governance(request.user, pk)
    status = request.GET.get("status", "")
    recommendations = Recommendation.objects.filter(program=program).select_related("proposed_by")
    if status in Recommendation.Status.values:
        recommendations = recommendations.filter(status=status)
    return render(
        request,
        "governance/recommendation_list.html",
        {
            "program": program,
            "recommendations": recommendations,
            "status": status,
            "statuses": Recommendation.Status.choices,
            "kinds": Recommendation.Kind.choices,
            "can_manage_program": can_manage_program(request.user, program.membership),
        },
    )


def _recommendation_form(request, program, kind):
    data = request.POST if request.method == "POST" else None
    form_class = forms.RECOMMENDATION_FORMS[kind]
    extra = {}
    if kind == Recommendation.Kind.DUE_DATES:
        extra["milestones"] = list(Milestone.objects.filter(program=program).open().order_by("due_date", "pk"))
    elif kind == Recommendation.Kind.TARGET:
        extra["outcomes"] = list(Outcome.objects.filter(program=program).order_by("order", "pk"))
        extra["outputs"] = list(
            Output.objects.filter(outcome__program=program).select_related("outcome").order_by("outcome", "order", "pk")
        )
    return form_class(data, program=program, **extra)


@login_required
def recommendation_create(request, pk):
    program = access_governance(request.user, pk, write=True)
    if program.is_closed:
        messages.error(request, _("The program is closed; no more changes can be proposed."))
        return redirect("governance:recommendations", program.pk)
    kind = request.GET.get("kind", "")
    if kind not in Recommendation.Kind.values:
        return render(
            request,
            "governance/recommendation_kind.html",
            {"program": program, "kinds": Recommendation.Kind.choices},
        )
    form = _recommendation_form(request, program, kind)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = actions.do_propose_recommendation(
                request.user, program, form_token=form.submit_token, **form.proposal()
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The change is proposed; every partner is asked to answer."))
            return redirect(recommendation)
    return render(
        request,
        "governance/recommendation_form.html",
        {"program": program, "form": form, "kind": kind, "kind_label": Recommendation.Kind(kind).label},
    )


@login_required
def recommendation_detail(request, pk):
    recommendation = access_recommendation(request.user, pk)
    program = recommendation.program
    membership = program.membership
    responses = list(recommendation.responses.select_related("user", "partner__organisation"))
    answered = {r.partner_id for r in responses}
    voices = partner_voices(program)
    waiting_for = [(p, voices.get(p.pk, [])) for p in _partners(program) if p.pk not in answered and not p.has_left]
    may_answer = (
        can_respond(request.user, membership)
        and recommendation.status in Recommendation.ANSWERABLE_STATUSES
        and speaks_for_partner(membership) not in answered
        and not program.is_closed
    )
    return render(
        request,
        "governance/recommendation_detail.html",
        {
            "program": program,
            "recommendation": recommendation,
            "changes": RecommendationMilestone.objects.filter(recommendation=recommendation).select_related(
                "milestone"
            ),
            "responses": responses,
            "waiting_for": waiting_for,
            "revisions": recommendation.revisions.select_related("actor"),
            "response_form": forms.ResponseForm() if may_answer else None,
            "apply_form": forms.ApplyForm()
            if can_manage_program(request.user, membership) and recommendation.is_open
            else None,
            "withdraw_form": forms.withdraw_form(),
            "can_manage_program": can_manage_program(request.user, membership),
        },
    )


@login_required
@require_POST
def recommendation_respond(request, pk):
    recommendation = access_recommendation(request.user, pk, respond=True)
    form = forms.ResponseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(recommendation)
    try:
        actions.do_respond_to_recommendation(request.user, recommendation, **form.cleaned_data)
    except ValidationError as exc:
        _refusal(request, None, exc)
    else:
        messages.success(request, _("Your answer is recorded."))
        if recommendation.status == Recommendation.Status.APPLIED:
            messages.info(request, _("Every partner has agreed; the change is applied."))
    return redirect(recommendation)


@login_required
@require_POST
def recommendation_apply(request, pk):
    recommendation = access_recommendation(request.user, pk, write=True)
    form = forms.ApplyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(recommendation)
    try:
        actions.do_apply_recommendation(
            request.user, recommendation, decision_note=form.cleaned_data.get("decision_note", "")
        )
    except ValidationError as exc:
        _refusal(request, None, exc)
    else:
        messages.success(request, _("The change is applied."))
    return redirect(recommendation)


@login_required
@require_POST
def recommendation_withdraw(request, pk):
    recommendation = access_recommendation(request.user, pk, write=True)
    if not forms.withdraw_form(request.POST).is_valid():
        messages.error(request, CONFIRM_REQUIRED)
        return redirect(recommendation)
    try:
        actions.do_withdraw_recommendation(request.user, recommendation)
    except ValidationError as exc:
        _refusal(request, None, exc)
    else:
        messages.success(request, _("The recommendation is withdrawn."))
    return redirect(recommendation)


# Sustainability and recognition ------------------------------------------------------------


@login_required
def sustainability(request, pk):
    program = access_governance(request.user, pk)
    plan = (
        SustainabilityPlan.objects.filter(program=program)
        .select_related("carrying_partner__organisation")
        .prefetch_related(Prefetch("transition_milestones", queryset=Milestone.objects.order_by("due_date", "pk")))
        .first()
    )
    series = dependency_series(program)
    chart = {
        "labels": [row["label"] for row in series],
        "share": [round(row["share"] * 100, 1) for row in series],
        "cumulative": [round(row["cumulative_share"] * 100, 1) for row in series],
        "threshold": DEPENDENCY_WARNING_SHARE * 100,
        "shareLabel": _("Share this quarter (%)"),
        "cumulativeLabel": _("Share so far (%)"),
        "thresholdLabel": _("Warning level (%)"),
    }
    return render(
        request,
        "governance/sustainability.html",
        {
            "program": program,
            "plan": plan,
            "series": series,
            "chart": chart,
            "dependency_high": dependency_is_high(series),
            "threshold_percent": int(DEPENDENCY_WARNING_SHARE * 100),
            "can_manage_program": can_manage_program(request.user, program.membership),
        },
    )


@login_required
def sustainability_edit(request, pk):
    program = access_governance(request.user, pk, write=True)
    plan = SustainabilityPlan.objects.filter(program=program).first()
    initial = {}
    if plan is not None:
        initial = {
            "path": plan.path,
            "carrying_partner": plan.carrying_partner_id,
            "notes": plan.notes,
            "transition_milestones": list(plan.transition_milestones.values_list("pk", flat=True)),
        }
    form = forms.SustainabilityPlanForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_sustainability_plan(request.user, program, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The sustainability plan is saved."))
            return redirect("governance:sustainability", program.pk)
    return render(request, "governance/sustainability_form.html", {"program": program, "form": form})


@login_required
def recognitions(request, pk):
    program = access_governance(request.user, pk)
    membership = program.membership
    manage = can_manage_program(request.user, membership)
    rows = list(
        Recognition.objects.filter(program=program)
        .filter(visible_recognitions(manage, membership))
        .select_related("partner__organisation", "recorded_by", "decided_by")
    )
    waiting = [r for r in rows if r.status == Recognition.Status.PROPOSED]
    return render(
        request,
        "governance/recognition_list.html",
        {
            "program": program,
            "recognitions": [r for r in rows if r.is_confirmed],
            "waiting": waiting,
            "declined": [r for r in rows if r.status == Recognition.Status.DECLINED],
            "can_manage_program": manage,
            "can_propose": can_propose_recognition(request.user, membership),
            # The confirm/decline form of each proposal (posted to recognition_decide, which
            # validates it again: RecognitionDecisionForm, tested in test_recognition.py).
            "decision_form": forms.RecognitionDecisionForm() if manage and waiting else None,
        },
    )


def _recognition_form_page(request, program, *, propose):
    partner_id = program.membership.partner_id if propose else None
    form = forms.RecognitionForm(request.POST or None, request.FILES or None, program=program, partner_id=partner_id)
    action = actions.do_propose_recognition if propose else actions.do_add_recognition
    if request.method == "POST" and form.is_valid():
        try:
            action(request.user, program, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "governance:recognitions", program.pk)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            if propose:
                messages.success(request, _("The recognition is proposed; the facilitator will confirm it."))
            else:
                messages.success(request, _("The recognition is recorded."))
            return redirect("governance:recognitions", program.pk)
    return render(request, "governance/recognition_form.html", {"program": program, "form": form, "propose": propose})


@login_required
def recognition_create(request, pk):
    program = access_governance(request.user, pk, write=True)
    return _recognition_form_page(request, program, propose=False)


@login_required
def recognition_propose(request, pk):
    program = access_governance(request.user, pk)
    if not can_propose_recognition(request.user, program.membership):
        raise PermissionDenied
    return _recognition_form_page(request, program, propose=True)


@login_required
def recognition_decide(request, pk):
    recognition = access_recognition(request.user, pk, decide=True)
    if request.method != "POST":  # after the access check: readers learn 403, outsiders 404
        return HttpResponseNotAllowed(["POST"])
    form = forms.RecognitionDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("governance:recognitions", recognition.program_id)
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        actions.do_decide_recognition(request.user, recognition, confirm=confirm, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _refusal(request, None, exc)
    else:
        messages.success(request, _("The recognition is confirmed.") if confirm else _("The recognition is declined."))
    return redirect("governance:recognitions", recognition.program_id)


@login_required
def recognition_file(request, pk):
    recognition = access_recognition(request.user, pk)
    return serve_private_file(recognition.file, recognition.file_name)


# Commitments (issue 14, item 5) ------------------------------------------------------------


@login_required
def commitments(request, pk):
    program = access_governance(request.user, pk)
    rows = commitments_by_partner(Commitment.objects.filter(partner__program=program), timezone.localdate())
    committed, realised, share = commitment_totals(rows)
    return render(
        request,
        "governance/commitment_list.html",
        {
            "program": program,
            "rows": rows,
            "committed": committed,
            "realised": realised,
            "share": share,
            "today": timezone.localdate(),
            "can_manage_program": can_manage_program(request.user, program.membership),
        },
    )


@login_required
def commitment_create(request, pk):
    program = access_governance(request.user, pk, write=True)
    form = forms.CommitmentForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_commitment(request.user, program, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "governance:commitments", program.pk)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The commitment is recorded."))
            return redirect("governance:commitments", program.pk)
    return render(request, "governance/commitment_form.html", {"program": program, "form": form})


@login_required
def commitment_edit(request, pk):
    commitment = access_commitment(request.user, pk, write=True)
    program = commitment.partner.program
    form = forms.CommitmentForm(request.POST or None, program=program, instance=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_commitment(request.user, commitment, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The commitment is saved."))
            return redirect("governance:commitments", program.pk)
    return render(
        request, "governance/commitment_form.html", {"program": program, "form": form, "commitment": commitment}
    )


@login_required
@require_POST
def commitment_delete(request, pk):
    commitment = access_commitment(request.user, pk, write=True)
    program = commitment.partner.program
    actions.do_delete_commitment(request.user, commitment)
    messages.success(request, _("The commitment is deleted."))
    return redirect("governance:commitments", program.pk)


# Institutional strengthening ----------------------------------------------------------------


@login_required
def strengthening(request, pk):
    program = access_governance(request.user, pk)
    rows = InstitutionalChange.objects.filter(program=program).select_related("partner__organisation", "recorded_by")
    return render(
        request,
        "governance/strengthening_list.html",
        {
            "program": program,
            "changes": rows,
            "can_record": can_record_strengthening(request.user, program.membership),
        },
    )


@login_required
def strengthening_create(request, pk):
    program = access_governance(request.user, pk)
    membership = program.membership
    if not can_record_strengthening(request.user, membership):
        raise PermissionDenied
    partner_id = None if can_manage_program(request.user, membership) else membership.partner_id
    form = forms.InstitutionalChangeForm(
        request.POST or None, request.FILES or None, program=program, partner_id=partner_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_institutional_change(
                request.user, program, form_token=form.submit_token, **form.cleaned_data
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "governance:strengthening", program.pk)
        except ValidationError as exc:
            _refusal(request, form, exc)
        else:
            messages.success(request, _("The institutional strengthening is recorded."))
            return redirect("governance:strengthening", program.pk)
    return render(request, "governance/strengthening_form.html", {"program": program, "form": form})


@login_required
def strengthening_document(request, pk):
    change = access_institutional_change(request.user, pk)
    return serve_private_file(change.document, change.document_name)
