"""In-app notifications. Reminder emails (issue 6) build on this app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should see in the app.

    `kind` is a plain string; its label is looked up in notifications.kinds so
    apps add kinds without a migration. `label` names the object concerned
    (milestone title etc.) and `message` carries any free text (a reviewer's note).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # Navbar unread count: WHERE user_id = ? AND read_at IS NULL
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notif_unread_idx"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"

    @classmethod
    def unread_count(cls, user):
        return cls.objects.filter(user=user, read_at__isnull=True).count()

    @property
    def kind_label(self):
        from notifications.kinds import kind_label

        return kind_label(self.kind)
