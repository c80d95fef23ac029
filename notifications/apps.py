from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import panels
        from partners.activity import register_kinds
        from partners.panels import register_program_panel

        register_kinds({"reminder_settings_updated": _("changed the reminder settings")})
        register_program_panel(
            "notifications", order=60, template="notifications/_program_panel.html", context=panels.reminder_settings
        )
