"""The program activity feed's kinds and their labels. Imports no model, so partners.models can use it.

Each app may add its kinds with `register_kinds({...})` at import time
(in its apps.py `ready`) — no migration needed. The writer is partners.actions.record_activity.
"""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "program_created": _("created the program"),
    "program_updated": _("updated the program"),
    "partner_added": _("added a partner"),
    "partner_updated": _("updated a partner"),
    "partner_left": _("recorded that a partner left the program"),
    "person_deactivated": _("deactivated the account of"),
    "endorsement_updated": _("updated a leadership endorsement"),
    "endorsement_overridden": _("let a partner work before its leadership endorsement"),
    "reendorsement_requested": _("asked for a renewed leadership endorsement"),
    "contribution_added": _("recorded a contribution"),
    "contribution_updated": _("changed a contribution"),
    "contribution_deleted": _("deleted a contribution"),
    "member_added": _("added a member"),
    "member_removed": _("removed a member"),
    "organisation_updated": _("updated a partner organisation"),
    "capacity_updated": _("updated a capacity profile"),
    "scoping_updated": _("updated a scoping checklist"),
    "phase_changed": _("changed the phase"),
}


def register_kinds(kinds):
    KINDS.update(kinds)


def kind_label(kind):
    return KINDS.get(kind, kind)
