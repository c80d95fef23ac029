from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation")

    def ready(self):
        from facilitation import reminders
        from facilitation.panels import facilitation_panel
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
            }
        )
        reminders.register()
        register_program_panel(
            "facilitation", order=30, template="facilitation/_program_panel.html", context=facilitation_panel
        )
