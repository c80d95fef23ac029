from django.utils.translation import gettext_lazy as _

# Reminder kinds produced by the sweep (notifications.reminders).
DUE_SOON = "due_soon"
OVERDUE = "overdue"
STALE = "stale"
REVIEW_WAITING = "review_waiting"
ASSESSMENT_PENDING = "assessment_pending"
ENDORSEMENT_MISSING = "endorsement_missing"
WEEKLY_DIGEST = "weekly_digest"

REMINDER_KINDS = [DUE_SOON, OVERDUE, STALE, REVIEW_WAITING, ASSESSMENT_PENDING, ENDORSEMENT_MISSING]

KINDS = {
    "update_returned": _("Your progress report was returned for revision"),
    "update_approved": _("Your progress report was approved"),
    "update_submitted": _("A progress report is waiting for your review"),
    DUE_SOON: _("Milestone due soon"),
    OVERDUE: _("Milestone overdue"),
    STALE: _("No progress report for a while"),
    REVIEW_WAITING: _("Progress report waiting for review"),
    ASSESSMENT_PENDING: _("Assessment waiting for you"),
    ENDORSEMENT_MISSING: _("Leadership endorsement still missing"),
    WEEKLY_DIGEST: _("Weekly digest"),
}


def register_kinds(kinds):
    KINDS.update(kinds)


def kind_label(kind):
    return KINDS.get(kind, kind)


def email_kinds():
    """(kind, label) pairs a person may opt out of, for the preferences page."""
    return [(kind, label) for kind, label in KINDS.items() if kind != WEEKLY_DIGEST]
