"""Labels of notification kinds. Kinds are plain strings, so apps add them without a migration.

Apps register the kinds they send with `do_notify` through `register_kinds({...})`, and the kinds
their reminder rules record through `notifications.registry.register_reminder_rule` (which
registers the labels here too). This app only defines the weekly digest.
"""

from django.utils.translation import gettext_lazy as _

WEEKLY_DIGEST = "weekly_digest"

KINDS = {
    WEEKLY_DIGEST: _("Weekly digest"),
}


def register_kinds(kinds):
    KINDS.update(kinds)


def kind_label(kind):
    return KINDS.get(kind, kind)


def email_kinds():
    """(kind, label) pairs a person may opt out of, for the preferences page."""
    return [(kind, label) for kind, label in KINDS.items() if kind != WEEKLY_DIGEST]
