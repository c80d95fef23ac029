from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, F, FloatField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from core.actions import AlreadySubmittedError
from core.forms import as_id
from core.http import already_saved
from core.uploads import serve_private_file
from notifications.forms import ReminderSettingsForm
from notifications.models import ReminderSettings
from partners import actions
from partners.access import (
    access_contribution,
    access_member,
    access_organisation,
    access_program,
    access_program_contributions,
    access_program_partner,
    access_program_people,
    can_edit_organisation,
    can_manage_people,
    can_manage_program,
    can_record_contributions,
    can_remove_member,
    can_see_document,
    is_facilitator_or_admin,
    is_partner_lead,
    visible_organisations,
    visible_programs,
)
from partners.documents import upload_url
from partners.forms import (
    CapacityProfileForm,
    ContributionForm,
    EndorsementForm,
    EndorsementOverrideForm,
    MembershipForm,
    OrganisationFilter,
    OrganisationForm,
    PartnerAddForm,
    PartnerForm,
    PartnerLeaveForm,
    PartnerStaffForm,
    ProgramForm,
    ScopingChecklistForm,
)
from partners.goals import agreed_goals
from partners.models import Contribution, DocumentType, EndorsementStatus, Membership, ProgramPartner, ScopingChecklist
from partners.panels import organisation_panels, program_panels

ORGANISATIONS_PER_PAGE = 20


def _form_page(request, form, *, title, cancel_url=None, program=None, multipart=False, **extra):
    """The shared form page; cancel goes back to the program unless told otherwise."""
    context = {
        "form": form,
        "title": title,
        "cancel_url": resolve_url(cancel_url or program),
        "program": program,
        "multipart": multipart,
        **extra,
    }
    return render(request, "partners/form.html", context)


def _picked(request, name):
    """The record chosen on the search page without JavaScript (`?user=12`), as the form's initial
    value; the form's field still decides on submit whether it may be added (issue 16, item 15)."""
    value = request.GET.get(name, "")
    return {name: value} if as_id(value) else {}


def _program_fields(form):
    """(places, the other fields): places are the provinces, regencies, districts and villages."""
    data = dict(form.cleaned_data)
    places = {name: data.pop(name) for name in ("provinces", "regencies", "districts", "villages")}
    return places, data


# Programs ------------------------------------------------------------------------------------


@login_required
def program_list(request):
    programs = (
        visible_programs(request.user)
        .annotate(
            partner_count=Count("partners", distinct=True),
            endorsed_count=Count(
                "partners", filter=Q(partners__endorsement_status=EndorsementStatus.ENDORSED), distinct=True
            ),
        )
        .prefetch_related("provinces")
        .order_by("name")
    )
    return render(
        request,
        "partners/program_list.html",
        {"programs": programs, "can_create": is_facilitator_or_admin(request.user)},
    )


def _partners_with_totals(program):
    """Each partner with its contribution total and share of the program total, computed in SQL."""
    program_total = (
        Contribution.objects.filter(partner__program=OuterRef("program"))
        .values("partner__program")
        .annotate(total=Sum("value_idr"))
        .values("total")
    )
    # all_objects: a partner that has left still shows who represented it.
    representatives = (
        Membership.all_objects.filter(is_representative=True).select_related("user").order_by("user__first_name")
    )
    return (
        ProgramPartner.objects.filter(program=program)
        .select_related("organisation")
        .annotate(
            contribution_total=Coalesce(Sum("contributions__value_idr"), Value(0), output_field=DecimalField()),
            contribution_count=Count("contributions"),
            program_total=Subquery(program_total, output_field=DecimalField()),
        )
        .annotate(
            share=Cast(F("contribution_total"), FloatField())
            * 100.0
            / Cast(NullIf(F("program_total"), 0), FloatField())
        )
        .prefetch_related(Prefetch("memberships", queryset=representatives, to_attr="representatives"))
        .order_by("organisation__name")
    )


@login_required
def program_detail(request, pk):
    program = access_program(request.user, pk)
    membership = program.membership
    can_manage = can_manage_program(request.user, membership)
    lead_partner_id = membership.partner_id if is_partner_lead(membership) else None
    contributions = (
        Contribution.objects.filter(partner__program=program)
        .select_related("partner__organisation")
        .order_by("-date", "-pk")
    )
    totals = contributions.aggregate(total=Sum("value_idr"), count=Count("pk"))
    members = list(
        Membership.objects.filter(program=program)
        .select_related("user", "partner__organisation")
        .order_by("partner__organisation__name", "role", "user__first_name", "user__username")
    )
    for m in members:
        m.can_remove = m.user_id != request.user.pk and can_remove_member(request.user, membership, m)
    staff = [m for m in members if not m.is_partner]
    partners = list(_partners_with_totals(program).select_related("endorsement_document"))
    agreed = agreed_goals(program)
    for partner in partners:
        # One source (issue 16, item 10): the own goals the agreement states, as the gate reads them.
        partner.agreed_goals = agreed.get(partner.pk, "")
        # The link to the endorsement letter in the library, for those who may open that document.
        document = partner.endorsement_document
        partner.endorsement_document_visible = document is not None and can_see_document(
            request.user, membership, document
        )
    context = {
        "program": program,
        "provinces": list(program.provinces.all()),
        "regencies": list(program.regencies.all()),
        "districts": list(program.districts.select_related("regency")),
        "villages": list(program.villages.select_related("district")),
        "partners": partners,
        "contributions": contributions,
        "totals": totals,
        "staff": staff,
        "partner_members": [m for m in members if m.is_partner],
        "can_manage_program": can_manage,
        "can_record": can_record_contributions(request.user, membership),
        "can_manage_people": can_manage_people(request.user, membership),
        "lead_partner_id": lead_partner_id,
        "panels": program_panels(request, program),
    }
    return render(request, "partners/program_detail.html", context)


@login_required
def program_create(request):
    if not is_facilitator_or_admin(request.user):
        raise PermissionDenied
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        places, fields = _program_fields(form)
        try:
            program = actions.do_create_program(request.user, form_token=form.submit_token, **places, **fields)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        messages.success(request, _("The program was created."))
        return redirect(program)
    return _form_page(request, form, title=_("New partnership program"), cancel_url="partners:program_list")


@login_required
def program_edit(request, pk):
    program = access_program(request.user, pk, write=True)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        places, fields = _program_fields(form)
        actions.do_update_program(request.user, program, **places, **fields)
        messages.success(request, _("The program was saved."))
        return redirect(program)
    return _form_page(request, form, title=_("Edit program"), program=program)


@login_required
def program_reminders(request, pk):
    """The program's reminder thresholds: members read them, facilitators and admins change them."""
    program = access_program(request.user, pk, write=request.method == "POST")
    current = ReminderSettings.objects.filter(program=program).first() or ReminderSettings(program=program)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        actions.do_update_program_reminders(request.user, program, **form.cleaned_data)
        messages.success(request, _("Reminder settings saved."))
        return redirect("partners:program_reminders", pk=program.pk)
    can_manage = can_manage_program(request.user, program.membership)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    context = {"program": program, "form": form, "can_manage_program": can_manage}
    return render(request, "partners/program_reminders.html", context)


# Partners in a program -----------------------------------------------------------------------


@login_required
def partner_add(request, pk):
    program = access_program(request.user, pk, write=True)
    form = PartnerAddForm(request.POST or None, program=program, initial=_picked(request, "organisation"))
    if form.is_replay():
        return already_saved(request, AlreadySubmittedError(), program)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            actions.do_add_partner(
                request.user, program, fields.pop("organisation"), form_token=form.submit_token, **fields
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, program)
        except ValidationError as exc:
            form.add_error("organisation", exc)
        else:
            messages.success(request, _("The partner was added to the program."))
            return redirect(program)
    return _form_page(request, form, title=_("Add a partner"), program=program)


@login_required
def partner_edit(request, pk):
    partner = access_program_partner(request.user, pk, write=True)
    can_manage = can_manage_program(request.user, partner.membership)
    form = PartnerForm(request.POST or None, instance=partner, can_manage_program=can_manage)
    if request.method == "POST" and form.is_valid():
        actions.do_update_partner(request.user, partner, **form.cleaned_data)
        messages.success(request, _("The partner was saved."))
        return redirect(partner.program)
    title = _("Edit partner: %(name)s") % {"name": partner.organisation.name}
    return _form_page(request, form, title=title, program=partner.program)


@login_required
def partner_leave(request, pk):
    """The facilitator records that a partner leaves the program (partners are never deleted)."""
    partner = access_program_partner(request.user, pk, write=True)
    if not can_manage_program(request.user, partner.membership):
        raise PermissionDenied
    form = PartnerLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_mark_partner_left(request.user, partner, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The partner was marked as having left; its history stays in the program."))
            return redirect(partner.program)
    title = _("Mark as left: %(name)s") % {"name": partner.organisation.name}
    return _form_page(request, form, title=title, program=partner.program)


@login_required
def endorsement_edit(request, pk):
    partner = access_program_partner(request.user, pk, write=True)
    form = EndorsementForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "GET" and "document" in request.GET:
        form.initial["endorsement_document"] = request.GET["document"]  # just uploaded (document_add's next)
    if request.method == "POST":
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                actions.do_update_endorsement(request.user, partner, letter=fields.pop("letter"), **fields)
            except ValidationError as exc:  # the letter does not fit in the program's storage quota
                form.add_error("letter", exc)
            else:
                messages.success(request, _("The leadership endorsement was saved."))
                return redirect(partner.program)
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    title = _("Leadership endorsement: %(name)s") % {"name": partner.organisation.name}
    return _form_page(
        request,
        form,
        title=title,
        program=partner.program,
        partner=partner,
        multipart=True,
        document_upload_url=upload_url(
            partner.program_id, back=request.path, kind=DocumentType.ENDORSEMENT, partner=partner.pk
        ),
    )


@login_required
def endorsement_override(request, pk):
    """The facilitator lets a partner that joined later own work before its endorsement, with a reason."""
    partner = access_program_partner(request.user, pk, manage=True)
    form = EndorsementOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_override_endorsement(request.user, partner, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The override is recorded."))
            return redirect(partner.program)
    title = _("Work before endorsement: %(name)s") % {"name": partner.organisation.name}
    return _form_page(request, form, title=title, program=partner.program, partner=partner)


@login_required
def endorsement_letter(request, pk):
    partner = access_program_partner(request.user, pk)
    return serve_private_file(partner.endorsement_letter, partner.endorsement_letter_name)


@login_required
def member_add(request, pk):
    """Facilitators assign anyone; a partner lead assigns the people of their own organisation."""
    program = access_program_people(request.user, pk)
    if not can_manage_program(request.user, program.membership):
        return _partner_staff_add(request, program)
    form = MembershipForm(request.POST or None, program=program, initial=_picked(request, "user"))
    if form.is_replay():
        return already_saved(request, AlreadySubmittedError(), program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_member(
                request.user,
                program,
                data["user"],
                data["role"],
                data["partner"],
                is_representative=data["is_representative"],
                form_token=form.submit_token,
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, program)
        except ValidationError as exc:
            form.add_error("user", exc)
        else:
            messages.success(request, _("The person was added to the program."))
            return redirect(program)
    return _form_page(
        request,
        form,
        title=_("Add a person to the program"),
        program=program,
    )


def _partner_staff_add(request, program):
    partner = program.membership.partner
    form = PartnerStaffForm(request.POST or None, program=program, partner=partner, initial=_picked(request, "user"))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_partner_staff(
                request.user,
                program,
                partner,
                form.cleaned_data["user"],
                is_representative=form.cleaned_data["is_representative"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person was added to the program."))
            return redirect(program)
    title = _("Add a person of %(organisation)s") % {"organisation": partner.organisation.name}
    return _form_page(request, form, title=title, program=program)


@login_required
def member_remove(request, pk):
    member = access_member(request.user, pk, write=True)
    program = member.program
    error = None
    if request.method == "POST":
        try:
            actions.do_remove_member(request.user, member)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The person was removed from the program."))
            return redirect(program)
    return render(request, "partners/member_remove.html", {"member": member, "program": program, "error": error})


# Contributions -------------------------------------------------------------------------------


def _contribution_partners(user, membership):
    """None (all partners) for facilitators; a lead records only for their own partner."""
    if can_manage_program(user, membership):
        return None
    return [membership.partner]


@login_required
def contribution_add(request, pk):
    program = access_program_contributions(request.user, pk)
    partners = _contribution_partners(request.user, program.membership)
    form = ContributionForm(request.POST or None, program=program, partners=partners)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            actions.do_add_contribution(request.user, fields.pop("partner"), form_token=form.submit_token, **fields)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, program)
        messages.success(request, _("The contribution was recorded."))
        return redirect(program)
    return _form_page(
        request,
        form,
        title=_("Record a contribution"),
        program=program,
    )


@login_required
def contribution_edit(request, pk):
    contribution = access_contribution(request.user, pk, write=True)
    program = contribution.partner.program
    partners = _contribution_partners(request.user, contribution.partner.membership)
    form = ContributionForm(request.POST or None, instance=contribution, program=program, partners=partners)
    if request.method == "POST" and form.is_valid():
        actions.do_update_contribution(request.user, contribution, **form.cleaned_data)
        messages.success(request, _("The contribution was saved."))
        return redirect(program)
    return _form_page(request, form, title=_("Edit contribution"), program=program)


@login_required
def contribution_delete(request, pk):
    contribution = access_contribution(request.user, pk, write=True)
    program = contribution.partner.program
    if request.method == "POST":
        actions.do_delete_contribution(request.user, contribution)
        messages.success(request, _("The contribution was deleted."))
        return redirect(program)
    return render(request, "partners/contribution_delete.html", {"contribution": contribution, "program": program})


# Organisations -------------------------------------------------------------------------------


@login_required
def organisation_list(request):
    queryset = (
        visible_organisations(request.user)
        .select_related("province", "regency")
        .annotate(program_count=Count("program_partners", distinct=True))
        .order_by("name", "pk")
    )
    filterset = OrganisationFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/organisation_list.html",
        {
            "filter": filterset,
            "page": page,
            "organisations": page.object_list,
            "query": query.urlencode(),
            "can_create": is_facilitator_or_admin(request.user),
        },
    )


@login_required
def organisation_detail(request, pk):
    organisation = access_organisation(request.user, pk)
    scoping = ScopingChecklist.objects.filter(organisation=organisation).first()
    ratings = []
    if scoping is not None:
        for name in ScopingChecklist.CRITERIA:
            field = ScopingChecklist._meta.get_field(name)
            ratings.append((field.verbose_name, getattr(scoping, name), getattr(scoping, f"get_{name}_display")()))
    programs = (
        ProgramPartner.objects.filter(organisation=organisation, program__in=visible_programs(request.user))
        .select_related("program")
        .order_by("program__name")
    )
    context = {
        "organisation": organisation,
        "capacities": organisation.capacities.all(),
        "scoping": scoping,
        "ratings": ratings,
        "program_partners": programs,
        "people": organisation.people.filter(is_active=True).order_by("first_name", "last_name"),
        "can_edit": can_edit_organisation(request.user, organisation),
        "can_assess": is_facilitator_or_admin(request.user),
        "panels": organisation_panels(request, organisation, visible_programs(request.user)),
    }
    return render(request, "partners/organisation_detail.html", context)


@login_required
def organisation_create(request):
    if not is_facilitator_or_admin(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.do_create_organisation(
                request.user, form_token=form.submit_token, **form.cleaned_data
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        messages.success(request, _("The organisation was created."))
        return redirect(organisation)
    return _form_page(request, form, title=_("New partner organisation"), cancel_url="partners:organisation_list")


@login_required
def organisation_edit(request, pk):
    organisation = access_organisation(request.user, pk, write=True)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        actions.do_update_organisation(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("The organisation was saved."))
        return redirect(organisation)
    return _form_page(request, form, title=_("Edit organisation"), cancel_url=organisation.get_absolute_url())


@login_required
def organisation_capacity(request, pk):
    organisation = access_organisation(request.user, pk, write=True)
    form = CapacityProfileForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        actions.do_set_capacity_profile(request.user, organisation, form.profile())
        messages.success(request, _("The capacity profile was saved."))
        return redirect(organisation)
    title = _("Capacity profile: %(name)s") % {"name": organisation.name}
    return _form_page(request, form, title=title, cancel_url=organisation.get_absolute_url())


@login_required
def organisation_scoping(request, pk):
    organisation = access_organisation(request.user, pk)
    # The scoping checklist is the facilitators' assessment of a partner, so partners read it only.
    if not is_facilitator_or_admin(request.user):
        raise PermissionDenied
    instance = ScopingChecklist.objects.filter(organisation=organisation).first()
    form = ScopingChecklistForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.do_save_scoping_checklist(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("The scoping checklist was saved."))
        return redirect(organisation)
    title = _("Scoping checklist: %(name)s") % {"name": organisation.name}
    return _form_page(request, form, title=title, cancel_url=organisation.get_absolute_url())
