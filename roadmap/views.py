"""Road-map pages. Thin: access -> form -> action -> message -> redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import AlreadySubmittedError
from core.forms import SubmitOnceForm
from core.http import already_saved
from core.offline import answer, client_id_from, form_errors, incomplete, seen_version_from, sync_endpoint
from core.uploads import serve_private_file
from partners.access import can_manage_program, is_facilitator_or_admin
from partners.models import Membership
from roadmap import actions, forms
from roadmap.access import (
    access_evidence,
    access_milestone,
    access_outcome,
    access_output,
    access_roadmap,
    access_update,
    can_comment,
    can_report_progress,
    can_revise_milestone,
    visible_updates,
)
from roadmap.definitions import FIGURES
from roadmap.filters import MilestoneFilter
from roadmap.models import Comment, Evidence, Milestone, MilestoneStatus, ProgressUpdate, Revision
from roadmap.selectors import TIMELINE_BARS_MAX, TREE_ROWS_MAX, build_timeline, build_tree, output_rows
from roadmap.selectors import my_milestones as my_milestones_rows


def _form_error(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


# Road map of one program ------------------------------------------------------------------


@login_required
def tree(request, pk):
    program = access_roadmap(request.user, pk)
    milestone_filter = MilestoneFilter(request.GET or None, queryset=Milestone.objects.all(), program=program)
    milestones = milestone_filter.qs.filter(program=program)
    total = milestones.count()
    collapsed = total > TREE_ROWS_MAX
    return render(
        request,
        "roadmap/tree.html",
        {
            "program": program,
            "outcomes": build_tree(program, milestones, collapsed=collapsed),
            "collapsed": collapsed,
            "total": total,
            "filter": milestone_filter,
            "can_manage_program": can_manage_program(request.user, program.membership),
            "today": timezone.localdate(),
        },
    )


@login_required
def timeline(request, pk):
    program = access_roadmap(request.user, pk)
    milestone_filter = MilestoneFilter(request.GET or None, queryset=Milestone.objects.all(), program=program)
    milestones = milestone_filter.qs.filter(program=program)
    total = milestones.count()
    chart = build_timeline(program, milestones, overview=total > TIMELINE_BARS_MAX)
    return render(
        request,
        "roadmap/timeline.html",
        {"program": program, "chart": chart, "filter": milestone_filter, "total": total},
    )


@login_required
def tree_output_rows(request, pk):
    """One output's milestone rows for the collapsed road map (htmx), with the tree's filters."""
    output = access_output(request.user, pk)
    program = output.outcome.program
    milestone_filter = MilestoneFilter(request.GET or None, queryset=Milestone.objects.all(), program=program)
    rows = output_rows(program, milestone_filter.qs.filter(program=program, output=output))
    return render(request, "roadmap/_tree_rows.html", {"rows": rows})


@login_required
def change_log(request, pk):
    program = access_roadmap(request.user, pk)
    revisions = Revision.objects.filter(program=program).select_related("actor").order_by("-created_at", "-pk")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return render(request, "roadmap/change_log.html", {"program": program, "page": page})


# Outcomes and outputs ---------------------------------------------------------------------


@login_required
def outcome_create(request, pk):
    program = access_roadmap(request.user, pk, write=True)
    form = forms.ItemForm(request.POST or None, program=program)
    if form.is_valid():
        try:
            actions.do_create_outcome(request.user, program, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "roadmap:tree", program.pk)
        messages.success(request, _("Outcome added."))
        return redirect("roadmap:tree", program.pk)
    return render(request, "roadmap/item_form.html", {"program": program, "form": form, "kind": "outcome"})


@login_required
def output_create(request, pk):
    outcome = access_outcome(request.user, pk, write=True)
    form = forms.ItemForm(request.POST or None, program=outcome.program)
    if form.is_valid():
        try:
            actions.do_create_output(request.user, outcome, form_token=form.submit_token, **form.cleaned_data)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "roadmap:tree", outcome.program_id)
        messages.success(request, _("Output added."))
        return redirect("roadmap:tree", outcome.program_id)
    context = {"program": outcome.program, "form": form, "kind": "output", "parent": outcome}
    return render(request, "roadmap/item_form.html", context)


def _item_detail(request, item, program, kind):
    revisions = Revision.objects.filter(item_type=kind, item_id=item.pk).select_related("actor")
    return render(
        request,
        "roadmap/item_detail.html",
        {
            "item": item,
            "program": program,
            "kind": kind,
            "revisions": revisions,
            "can_manage_program": can_manage_program(request.user, item.membership),
        },
    )


@login_required
def outcome_detail(request, pk):
    outcome = access_outcome(request.user, pk)
    outcome.children = outcome.outputs.all()
    return _item_detail(request, outcome, outcome.program, "outcome")


@login_required
def output_detail(request, pk):
    output = access_output(request.user, pk)
    output.children = output.milestones.select_related("owner__organisation")
    return _item_detail(request, output, output.outcome.program, "output")


def _edit_item(request, item, program, kind):
    form = forms.ItemEditForm(request.POST or None, program=program, initial=forms.item_initial(item))
    conflict = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason, version = data.pop("reason"), data.pop("version")
        try:
            actions.do_revise_item(request.user, item, data, reason, expected_version=version)
        except actions.StaleEditError as exc:
            conflict = _stale(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Changes saved and recorded in the change log."))
            return redirect(f"roadmap:{kind}_detail", item.pk)
    context = {"program": program, "form": form, "kind": kind, "item": item, "conflict": conflict}
    return render(request, "roadmap/item_form.html", context)


@login_required
def outcome_edit(request, pk):
    outcome = access_outcome(request.user, pk, write=True)
    return _edit_item(request, outcome, outcome.program, "outcome")


@login_required
def output_edit(request, pk):
    output = access_output(request.user, pk, write=True)
    return _edit_item(request, output, output.outcome.program, "output")


def _stale(form, exc):
    """Refuse the stale save; show what the other person changed; the form now carries the
    current version so saving again is a deliberate choice, never a silent overwrite."""
    data = form.data.copy()
    data["version"] = exc.current_version
    form.data = data
    return exc.revisions


def _delete(request, item, program, kind):
    form = forms.DeleteForm(request.POST or None)
    if form.is_valid():
        try:
            actions.do_delete_item(request.user, item, form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Deleted; the change log keeps the reason."))
            return redirect("roadmap:tree", program.pk)
    context = {"program": program, "item": item, "kind": kind, "form": form}
    return render(request, "roadmap/item_delete.html", context)


@login_required
def outcome_delete(request, pk):
    outcome = access_outcome(request.user, pk, write=True)
    return _delete(request, outcome, outcome.program, "outcome")


@login_required
def output_delete(request, pk):
    output = access_output(request.user, pk, write=True)
    return _delete(request, output, output.outcome.program, "output")


@login_required
def milestone_delete(request, pk):
    milestone = access_milestone(request.user, pk, manage=True)
    return _delete(request, milestone, milestone.program, "milestone")


# Milestones -------------------------------------------------------------------------------


@login_required
def milestone_create(request, pk):
    output = access_output(request.user, pk, write=True)
    program = output.outcome.program
    form = forms.MilestoneForm(request.POST or None, program=program, initial={"output": output.pk})
    if form.is_valid():
        try:
            milestone = actions.do_create_milestone(
                request.user, program, form_token=form.submit_token, **form.cleaned_data
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(milestone)
    return render(request, "roadmap/milestone_form.html", {"program": program, "form": form, "output": output})


@login_required
def milestone_bulk(request, pk):
    output = access_output(request.user, pk, write=True)
    program = output.outcome.program
    formset = forms.QuickMilestoneFormSet(request.POST or None, program=program)
    once = SubmitOnceForm(request.POST or None)
    if formset.is_valid() and once.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.has_changed()]
        try:
            created = actions.do_bulk_create_milestones(
                request.user, program, output, rows, form_token=once.submit_token
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, "roadmap:tree", program.pk)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("%(count)d milestones added.") % {"count": len(created)})
            return redirect("roadmap:tree", program.pk)
    context = {"program": program, "formset": formset, "once": once, "output": output}
    return render(request, "roadmap/milestone_bulk.html", context)


@login_required
def milestone_detail(request, pk):
    milestone = access_milestone(request.user, pk)
    membership, user = milestone.membership, request.user
    updates = milestone.updates.select_related("author", "reviewed_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )
    updates = visible_updates(user, membership, updates)  # drafts stay with their author's organisation
    context = {
        "milestone": milestone,
        "program": milestone.program,
        "updates": updates,
        "revisions": Revision.objects.filter(item_type="milestone", item_id=milestone.pk).select_related("actor"),
        "comments": Comment.objects.filter(milestone=milestone).select_related("author"),
        "depends_on": milestone.depends_on.select_related("owner__organisation"),
        "dependents": milestone.dependents.select_related("owner__organisation"),
        "can_manage_program": can_manage_program(user, membership),
        "can_revise": can_revise_milestone(user, membership, milestone),
        "can_report": can_report_progress(user, membership, milestone),
        "can_comment": can_comment(user, membership),
        "comment_form": forms.CommentForm(),
        "review_form": forms.ReviewForm(),
        "today": timezone.localdate(),
    }
    return render(request, "roadmap/milestone_detail.html", context)


@login_required
def milestone_edit(request, pk):
    milestone = access_milestone(request.user, pk, write=True)
    program = milestone.program
    if can_manage_program(request.user, milestone.membership):
        form_class, fields = forms.MilestoneEditForm, forms.MILESTONE_FIELDS + ["progress", "depends_on"]
    else:
        form_class, fields = forms.LeadMilestoneEditForm, ["title", "description", "start_date", "due_date"]
    initial = forms.milestone_initial(milestone, fields)
    form = form_class(request.POST or None, program=program, milestone=milestone, initial=initial)
    conflict = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason, version = data.pop("reason"), data.pop("version")
        try:
            actions.do_revise_item(request.user, milestone, data, reason, expected_version=version)
        except actions.StaleEditError as exc:
            conflict = _stale(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Changes saved and recorded in the change log."))
            _warn_unfinished_dependencies(request, milestone)
            return redirect(milestone)
    context = {"program": program, "form": form, "milestone": milestone, "conflict": conflict}
    return render(request, "roadmap/milestone_form.html", context)


def _warn_unfinished_dependencies(request, milestone):
    if milestone.status != MilestoneStatus.DONE:
        return
    unfinished = actions.unfinished_dependencies(milestone)
    if unfinished:
        messages.warning(
            request,
            _("Marked done, but it depends on milestones that are not done yet: %(titles)s.")
            % {"titles": ", ".join(m.title for m in unfinished)},
        )


@login_required
@require_POST
def comment_create(request, pk):
    milestone = access_milestone(request.user, pk, comment=True)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_comment(request.user, milestone, form.cleaned_data["body"], form_token=form.submit_token)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, milestone)
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("The comment could not be added: %(errors)s") % {"errors": _errors(form)})
    return redirect(milestone)


def _errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# Progress reports -------------------------------------------------------------------------


def _save_update(request, milestone, update=None):
    initial = {"new_status": milestone.status, "progress": milestone.progress}
    if update is not None:
        initial = {"new_status": update.new_status, "progress": update.progress, "narrative": update.narrative}
    form = forms.ProgressUpdateForm(request.POST or None, request.FILES or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        submit = "submit" in request.POST
        try:
            actions.do_save_update(
                request.user,
                milestone,
                new_status=data["new_status"],
                progress=data["progress"],
                narrative=data["narrative"],
                files=data["evidence"],
                submit=submit,
                update=update,
                form_token=form.submit_token,
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, milestone)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            if submit:
                messages.success(request, _("Progress report submitted for review."))
            else:
                messages.success(request, _("Progress report saved as a draft."))
            return redirect(milestone)
    context = {"program": milestone.program, "milestone": milestone, "form": form, "update": update}
    context["max_upload_bytes"] = settings.MAX_UPLOAD_BYTES  # offline.js makes larger photos smaller
    return render(request, "roadmap/update_form.html", context)


@login_required
def update_create(request, pk):
    milestone = access_milestone(request.user, pk, report=True)
    returned = ProgressUpdate.objects.filter(
        milestone=milestone, author=request.user, state=ProgressUpdate.State.RETURNED
    ).order_by("-pk")
    if returned.exists():
        # One report per piece of work: fix the returned one instead of starting a duplicate.
        messages.info(request, _("The facilitator returned your report on this milestone: fix it and send it again."))
        return redirect("roadmap:update_edit", returned.first().pk)
    return _save_update(request, milestone)


@login_required
@require_POST
@sync_endpoint
def update_sync(request, pk):
    """A progress report written offline, sent by the device (static/js/offline.js); answers JSON."""
    milestone = access_milestone(request.user, pk, report=True)
    client_id, seen_version = client_id_from(request), seen_version_from(request)
    if client_id is None or seen_version is None:
        return incomplete()
    form = forms.ProgressUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return answer("invalid", form_errors(form), 400)
    data = form.cleaned_data
    try:
        update, created = actions.do_sync_update(
            request.user,
            milestone,
            client_id=client_id,
            seen_version=seen_version,
            new_status=data["new_status"],
            progress=data["progress"],
            narrative=data["narrative"],
            files=data["evidence"],
        )
    except actions.SyncConflictError as conflict:
        return answer("conflict", conflict.message, 409, code=conflict.code, current_version=conflict.current_version)
    except ValidationError as exc:
        return answer("invalid", " ".join(exc.messages), 400)
    url = milestone.get_absolute_url()
    if created:
        return answer("saved", _("Progress report sent for review."), 201, id=update.pk, url=url)
    return answer(
        "already_saved", _("This report was already saved; it was not sent twice."), 200, id=update.pk, url=url
    )


@login_required
def update_edit(request, pk):
    update = access_update(request.user, pk, write=True)
    if update.state not in (ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED):
        messages.error(request, _("This progress report has already been submitted."))
        return redirect(update.milestone)
    return _save_update(request, update.milestone, update)


@login_required
@require_POST
def update_submit(request, pk):
    update = access_update(request.user, pk, write=True)
    try:
        actions.do_submit_update(request.user, update)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Progress report submitted for review."))
    return redirect(update.milestone)


@login_required
def update_review(request, pk):
    update = access_update(request.user, pk, review=True)
    form = forms.ReviewForm(request.POST or None)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                actions.do_approve_update(request.user, update, form.cleaned_data["note"])
                messages.success(request, _("Progress report approved; the milestone is updated."))
                _warn_unfinished_dependencies(request, Milestone.objects.get(pk=update.milestone_id))
            else:
                actions.do_return_update(request.user, update, form.cleaned_data["note"])
                messages.success(request, _("Progress report returned to its author with your note."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("roadmap:review_queue")
    evidence = update.evidence.order_by("pk")
    context = {"program": update.milestone.program, "update": update, "form": form, "evidence": evidence}
    return render(request, "roadmap/update_review.html", context)


@login_required
def evidence_download(request, pk):
    evidence = access_evidence(request.user, pk)
    return serve_private_file(evidence.file, evidence.original_name)


# Across programs --------------------------------------------------------------------------


@login_required
def my_milestones(request):
    """Milestones owned by the user's organisation in every program they belong to."""
    show_all = request.GET.get("all") == "1"
    milestones, rows = my_milestones_rows(request.user, show_all=show_all)
    returned = (
        ProgressUpdate.objects.filter(author=request.user, state=ProgressUpdate.State.RETURNED)
        .select_related("milestone__program", "reviewed_by")
        .order_by("reviewed_at", "pk")
    )
    context = {"milestones": milestones, "rows": rows, "show_all": show_all, "returned_updates": returned}
    return render(request, "roadmap/my_milestones.html", context)


@login_required
def review_queue(request):
    """Submitted progress reports in the programs the user facilitates, oldest first."""
    user = request.user
    if not is_facilitator_or_admin(user):
        raise PermissionDenied
    updates = ProgressUpdate.objects.waiting_review()
    if not user.is_admin:
        updates = updates.filter(
            milestone__program__memberships__user=user,
            milestone__program__memberships__role=Membership.Role.FACILITATOR,
        )
    updates = (
        updates.select_related("milestone__program", "milestone__owner__organisation", "author")
        .annotate(evidence_count=Count("evidence"))
        .order_by("submitted_at", "pk")
    )
    return render(request, "roadmap/review_queue.html", {"updates": updates})


@login_required
def definitions(request):
    """What each figure on the dashboard, road map and reports means."""
    figures = [(key, label, text) for key, (label, text) in FIGURES.items()]
    return render(request, "roadmap/definitions.html", {"figures": figures})
