from django.utils.translation import gettext_lazy as _

KINDS = {
    "update_returned": _("Your progress report was returned for revision"),
    "update_approved": _("Your progress report was approved"),
    "update_submitted": _("A progress report is waiting for your review"),
}


def register_kinds(kinds):
    KINDS.update(kinds)


def kind_label(kind):
    return KINDS.get(kind, kind)
