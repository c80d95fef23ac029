from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The ledger, delivery, digests, preferences and settings. It imports no domain app: the
    apps above register their notification kinds and reminder rules (notifications.registry)."""

    name = "notifications"
    verbose_name = _("Notifications")
