from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from partners.activity import register_kinds

        register_kinds({"reminder_settings_updated": _("changed the reminder settings")})
