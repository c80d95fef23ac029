from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from partners.access import access_organisation, access_program, visible_organisations, visible_programs
from partners.models import EndorsementStatus, ProgramPartner
from partners.panels import program_panels


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
    return render(request, "partners/program_list.html", {"programs": programs})


@login_required
def program_detail(request, pk):
    program = access_program(request.user, pk)
    partners = (
        ProgramPartner.objects.filter(program=program)
        .select_related("organisation", "organisation__province")
        .annotate(contribution_total=Sum("contributions__value_idr"))
        .order_by("organisation__name")
    )
    return render(
        request,
        "partners/program_detail.html",
        {"program": program, "partners": partners, "panels": program_panels(request, program)},
    )


@login_required
def organisation_list(request):
    organisations = visible_organisations(request.user).select_related("province")
    return render(request, "partners/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk):
    organisation = access_organisation(request.user, pk)
    return render(request, "partners/organisation_detail.html", {"organisation": organisation})
