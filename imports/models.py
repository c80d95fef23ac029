from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField, private_upload_to
from partners.models import Program


class ImportJob(models.Model):
    """One uploaded file, from preview (dry run) to apply. The file is kept so that apply reads
    exactly what was previewed; the preview is stored as JSON rows for the page to show."""

    class Kind(models.TextChoices):
        ROADMAP = "roadmap", _("Road map")
        ORGANISATIONS = "organisations", _("Organisations")
        PEOPLE = "people", _("People")
        MEMBERS = "members", _("Program members")
        RESULTS = "results", _("Indicator results")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for preview")
        PREVIEWING = "previewing", _("Checking the file")
        PREVIEWED = "previewed", _("Ready to apply")
        REFUSED = "refused", _("Refused")
        APPLY_QUEUED = "apply_queued", _("Waiting to apply")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    language = models.CharField(max_length=10, default="id")
    # The uploaded spreadsheet; CSV is declared because text cannot be sniffed. Not counted in the
    # program's storage quota: it is a working copy, like an export.
    file = PrivateFileField(_("file"), upload_to=private_upload_to("imports"), text_types={"csv"}, size_field="size")
    size = models.PositiveIntegerField(default=0)
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # [{"line": 2, "action": "create"|"update"|"unchanged"|"refuse", "key": "...", "label": "...", "messages": [...]}]
    rows = models.JSONField(default=list, blank=True)
    # The whole file refused (wrong headers, damaged ...): one message instead of rows.
    error = models.TextField(_("error"), blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [models.CheckConstraint(name="import_progress_0_100", condition=Q(progress__lte=100))]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_running(self):
        return self.status in {
            self.Status.QUEUED,
            self.Status.PREVIEWING,
            self.Status.APPLY_QUEUED,
            self.Status.APPLYING,
        }

    @property
    def can_apply(self):
        return self.status == self.Status.PREVIEWED and not self.refused and (self.created or self.updated)
