"""Export jobs: a long export runs as a Celery task and leaves a private file for the person who asked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField, private_upload_to

STALE_ERROR_PREFIX = "stale:"


class ExportJobQuerySet(models.QuerySet):
    def waiting_since(self, cutoff):
        """Jobs still queued (never claimed by a worker) that were requested before `cutoff`, oldest first."""
        return self.filter(status=ExportJob.Status.QUEUED, created_at__lt=cutoff).order_by("created_at", "pk")


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        PROGRAM_PDF = "program_pdf", _("Program report (PDF bulletin)")
        PROGRAM_XLSX = "program_xlsx", _("Program report (Excel workbook)")
        MILESTONES_XLSX = "milestones_xlsx", _("Milestone list (Excel)")
        MILESTONES_CSV = "milestones_csv", _("Milestone list (CSV)")
        # One table of a report page (program, portfolio, IPTT), too long to send inside a request.
        TABLE_XLSX = "table_xlsx", _("Table (Excel)")
        TABLE_CSV = "table_csv", _("Table (CSV)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        EMPTY = "empty", _("No data")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # ids, dates as ISO strings and the language: everything the task needs to rebuild the report.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Written only by the export task; CSV is declared because text cannot be sniffed.
    file = PrivateFileField(_("file"), upload_to=private_upload_to("exports"), blank=True, text_types={"csv"})
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [models.CheckConstraint(name="export_progress_0_100", condition=Q(progress__lte=100))]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("reports:export_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.EMPTY, self.Status.FAILED)

    @property
    def is_stale(self):
        """Failed because it was left running by a worker that stopped (reports.actions.do_fail_stale_exports)."""
        return self.status == self.Status.FAILED and self.error.startswith(STALE_ERROR_PREFIX)

    @property
    def retry_url(self):
        """Where to ask again: the table's download link, or the report page the job was asked from."""
        url = self.params.get("url", "")
        if url.startswith("/") and not url.startswith("//"):
            return url
        if self.program_id:
            return reverse("reports:program", args=[self.program_id])
        return reverse("reports:portfolio")

    @property
    def title(self):
        """What the job makes: its kind, and for a table export the table's title."""
        table = self.params.get("title")
        return f"{self.get_kind_display()}: {table}" if table else self.get_kind_display()

    @property
    def program_id(self):
        return self.params.get("program")
