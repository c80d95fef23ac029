from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import AlreadySubmittedError
from core.forms import forget_errors, with_more_rows
from core.http import already_saved
from core.share import whatsapp_url
from facilitation import actions, selectors
from facilitation.access import (
    access_action_item,
    access_facilitator,
    access_journal,
    access_lesson,
    access_mediation,
    access_meeting,
    dashboard_programs,
    library_lessons,
    visible_cases,
)
from facilitation.filters import LessonFilter
from facilitation.forms import (
    ActionItemFormSet,
    FacilitatorProfileForm,
    HandOverForm,
    InstitutionForm,
    JournalEntryForm,
    LessonForm,
    MediationCaseForm,
    MeetingAnswerForm,
    MeetingForm,
    MilestoneFromActionForm,
    PostEmergencyReviewForm,
)
from facilitation.journal import author_entries, role_mix
from facilitation.models import HandOver, MediationCase, Meeting, ProgramFacilitation
from facilitation.selectors import facilitation_summary
from governance.actions import do_record_meeting_answer
from partners.access import access_program, can_manage_program, visible_programs
from partners.models import Activity, Program

ACTIVITY_PAGE_SIZE = 30
MEETING_PAGE_SIZE = 20
LIBRARY_PAGE_SIZE = 20
JOURNAL_PAGE_SIZE = 30


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@login_required
def dashboard(request):
    context = selectors.build(dashboard_programs(request.user), request.GET.get("page"))
    return render(request, "facilitation/dashboard.html", context)


@login_required
def activity(request, pk):
    program = access_program(request.user, pk)
    page = _page(request, Activity.objects.filter(program=program).select_related("actor"), ACTIVITY_PAGE_SIZE)
    return render(request, "facilitation/activity.html", {"program": program, "page": page})


@login_required
def meeting_list(request, pk):
    program = access_program(request.user, pk)
    meetings = program.meetings.annotate(
        decision_count=Count("decisions", distinct=True), item_count=Count("action_items", distinct=True)
    ).order_by("-date", "-pk")
    context = {
        "program": program,
        "page": _page(request, meetings, MEETING_PAGE_SIZE),
        "can_manage_program": can_manage_program(request.user, program.membership),
    }
    return render(request, "facilitation/meeting_list.html", context)


def _meeting_form(request, program, meeting=None):
    """Create or edit: the meeting form and its action-item formset, saved together or not at all."""
    data = request.POST if request.method == "POST" else None
    more_rows = data is not None and "more_items" in data
    if more_rows:
        data = with_more_rows(data, "items")
    form = MeetingForm(data, instance=meeting, program=program)
    formset = ActionItemFormSet(data, instance=meeting or Meeting(program=program), program=program, prefix="items")
    if more_rows:
        # Without JavaScript, "Add more rows" posts what was typed back with three more empty rows:
        # nothing is saved and nothing is marked as an error yet.
        forget_errors(form, formset)
        context = {"program": program, "meeting": meeting, "form": form, "formset": formset}
        return render(request, "facilitation/meeting_form.html", context)
    if data is not None and form.is_valid() and formset.is_valid():
        cleaned = form.cleaned_data
        try:
            saved = actions.do_save_meeting(
                request.user,
                program,
                meeting,
                fields=cleaned,
                attendees=cleaned["attendees"],
                partners=cleaned["attending_partners"],
                decisions=cleaned["decisions"],
                items=formset.items(),
                form_token=form.submit_token,
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        messages.success(request, _("Meeting saved."))
        return redirect(saved)
    if data is not None:
        messages.error(request, _("The meeting was not saved. Please correct the errors below."))
    context = {"program": program, "meeting": meeting, "form": form, "formset": formset}
    return render(request, "facilitation/meeting_form.html", context, status=400 if data is not None else 200)


@login_required
def meeting_create(request, pk):
    program = access_program(request.user, pk, write=True)
    return _meeting_form(request, program)


@login_required
def meeting_edit(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    return _meeting_form(request, meeting.program, meeting)


def _meeting_context(request, meeting):
    return {
        "meeting": meeting,
        "program": meeting.program,
        "decisions": list(meeting.decisions.all()),
        "items": list(meeting.action_items.select_related("owner_person", "owner_partner__organisation", "milestone")),
        "attendees": list(meeting.attendees.order_by("first_name", "last_name", "username")),
        "partners": list(meeting.attending_partners.select_related("organisation").order_by("organisation__name")),
        "can_manage_program": can_manage_program(request.user, meeting.program.membership),
    }


@login_required
def meeting_detail(request, pk):
    meeting = access_meeting(request.user, pk)
    return render(request, "facilitation/meeting_detail.html", _meeting_context(request, meeting))


@login_required
def meeting_minutes(request, pk):
    meeting = access_meeting(request.user, pk)
    context = _meeting_context(request, meeting)
    summary = _("Minutes: %(title)s, %(date)s (%(program)s)") % {
        "title": meeting.title,
        "date": date_format(meeting.date),
        "program": meeting.program.name,
    }
    # The link opens the minutes for the program's members only (login and access as usual).
    context["whatsapp_url"] = whatsapp_url(summary, reverse("facilitation:meeting_minutes", args=[meeting.pk]))
    return render(request, "facilitation/meeting_minutes.html", context)


@login_required
@require_POST
def action_item_done(request, pk):
    item = access_action_item(request.user, pk, write=True)
    done = request.POST.get("done") == "1"
    actions.do_set_action_item_done(request.user, item, done)
    messages.success(request, _("Action item marked done.") if done else _("Action item reopened."))
    return redirect(item.meeting)


@login_required
def action_item_milestone(request, pk):
    item = access_action_item(request.user, pk, write=True)
    if item.milestone_id:
        messages.error(request, _("This action item is already a milestone."))
        return redirect(item.meeting)
    form = MilestoneFromActionForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = actions.do_action_item_to_milestone(
                request.user, item, form_token=form.submit_token, **form.cleaned_data
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, item.meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Milestone “%(title)s” added to the road map.") % {"title": milestone.title})
            return redirect(item.meeting)
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "meeting": item.meeting, "program": item.meeting.program, "form": form}
    return render(request, "facilitation/action_item_milestone.html", context, status=status)


@login_required
def meeting_record_answer(request, pk):
    """The facilitator records a partner's answer to a proposed change, given in this meeting."""
    meeting = access_meeting(request.user, pk, write=True)
    form = MeetingAnswerForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_record_meeting_answer(
                request.user,
                data["recommendation"],
                partner=data["partner"],
                verdict=data["verdict"],
                comment=data["comment"],
                meeting_url=meeting.get_absolute_url(),
                meeting_label=f"{meeting.title} ({date_format(meeting.date)})",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partner's answer is recorded, with a link to this meeting."))
            return redirect(data["recommendation"])
    status = 400 if request.method == "POST" else 200
    context = {"meeting": meeting, "program": meeting.program, "form": form}
    return render(request, "facilitation/meeting_record_answer.html", context, status=status)


@login_required
def post_emergency_review(request, pk):
    """Before an emergency program closes: ask about open conflicts and hand them to mediation."""
    program = access_program(request.user, pk, write=True)
    if not program.is_emergency or program.is_closed:
        messages.error(request, _("Only an emergency program that is not closed has a post-emergency review."))
        return redirect("facilitation:mediation_list", program.pk)
    form = PostEmergencyReviewForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_post_emergency_review(
                request.user, program, notes=form.cleaned_data["notes"], conflict=form.conflict()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The post-emergency review is recorded."))
            return redirect("facilitation:mediation_list", program.pk)
    open_cases = program.mediation_cases.filter(status__in=MediationCase.UNRESOLVED).order_by("-opened_on", "-pk")
    status = 400 if request.method == "POST" else 200
    context = {"program": program, "form": form, "open_cases": open_cases}
    return render(request, "facilitation/post_emergency_review.html", context, status=status)


@login_required
def mediation_list(request, pk):
    program = access_program(request.user, pk)
    cases = visible_cases(request.user, program, program.membership).prefetch_related("parties__organisation")
    context = {
        "program": program,
        "cases": cases,
        "can_manage_program": can_manage_program(request.user, program.membership),
    }
    return render(request, "facilitation/mediation_list.html", context)


def _mediation_form(request, program, case=None):
    form = MediationCaseForm(request.POST or None, instance=case, program=program)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            saved = actions.do_save_mediation(
                request.user,
                program,
                case,
                fields=cleaned,
                parties=cleaned["parties"],
                meetings=cleaned["meetings"],
                form_token=form.submit_token,
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mediation case saved."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    context = {"program": program, "case": case, "form": form}
    return render(request, "facilitation/mediation_form.html", context, status=status)


@login_required
def mediation_create(request, pk):
    program = access_program(request.user, pk, write=True)
    return _mediation_form(request, program)


@login_required
def mediation_edit(request, pk):
    case = access_mediation(request.user, pk, write=True)
    return _mediation_form(request, case.program, case)


@login_required
def mediation_detail(request, pk):
    case = access_mediation(request.user, pk)
    context = {
        "case": case,
        "program": case.program,
        "parties": list(case.parties.select_related("organisation")),
        "meetings": list(case.meetings.order_by("-date")),
        "can_manage_program": can_manage_program(request.user, case.program.membership),
        "lessons": list(case.lessons.all()),
    }
    return render(request, "facilitation/mediation_detail.html", context)


# The lesson library (issue 15, item 5) ----------------------------------------------------------------


@login_required
def library(request):
    lesson_filter = LessonFilter(request.GET or None, queryset=library_lessons(request.user).select_related("province"))
    page = _page(request, lesson_filter.qs, LIBRARY_PAGE_SIZE)
    return render(request, "facilitation/library.html", {"filter": lesson_filter, "page": page})


@login_required
def lesson_detail(request, pk):
    lesson = access_lesson(request.user, pk)
    return render(request, "facilitation/lesson_detail.html", {"lesson": lesson})


def _lesson_form(request, program, case=None):
    form = LessonForm(request.POST or None, program=program, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = actions.do_publish_lesson(
                request.user, program, case=case, fields=form.cleaned_data, form_token=form.submit_token
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson is published to the library."))
            return redirect(lesson)
    status = 400 if request.method == "POST" else 200
    context = {"program": program, "case": case, "form": form}
    return render(request, "facilitation/lesson_form.html", context, status=status)


@login_required
def lesson_publish(request, pk):
    program = access_program(request.user, pk, write=True)
    return _lesson_form(request, program)


@login_required
def mediation_publish_lesson(request, pk):
    case = access_mediation(request.user, pk, write=True)
    if not case.is_resolved:
        messages.error(request, _("Only the lessons of a closed (resolved) mediation case can be published."))
        return redirect(case)
    return _lesson_form(request, case.program, case)


# The facilitator's journal, by role (issue 15, item 6) -------------------------------------------------


@login_required
def journal(request, pk):
    program = access_journal(request.user, pk)
    entries = program.journal_entries.select_related("author", "bridge_from", "bridge_to")
    context = {
        "program": program,
        "page": _page(request, entries, JOURNAL_PAGE_SIZE),
        "mix": role_mix(program.journal_entries.all()),
        "can_write": can_manage_program(request.user, program.membership),
    }
    return render(request, "facilitation/journal.html", context)


@login_required
def journal_create(request, pk):
    program = access_journal(request.user, pk, write=True)
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_journal_entry(request.user, program, fields=form.cleaned_data, form_token=form.submit_token)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Journal entry saved."))
            return redirect("facilitation:journal", program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "facilitation/journal_form.html", {"program": program, "form": form}, status=status)


@login_required
def facilitator_profile(request, pk):
    facilitator = access_facilitator(request.user, pk)
    context = {
        "facilitator": facilitator,
        "programs": list(
            Program.objects.filter(memberships__user=facilitator, memberships__role="facilitator").order_by("name")
        ),
        "hand_overs": list(
            HandOver.objects.filter(Q(from_user=facilitator) | Q(to_user=facilitator)).select_related(
                "program", "from_user", "to_user"
            )[:20]
        ),
        "mix": role_mix(author_entries(facilitator)),
        "can_edit": request.user.is_admin or request.user.pk == facilitator.pk,
    }
    return render(request, "facilitation/facilitator_profile.html", context)


@login_required
def facilitator_edit(request, pk):
    facilitator = access_facilitator(request.user, pk, write=True)
    initial = {"facilitator_kind": facilitator.facilitator_kind, "organisation": facilitator.organisation}
    form = FacilitatorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_set_facilitator_profile(request.user, facilitator, **form.cleaned_data)
        messages.success(request, _("Profile saved."))
        return redirect("facilitation:facilitator_profile", facilitator.pk)
    status = 400 if request.method == "POST" else 200
    context = {"facilitator": facilitator, "form": form}
    return render(request, "facilitation/facilitator_form.html", context, status=status)


# Facilitators as people and institutions (issue 15, item 7) ------------------------------------------


@login_required
def program_facilitators(request, pk):
    program = access_program(request.user, pk)
    context = {
        "program": program,
        "summary": facilitation_summary(program),
        "hand_overs": list(program.hand_overs.select_related("from_user", "to_user", "recorded_by")),
        "can_manage_program": can_manage_program(request.user, program.membership),
    }
    return render(request, "facilitation/program_facilitators.html", context)


@login_required
def institution_edit(request, pk):
    program = access_program(request.user, pk, write=True)
    current = ProgramFacilitation.objects.filter(program=program).values_list("institution", flat=True).first()
    form = InstitutionForm(request.POST or None, initial={"institution": current})
    if request.method == "POST" and form.is_valid():
        actions.do_set_facilitation_institution(request.user, program, form.cleaned_data["institution"])
        messages.success(request, _("The facilitating institution is saved."))
        return redirect("facilitation:program_facilitators", program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "facilitation/institution_form.html", {"program": program, "form": form}, status=status)


@login_required
def hand_over(request, pk):
    program = access_program(request.user, pk, write=True)
    form = HandOverForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_hand_over(request.user, program, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The hand-over is recorded and the new facilitator is notified."))
            if not visible_programs(request.user).filter(pk=program.pk).exists():
                return redirect("home")  # the outgoing facilitator handed their own program over
            return redirect("facilitation:program_facilitators", program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "facilitation/hand_over_form.html", {"program": program, "form": form}, status=status)
