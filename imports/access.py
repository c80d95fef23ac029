"""Who may import. One rule per line.

- road map (and program members): the program's facilitator, or an administrator
  (`access_program(..., write=True)`: outsiders 404, the manager and partner people 403)
- organisations: facilitators and administrators (who create organisations by hand too)
- people (accounts): administrators only
- indicator results: the program's facilitator (any partner's figures) and partner leads (their own
  organisation's figures only; the importer refuses other rows); staff and managers 403
- an import job: only the person who uploaded it (anyone else gets 404)
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from imports.models import ImportJob
from partners.access import access_program, can_manage_program, is_facilitator_or_admin, is_partner_lead


def access_program_import(user, pk):
    return access_program(user, pk, write=True)


def can_import_organisations(user):
    return is_facilitator_or_admin(user)


def check_directory_import(user):
    if not can_import_organisations(user):
        raise PermissionDenied


def access_import_job(user, pk):
    return get_object_or_404(ImportJob.objects.select_related("program"), pk=pk, requested_by=user)


def check_people_import(user):
    if not user.is_admin:
        raise PermissionDenied


def access_results_import(user, pk):
    program = access_program(user, pk)
    if not (can_manage_program(user, program.membership) or is_partner_lead(program.membership)):
        raise PermissionDenied
    return program
