from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation")

    def ready(self):
        from facilitation import reminders
        from facilitation.panels import facilitation_panel, lessons_panel
        from notifications.kinds import register_kinds as register_notification_kinds
        from partners.activity import register_kinds
        from partners.panels import register_program_panel

        register_kinds(
            {
                "meeting_planned": _("planned a meeting"),
                "meeting_held": _("recorded a meeting"),
                "meeting_updated": _("updated a meeting"),
                "decisions_recorded": _("recorded decisions"),
                "action_item_done": _("completed an action item"),
                "mediation_opened": _("opened a mediation case"),
                "mediation_started": _("started mediating a case"),
                "mediation_resolved": _("resolved a mediation case"),
                "mediation_escalated": _("escalated a mediation case"),
                "mediation_reopened": _("reopened a mediation case"),
                "lesson_published": _("published a lesson to the library"),
                "facilitation_institution_set": _("set the facilitating institution"),
                "facilitator_handed_over": _("handed the facilitation over"),
            }
        )
        reminders.register()
        register_notification_kinds({"facilitation_handed_over": _("A program's facilitation was handed over to you")})
        register_program_panel(
            "facilitation",
            order=30,
            template="facilitation/_program_panel.html",
            context=facilitation_panel,
            title=_("Meetings and activity"),
        )
        register_program_panel(
            "lessons",
            order=35,
            template="facilitation/_lessons_panel.html",
            context=lessons_panel,
            title=_("Lessons from other programs"),
        )
