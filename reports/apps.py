from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def report_panel(request, program):
    """A link from the program page to its report; no queries."""
    return {}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from partners.panels import register_program_panel

        register_program_panel(
            "reports", order=50, template="reports/_program_panel.html", context=report_panel, title=_("Reports")
        )
