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
