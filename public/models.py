"""What the public (and people without an account) may receive from a program.

A program's public page is shown only when its facilitator has published it *and* every partner's
lead has agreed (one `PublicConsent` per `ProgramPartner`). Withdrawing an agreement deletes the row,
so the page answers 404 from the next request on: the rule is evaluated in the database on every
request, never from a cache.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Program, ProgramPartner


class PublicPage(models.Model):
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="public_page")
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self):
        return self.slug


class PublicConsent(models.Model):
    """A partner lead's agreement that the program may have a public page."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="public_consents")
    partner = models.OneToOneField(ProgramPartner, on_delete=models.CASCADE, related_name="public_consent")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement to publish")
        verbose_name_plural = _("agreements to publish")

    def __str__(self):
        return f"{self.partner_id}"


class BulletinSchedule(models.Model):
    """When the program's bulletin goes out on its own, and in which languages."""

    class Frequency(models.TextChoices):
        OFF = "off", _("Not sent")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="bulletin_schedule")
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.OFF)
    in_indonesian = models.BooleanField(_("in Indonesian"), default=True)
    in_english = models.BooleanField(_("in English"), default=False)
    # Periods that ended before the schedule was set are not sent after the fact.
    starts_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin schedule")
        verbose_name_plural = _("bulletin schedules")
        constraints = [
            models.CheckConstraint(
                name="bulletin_has_a_language", condition=models.Q(in_indonesian=True) | models.Q(in_english=True)
            )
        ]

    def __str__(self):
        return f"{self.program_id} {self.frequency}"

    def language_for(self, preferred):
        """The recipient's language if the bulletin is made in it, else the schedule's first."""
        languages = [code for code, on in (("id", self.in_indonesian), ("en", self.in_english)) if on]
        return preferred if preferred in languages else languages[0]


class BulletinRecipient(models.Model):
    """One address on a program's distribution list: a partner's contact or a person without an account."""

    class Language(models.TextChoices):
        ID = "id", "Bahasa Indonesia"
        EN = "en", "English"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="bulletin_recipients")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ID)
    partner = models.ForeignKey(
        ProgramPartner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("partner")
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin recipient")
        verbose_name_plural = _("bulletin recipients")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "email"], name="bulletin_recipient_once")]

    def __str__(self):
        return self.name


class BulletinDelivery(models.Model):
    """The bulletin ledger: one row per (recipient, period), ever.

    Like notifications.Reminder: the unique constraint makes a second run (or a second beat)
    insert nothing new, and `claimed_at` is taken by a conditional UPDATE before the email is
    sent, so only one process sends a row.
    """

    class Outcome(models.TextChoices):
        PENDING = "", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed before sending")

    recipient = models.ForeignKey(BulletinRecipient, on_delete=models.CASCADE, related_name="deliveries")
    period_start = models.DateField()
    period_end = models.DateField()
    language = models.CharField(max_length=2)
    claimed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "period_start"], name="bulletin_exactly_once")]
        indexes = [
            # The send loop: WHERE claimed_at IS NULL.
            models.Index(fields=["recipient"], condition=models.Q(claimed_at__isnull=True), name="bulletin_unsent_idx"),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.period_start}"
