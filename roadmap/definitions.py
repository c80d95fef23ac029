"""What each figure on the pages means, in words: the help text beside every label.

The rules themselves are code (`roadmap.models.MilestoneRules`, the `Milestone.objects`,
`ProgressUpdate.objects` and `ProgramPartner.objects` methods); this is their wording, shown on
the definitions page and as the title of the "?" beside each label. docs/definitions.md says the
same in both languages; a test checks that every key here has a heading there.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FIGURES = {
    "open": (
        pgettext_lazy("milestone state", "Open"),
        _("A milestone that is planned, in progress or blocked: neither done nor cancelled."),
    ),
    "overdue": (
        _("Overdue"),
        _(
            "An open milestone whose due date is before today. A report counts it on the day after its "
            "period (or today, if sooner), so a milestone that fell due before the period and is still "
            "open stays overdue on it."
        ),
    ),
    "due_soon": (
        _("Due soon"),
        _(
            "An open milestone due today or within the next days set in the program's reminder settings "
            "(7 and 1 days by default)."
        ),
    ),
    "done": (
        _("Done"),
        _("A milestone with the status done. A report counts the done milestones due in its period."),
    ),
    "counted": (
        _("Milestones"),
        _("Every milestone except cancelled ones. A report counts those due in its period."),
    ),
    "stale": (
        _("Stale"),
        _(
            "A milestone in progress with no approved progress report for the days set in the program's "
            "reminder settings (14 by default), counted from its start date if it never had one."
        ),
    ),
    "completion": (
        _("Completion"),
        _(
            "Done milestones as a share of all milestones except cancelled ones. A report uses the "
            "milestones due in its period."
        ),
    ),
    "on_time": (
        _("On-time rate"),
        _(
            "Milestones done on or before their due date, as a share of the done milestones. A report "
            "uses the done milestones due in its period."
        ),
    ),
    "progress": (
        _("Progress"),
        _(
            "From the indicators when at least one has a figure: the mean of their achievements against "
            "their targets to date, each capped at 100% (an outcome also averages its outputs' scores). "
            "Otherwise from the milestones: an output's is the average progress of its milestones, cancelled "
            "ones left out; an outcome's is the average of its outputs' progress. With neither it is n/a. "
            "The page says which."
        ),
    ),
    "waiting_review": (
        _("Awaiting review"),
        _("Progress reports a partner has submitted that the facilitator has not yet approved or returned."),
    ),
    "missing_endorsement": (
        _("Missing endorsement"),
        _("Partners in the program whose leadership endorsement is requested or declined: not yet given."),
    ),
    "commitment_behind": (
        _("Behind its commitment"),
        _(
            "A partner whose recorded contributions of a type, within the period of its commitment, are below "
            "90% of the share due so far (the committed value times the part of the period that has passed). "
            "Not counted in the first 30 days of the period."
        ),
    ),
}
