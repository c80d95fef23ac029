from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from assessments import reminders
        from assessments.panels import program_panel
        from notifications.kinds import register_kinds as register_notification_kinds
        from partners.activity import register_kinds
        from partners.panels import register_program_panel

        register_kinds(
            {
                "assessment_round_opened": _("opened an assessment round"),
                "assessment_round_closed": _("closed an assessment round"),
                "assessment_round_reopened": _("reopened an assessment round"),
                "assessment_submitted": _("submitted a competency assessment"),
                "capacity_plan_created": _("created a capacity plan"),
                "training_recorded": _("recorded a training"),
                "health_action_added": _("added an action after the health check"),
                "health_action_done": _("completed an action after the health check"),
            }
        )
        register_notification_kinds(
            {"assessment_returned": _("Assessment returned"), "health_check_returned": _("Health check returned")}
        )
        reminders.register()
        register_program_panel(
            "assessments",
            order=40,
            template="assessments/_program_panel.html",
            context=program_panel,
            title=_("People and partnership health"),
        )
