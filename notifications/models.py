"""In-app notifications. Reminder emails (issue 6) build on this app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import kind_label


class Notification(models.Model):
    """Something a person should see in the app.

    `kind` is a plain string; its label is looked up in notifications.kinds so
    apps add kinds without a migration. `label` names the object concerned
    (milestone title etc.) and `message` carries any free text (a reviewer's note).
    """

    # The sweep inserts tens of thousands of these at once (issue 19): no database foreign-key trigger
    # per row. Deleting a person still deletes their notifications (Django's collector does the CASCADE).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_constraint=False
    )
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # What the notification is about (e.g. "progress_update", 12), so it can be marked done when the
    # work is done and dropped from a digest (issue 16, item 13). Empty for plain news.
    object_type = models.CharField(max_length=30, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # Navbar unread count: WHERE user_id = ? AND read_at IS NULL
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notif_unread_idx"),
            # do_resolve_notifications: WHERE object_type = ? AND object_id = ? AND read_at IS NULL
            models.Index(
                fields=["object_type", "object_id"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_subject_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"

    @classmethod
    def unread_count(cls, user):
        return cls.objects.filter(user=user, read_at__isnull=True).count()

    @property
    def kind_label(self):
        return kind_label(self.kind)


def validate_day_list(value):
    try:
        days = parse_day_list(value)
    except ValueError:
        raise ValidationError(_("Enter whole numbers of days separated by commas, for example 7,1.")) from None
    if not days:
        raise ValidationError(_("Enter at least one number of days."))
    if any(day < 0 or day > 90 for day in days):
        raise ValidationError(_("Each number of days must be between 0 and 90."))


def parse_day_list(value):
    """'7, 1' -> [7, 1] (largest first, no repeats)."""
    parts = [part.strip() for part in str(value).split(",") if part.strip()]
    return sorted({int(part) for part in parts}, reverse=True)


class ReminderSettings(models.Model):
    """Per-program reminder thresholds. Programs without a row use the defaults below."""

    DEFAULT_DUE_SOON = "7,1"
    DEFAULT_STALE_DAYS = 14
    DEFAULT_REVIEW_DAYS = 3

    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("program")
    )
    due_soon_days = models.CharField(
        _("remind before the due date (days)"),
        max_length=40,
        default=DEFAULT_DUE_SOON,
        validators=[validate_day_list],
        help_text=_("Numbers of days before a milestone's due date, separated by commas, for example 7,1."),
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("remind when no progress report for (days)"), default=DEFAULT_STALE_DAYS
    )
    review_after_days = models.PositiveSmallIntegerField(
        _("remind the facilitator when a report waits for review for (days)"), default=DEFAULT_REVIEW_DAYS
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(name="reminder_stale_days_positive", condition=models.Q(stale_after_days__gte=1)),
            models.CheckConstraint(name="reminder_review_days_positive", condition=models.Q(review_after_days__gte=1)),
        ]

    def __str__(self):
        return str(self.program)

    @property
    def due_soon_list(self):
        try:
            return parse_day_list(self.due_soon_days) or parse_day_list(self.DEFAULT_DUE_SOON)
        except ValueError:
            return parse_day_list(self.DEFAULT_DUE_SOON)


class Preference(models.Model):
    """How a person wants to hear about reminders. People without a row get the defaults."""

    class Email(models.TextChoices):
        DIGEST = "digest", _("One email per reminder run, gathering all my items (digest)")
        IMMEDIATE = "immediate", _("One email for each item, straight away")
        OFF = "off", _("No reminder emails; only in the app")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(_("reminder emails"), max_length=20, choices=Email.choices, default=Email.DIGEST)
    weekly_digest = models.BooleanField(_("weekly digest (Monday morning)"), default=True)
    muted_kinds = models.JSONField(_("kinds I do not want emails about"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


DEFAULT_PREFERENCE = Preference(email=Preference.Email.DIGEST, weekly_digest=True, muted_kinds=[])


def preference_for(user):
    """The user's preference row, or the defaults (uses select_related data when present)."""
    try:
        return user.notification_preference
    except Preference.DoesNotExist:
        return DEFAULT_PREFERENCE


class Reminder(models.Model):
    """The reminder ledger: one row per (person, kind, object, due date or period), ever.

    The unique constraint makes a second sweep, a second beat process or a
    duplicated task message insert nothing new; `sent_at` is the claim taken by a
    conditional UPDATE before anything is sent, so only one process sends a row.
    """

    class Outcome(models.TextChoices):
        PENDING = "", _("Pending")
        EMAILED = "emailed", _("Emailed")
        IN_APP = "in_app", _("In the app only")
        FAILED = "failed", _("Email failed")
        DROPPED = "dropped", _("Not sent: already done, or said by another item")

    # The ledger is written and claimed in bulk by the sweep (issue 19). The unique constraint below
    # starts with user_id, so a separate user index would only cost writes; and no database foreign-key
    # trigger runs per row (deletes still cascade through Django's collector).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=40)
    object_type = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    period = models.CharField(max_length=40, blank=True)
    program = models.ForeignKey(
        "partners.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_constraint=False,
    )
    label = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The claim: set by UPDATE ... WHERE sent_at IS NULL before the email is sent.
    sent_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    notified = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_type", "object_id", "period"], name="reminder_exactly_once"
            )
        ]
        indexes = [
            # Delivery: WHERE sent_at IS NULL ORDER BY user_id (the unsent queue).
            models.Index(fields=["user"], condition=models.Q(sent_at__isnull=True), name="reminder_unsent_idx"),
            # Sweep anti-join: WHERE object_type = ? AND object_id IN (...).
            models.Index(fields=["object_type", "object_id"], name="reminder_object_idx"),
            # Claimed rows are read back with WHERE user_id IN (...) AND claim = ?, and the weekly
            # digest with WHERE user_id IN (...) AND created_at >= ?: both use the unique index's
            # leading user_id column, so no extra index slows the sweep's bulk writes.
        ]

    def __str__(self):
        return f"{self.kind}: {self.label} → {self.user_id}"

    @property
    def kind_label(self):
        return kind_label(self.kind)


class DigestRun(models.Model):
    """One weekly digest run (period = ISO week). The hourly sweep re-runs an unfinished one."""

    period = models.CharField(max_length=20, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest run")
        verbose_name_plural = _("weekly digest runs")

    def __str__(self):
        return self.period
