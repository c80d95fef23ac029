from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Road map")

    def ready(self):
        from partners.activity import register_kinds
        from partners.leaving import register_leave_check
        from partners.panels import register_program_panel
        from partners.quota import register_file_source
        from roadmap import reminders
        from roadmap.actions import refuse_leaving_with_open_milestones
        from roadmap.models import Evidence
        from roadmap.panels import roadmap_panel

        register_kinds(
            {
                "outcome_created": _("added an outcome to the road map"),
                "output_created": _("added an output to the road map"),
                "milestone_created": _("added a milestone"),
                "roadmap_revised": _("revised the road map"),
                "roadmap_item_deleted": _("deleted an item from the road map"),
                "update_submitted": _("submitted a progress report"),
                "update_approved": _("approved a progress report"),
                "update_returned": _("returned a progress report for revision"),
                "milestone_commented": _("commented on a milestone"),
            }
        )
        reminders.register()
        register_file_source("evidence", Evidence, program="update__milestone__program", size="size")
        register_leave_check(refuse_leaving_with_open_milestones)
        register_program_panel(
            "roadmap", order=10, template="roadmap/_program_panel.html", context=roadmap_panel, title=_("Road map")
        )
