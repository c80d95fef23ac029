"""Who may import. One rule per line.

- road map (and program members): the program's facilitator, or an administrator
  (`access_program(..., write=True)`: outsiders 404, the manager and partner people 403)
- organisations: facilitators and administrators (who create organisations by hand too)
- an import job: only the person who uploaded it (anyone else gets 404)
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from imports.models import ImportJob
from partners.access import access_program, is_facilitator_or_admin


def access_program_import(user, pk):
    return access_program(user, pk, write=True)


def can_import_organisations(user):
    return is_facilitator_or_admin(user)


def check_directory_import(user):
    if not can_import_organisations(user):
        raise PermissionDenied


def access_import_job(user, pk):
    return get_object_or_404(ImportJob.objects.select_related("program"), pk=pk, requested_by=user)
