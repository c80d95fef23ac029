from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports.access import (
    access_import_job,
    access_program_import,
    access_results_import,
    check_directory_import,
    check_people_import,
)
from imports.actions import do_apply_import, do_start_import
from imports.forms import ImportForm
from imports.importers import IMPORTERS
from imports.models import ImportJob
from imports.parsing import FileRefusedError
from imports.spreadsheets import build_template

FORMATS = {"xlsx", "csv"}


def _template_response(kind, fmt, program=None):
    if fmt not in FORMATS:
        raise Http404
    content, name, content_type = build_template(kind, fmt, translation.get_language() or "id", program)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload(request, kind, program, template_urls):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = do_start_import(request.user, kind, program, form.cleaned_data["file"])
        except FileRefusedError as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("imports:job_detail", job.pk)
    context = {
        "form": form,
        "kind": ImportJob.Kind(kind),
        "program": program,
        "template_urls": template_urls,
        "columns": IMPORTERS[kind].columns,
    }
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)


@login_required
def program_roadmap(request, pk):
    program = access_program_import(request.user, pk)
    urls = {fmt: reverse("imports:program_roadmap_template", args=[program.pk, fmt]) for fmt in ("xlsx", "csv")}
    return _upload(request, ImportJob.Kind.ROADMAP, program, urls)


@login_required
def program_roadmap_template(request, pk, fmt):
    program = access_program_import(request.user, pk)
    return _template_response(ImportJob.Kind.ROADMAP, fmt, program)


@login_required
def organisations(request):
    check_directory_import(request.user)
    urls = {fmt: reverse("imports:organisations_template", args=[fmt]) for fmt in ("xlsx", "csv")}
    return _upload(request, ImportJob.Kind.ORGANISATIONS, None, urls)


@login_required
def organisations_template(request, fmt):
    check_directory_import(request.user)
    return _template_response(ImportJob.Kind.ORGANISATIONS, fmt)


@login_required
def people(request):
    check_people_import(request.user)
    urls = {fmt: reverse("imports:people_template", args=[fmt]) for fmt in ("xlsx", "csv")}
    return _upload(request, ImportJob.Kind.PEOPLE, None, urls)


@login_required
def people_template(request, fmt):
    check_people_import(request.user)
    return _template_response(ImportJob.Kind.PEOPLE, fmt)


@login_required
def program_members(request, pk):
    program = access_program_import(request.user, pk)
    urls = {fmt: reverse("imports:program_members_template", args=[program.pk, fmt]) for fmt in ("xlsx", "csv")}
    return _upload(request, ImportJob.Kind.MEMBERS, program, urls)


@login_required
def program_members_template(request, pk, fmt):
    program = access_program_import(request.user, pk)
    return _template_response(ImportJob.Kind.MEMBERS, fmt, program)


@login_required
def program_results(request, pk):
    program = access_results_import(request.user, pk)
    urls = {fmt: reverse("imports:program_results_template", args=[program.pk, fmt]) for fmt in ("xlsx", "csv")}
    return _upload(request, ImportJob.Kind.RESULTS, program, urls)


@login_required
def program_results_template(request, pk, fmt):
    program = access_results_import(request.user, pk)
    return _template_response(ImportJob.Kind.RESULTS, fmt, program)


@login_required
def job_detail(request, pk):
    job = access_import_job(request.user, pk)
    return render(request, "imports/job_detail.html", {"job": job})


@login_required
def job_status(request, pk):
    """The fragment htmx polls every two seconds while a large file is checked or applied."""
    job = access_import_job(request.user, pk)
    return render(request, "imports/_job_status.html", {"job": job})


@login_required
@require_POST
def job_apply(request, pk):
    job = access_import_job(request.user, pk)
    job = do_apply_import(request.user, job)
    if job.status == ImportJob.Status.APPLIED:
        messages.success(
            request,
            _("Import applied: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": job.created, "updated": job.updated, "unchanged": job.unchanged},
        )
    elif job.status == ImportJob.Status.REFUSED:
        messages.error(request, _("The import was refused and nothing was changed. See the rows below."))
    return redirect("imports:job_detail", job.pk)
