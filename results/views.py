"""Thin views: access -> form -> action -> message -> redirect. Figures come from results.selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import AlreadySubmittedError
from core.http import already_saved
from core.offline import answer, client_id_from, form_errors, incomplete, sync_endpoint
from core.uploads import serve_private_file
from partners.access import can_manage_program
from results import actions, forms, selectors
from results.access import (
    access_catalogue,
    access_indicator,
    access_report_slot,
    access_result,
    access_result_evidence,
    access_results,
    access_standard_indicator,
    can_maintain_catalogue,
    portfolio_programs,
)
from results.models import ReportingPeriod, Result, StandardIndicator

# Someone reported the slot after the device's draft was written: a conflict the draft keeps.
SLOT_TAKEN = {"already_reported", "locked"}


def _form_errors(form, exc):
    """Put an action's ValidationError on the form (field errors where it names a field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# The program's results ---------------------------------------------------------------------


@login_required
def iptt(request, pk):
    """The Indicator Performance Tracking Table: indicators x periods, filterable."""
    program = access_results(request.user, pk)
    form = forms.IpttFilterForm(request.GET or None, program=program)
    filters = form.cleaned_data if form.is_valid() else {}
    rows, periods = selectors.program_rows(
        program,
        outcome=filters.get("outcome"),
        partner=filters.get("partner"),
        option=filters.get("option"),
        related=False,
    )
    rollup = selectors.program_rollup(program, rows) if not filters or not any(filters.values()) else None
    context = {
        "program": program,
        "form": form,
        "rows": rows,
        "periods": periods,
        "rollup": rollup,
        "filtered": bool(filters and any(filters.values())),
        "can_manage": can_manage_program(request.user, program.membership),
        "query": request.GET.urlencode(),
    }
    return render(request, "results/iptt.html", context)


@login_required
@require_POST
def periods_generate(request, pk):
    program = access_results(request.user, pk, write=True)
    created = actions.do_generate_periods(request.user, program)
    messages.success(request, _("%(count)d reporting periods added.") % {"count": len(created)})
    return redirect("results:iptt", program.pk)


@login_required
def indicator_create(request, pk):
    program = access_results(request.user, pk, write=True)
    form = forms.IndicatorForm(request.POST or None, program=program)
    if form.is_valid():
        try:
            indicator = actions.do_create_indicator(request.user, program, **form.action_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Indicator added."))
            return redirect(indicator)
    return render(request, "results/indicator_form.html", {"program": program, "form": form})


@login_required
def indicator_edit(request, pk):
    indicator = access_indicator(request.user, pk, write=True)
    program = indicator.program
    form = forms.IndicatorForm(request.POST or None, program=program, initial=forms.indicator_initial(indicator))
    if form.is_valid():
        try:
            actions.do_update_indicator(request.user, indicator, **form.action_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator)
    return render(request, "results/indicator_form.html", {"program": program, "form": form, "indicator": indicator})


@login_required
def indicator_targets(request, pk):
    indicator = access_indicator(request.user, pk, write=True)
    periods = list(ReportingPeriod.objects.filter(program=indicator.program_id))
    targets = {t.period_id: t.value for t in indicator.period_targets.all()}
    form = forms.PeriodTargetsForm(request.POST or None, indicator=indicator, periods=periods, targets=targets)
    if form.is_valid():
        try:
            actions.do_set_period_targets(request.user, indicator, form.targets())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return redirect(indicator)
    context = {"program": indicator.program, "indicator": indicator, "form": form}
    return render(request, "results/indicator_targets.html", context)


@login_required
def indicator_detail(request, pk):
    indicator = access_indicator(request.user, pk)
    context = selectors.indicator_page(indicator, request.user)
    return render(request, "results/indicator_detail.html", context)


# Reporting an actual -----------------------------------------------------------------------


def _result_form(request, form_class, indicator, **kwargs):
    options = list(forms.breakdown_options(indicator.program, indicator.categories.all()))
    return form_class(request.POST or None, request.FILES or None, indicator=indicator, options=options, **kwargs)


@login_required
def result_create(request, pk, period_pk):
    indicator, period = access_report_slot(request.user, pk, period_pk)
    partner = indicator.membership.partner
    form = _result_form(request, forms.NewResultForm, indicator)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.do_report_result(
                request.user, indicator, period, partner, **form.action_kwargs(), form_token=form.submit_token
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Result saved.") if result.state == Result.State.DRAFT else _("Result submitted for review.")
            )
            return redirect(result)
    context = {"program": indicator.program, "indicator": indicator, "period": period, "partner": partner, "form": form}
    context["offline"] = True  # offline.js may keep this form's report on the device (results:result_sync)
    context["max_upload_bytes"] = settings.MAX_UPLOAD_BYTES
    return render(request, "results/result_form.html", context)


@login_required
def my_indicators(request):
    """The actuals the user's organisations still have to report; kept on the device for offline use."""
    slots = selectors.my_report_slots(request.user)
    return render(request, "results/my_indicators.html", {"slots": slots})


@login_required
@require_POST
@sync_endpoint
def result_sync(request, pk, period_pk):
    """An actual written offline, sent by the device (static/js/offline.js); answers JSON."""
    indicator, period = access_report_slot(request.user, pk, period_pk)
    client_id = client_id_from(request)
    if client_id is None:
        return incomplete()
    form = _result_form(request, forms.ResultForm, indicator)
    if not form.is_valid():
        return answer("invalid", form_errors(form), 400)
    kwargs = form.action_kwargs()
    kwargs.pop("submit")
    try:
        result, created = actions.do_sync_result(
            request.user, indicator, period, indicator.membership.partner, client_id=client_id, **kwargs
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) in SLOT_TAKEN:
            return answer("conflict", " ".join(exc.messages), 409)
        return answer("invalid", " ".join(exc.messages), 400)
    url = result.get_absolute_url()
    if created:
        return answer("saved", _("Result sent for review."), 201, id=result.pk, url=url)
    return answer(
        "already_saved", _("This result was already saved; it was not sent twice."), 200, id=result.pk, url=url
    )


@login_required
def result_edit(request, pk):
    result = access_result(request.user, pk, write=True)
    indicator = result.indicator
    if not result.is_editable:
        messages.error(request, _("This result has been submitted and can no longer be edited."))
        return redirect(result)
    initial = {"value": result.value, "narrative": result.narrative}
    initial |= {f"b{b.option_id}": b.value for b in result.breakdown.all()}
    form = _result_form(request, forms.ResultForm, indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_result(request.user, result, **form.action_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Result saved."))
            return redirect(result)
    context = {"program": indicator.program, "indicator": indicator, "period": result.period, "partner": result.partner}
    return render(request, "results/result_form.html", context | {"form": form, "result": result})


@login_required
def result_correct(request, pk):
    result = access_result(request.user, pk, write=True)
    indicator = result.indicator
    initial = {"value": result.value, "narrative": result.narrative}
    initial |= {f"b{b.option_id}": b.value for b in result.breakdown.all()}
    form = _result_form(request, forms.CorrectionForm, indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            correction = actions.do_correct_result(request.user, result, **form.action_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Correction saved. The approved value counts until the correction is approved.")
            )
            return redirect(correction)
    context = {"program": indicator.program, "indicator": indicator, "period": result.period, "partner": result.partner}
    return render(request, "results/result_form.html", context | {"form": form, "result": result, "correcting": True})


@login_required
@require_POST
def result_submit(request, pk):
    result = access_result(request.user, pk, write=True)
    try:
        actions.do_submit_result(request.user, result)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Result submitted for review."))
    return redirect(result)


@login_required
def result_detail(request, pk):
    result = access_result(request.user, pk)
    context = selectors.result_page(result, request.user)
    return render(request, "results/result_detail.html", context)


@login_required
def result_review(request, pk):
    result = access_result(request.user, pk, review=True)
    form = forms.ReviewForm(request.POST or None)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                actions.do_approve_result(request.user, result, form.cleaned_data["note"])
                messages.success(request, _("Result approved and locked."))
            else:
                actions.do_return_result(request.user, result, form.cleaned_data["note"])
                messages.success(request, _("Result returned to its author with your note."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(result)
    context = selectors.result_page(result, request.user) | {"form": form}
    return render(request, "results/result_review.html", context)


@login_required
def evidence_download(request, pk):
    evidence = access_result_evidence(request.user, pk)
    return serve_private_file(evidence.file, evidence.original_name)


# Across programs ---------------------------------------------------------------------------


@login_required
def portfolio(request):
    form = forms.PortfolioFilterForm(request.GET or None)
    programs = {p.pk: p for p in form.filter_programs(portfolio_programs(request.user)).only("name")}
    program_ids = list(programs)
    rows = selectors.portfolio_rows(program_ids, programs=programs)  # read once for both panels (issue 19)
    context = {
        "form": form,
        "lines": selectors.portfolio_lines(program_ids, rows=rows),
        "furthest": selectors.furthest_off_target(program_ids, limit=10, rows=rows),
    }
    return render(request, "results/portfolio.html", context)


@login_required
def standard_list(request):
    access_catalogue(request.user)
    context = {"standards": StandardIndicator.objects.all(), "can_edit": can_maintain_catalogue(request.user)}
    return render(request, "results/standard_list.html", context)


@login_required
def standard_create(request):
    access_catalogue(request.user, write=True)
    return _standard_form(request, None)


@login_required
def standard_edit(request, pk):
    standard = access_standard_indicator(request.user, pk, write=True)
    return _standard_form(request, standard)


def _standard_form(request, standard):
    form = forms.StandardIndicatorForm(request.POST or None, instance=standard)
    if form.is_valid():
        try:
            actions.do_save_standard_indicator(request.user, standard=standard, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Standard indicator saved."))
            return redirect("results:standard_list")
    return render(request, "results/standard_form.html", {"form": form, "standard": standard})
