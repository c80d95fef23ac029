from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results")

    def ready(self):
        from notifications.kinds import register_kinds as register_notification_kinds
        from partners.activity import register_kinds as register_activity_kinds
        from partners.hooks import register_regions_listener
        from partners.panels import register_program_panel
        from partners.quota import register_file_source
        from results import reminders
        from results.actions import do_sync_location_options
        from results.models import ResultEvidence
        from results.panels import results_panel

        register_activity_kinds(
            {
                "indicator_created": _("added an indicator"),
                "indicator_changed": _("changed an indicator"),
                "result_submitted": _("submitted a result"),
                "result_approved": _("approved a result"),
                "result_returned": _("returned a result for revision"),
                "result_correction": _("started a correction of an approved result"),
            }
        )
        register_notification_kinds(
            {
                "result_submitted": _("A result is waiting for your review"),
                "result_approved": _("Your result was approved"),
                "result_returned": _("Your result was returned for revision"),
            }
        )
        register_file_source("result_evidence", ResultEvidence, program="result__indicator__program", size="size")
        reminders.register()
        register_regions_listener("results.locations", do_sync_location_options)
        register_program_panel(
            "results", order=15, template="results/_program_panel.html", context=results_panel, title=_("Results")
        )
