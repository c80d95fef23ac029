"""The program's document library (issue 14, item 3): list, upload, detail with versions, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.actions import AlreadySubmittedError
from core.http import already_saved, is_safe_path, safe_redirect
from core.uploads import serve_private_file
from partners import actions
from partners.access import (
    access_document,
    access_document_version,
    access_program_documents,
    can_add_document_version,
    can_add_documents,
    can_manage_program,
    visible_documents,
)
from partners.forms import DocumentFilterForm, DocumentForm, DocumentVersionForm
from partners.models import DocumentType

DOCUMENTS_PER_PAGE = 25


@login_required
def document_list(request, pk):
    program = access_program_documents(request.user, pk)
    filters = DocumentFilterForm(request.GET or None, program=program)
    documents = filters.filter(
        visible_documents(request.user, program).select_related("partner__organisation", "current_version__uploaded_by")
    )
    page = Paginator(documents.order_by("-date", "-pk"), DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "filters": filters,
        "page": page,
        "documents": page.object_list,
        "query": query.urlencode(),
        "can_add": can_add_documents(request.user, program.membership),
    }
    return render(request, "partners/document_list.html", context)


def _back_with(request, document):
    """Where the upload lands: back to the page that asked for it (the endorsement or the agreement form),
    with the new document picked, when that is a path on this site; else the document's own page."""
    back = request.GET.get("next", "")
    joiner = "&" if "?" in back else "?"
    return safe_redirect(request, f"{back}{joiner}{urlencode({'document': document.pk})}", document)


@login_required
def document_add(request, pk):
    program = access_program_documents(request.user, pk, write=True)
    manages = can_manage_program(request.user, program.membership)
    own_partner = None if manages else program.membership.partner
    initial = {key: request.GET[key] for key in ("kind", "partner", "title") if key in request.GET}
    if initial.get("kind") not in DocumentType.values:
        initial.pop("kind", None)
    form = DocumentForm(
        request.POST or None, request.FILES or None, program=program, own_partner=own_partner, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields.pop("form_token", None)
        try:
            document = actions.do_add_document(request.user, program, form_token=form.submit_token, **fields)
        except AlreadySubmittedError as replay:
            return already_saved(request, replay)
        except ValidationError as exc:  # the file does not fit in the program's storage quota
            form.add_error("file", exc)
        else:
            messages.success(request, _("The document was added to the library."))
            return _back_with(request, document)
    return render(
        request,
        "partners/document_form.html",
        {"program": program, "form": form, "title": _("Add a document"), "cancel_url": _cancel(request, program)},
    )


def _cancel(request, program):
    target = request.GET.get("next", "")
    if is_safe_path(request, target):
        return target
    return reverse("partners:document_list", args=[program.pk])


@login_required
def document_detail(request, pk):
    document = access_document(request.user, pk)
    versions = document.versions.select_related("uploaded_by").order_by("-number")
    context = {
        "program": document.program,
        "document": document,
        "versions": versions,
        "can_add_version": can_add_document_version(request.user, document.membership, document),
    }
    return render(request, "partners/document_detail.html", context)


@login_required
def document_version_add(request, pk):
    document = access_document(request.user, pk, write=True)
    form = DocumentVersionForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_document_version(
                request.user,
                document,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                form_token=form.submit_token,
            )
        except AlreadySubmittedError as replay:
            return already_saved(request, replay, document)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The new version was saved; the earlier ones are kept."))
            return redirect(document)
    title = _("New version: %(title)s") % {"title": document.title}
    return render(
        request,
        "partners/document_form.html",
        {
            "program": document.program,
            "document": document,
            "form": form,
            "title": title,
            "cancel_url": document.get_absolute_url(),
        },
    )


@login_required
def document_download(request, pk):
    version = access_document_version(request.user, pk)
    return serve_private_file(version.file, version.original_name)
