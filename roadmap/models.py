"""The road map (peta jalan): outcome -> output -> milestone, with progress reports.

Skeleton laid by the foundation so other apps can build on it; the road-map
issue owns and extends it.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField, private_upload_to
from partners.models import Program, ProgramPartner


class RoadmapItem(models.Model):
    """Fields shared by outcomes and outputs."""

    statement = models.TextField(_("statement"))
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    achieved_value = models.DecimalField(_("achieved"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_text = models.CharField(_("baseline (qualitative)"), max_length=300, blank=True)
    target_text = models.CharField(_("target (qualitative)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.statement[:80]


class Outcome(RoadmapItem):
    """Capaian / dampak."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outcomes")
    partners = models.ManyToManyField(
        ProgramPartner, verbose_name=_("responsible partners"), related_name="outcomes", blank=True
    )

    class Meta(RoadmapItem.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def get_absolute_url(self):
        return reverse("roadmap:outcome_detail", args=[self.pk])


class Output(RoadmapItem):
    """Keluaran."""

    outcome = models.ForeignKey(Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="outputs")
    partners = models.ManyToManyField(
        ProgramPartner, verbose_name=_("responsible partners"), related_name="outputs", blank=True
    )

    class Meta(RoadmapItem.Meta):
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def get_absolute_url(self):
        return reverse("roadmap:output_detail", args=[self.pk])


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.BLOCKED]


class Milestone(models.Model):
    """Tonggak capaian, owned by one of the program's partners."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    output = models.ForeignKey(Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        ProgramPartner, verbose_name=_("owner partner"), on_delete=models.PROTECT, related_name="milestones"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_milestones",
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    depends_on = models.ManyToManyField(
        "self", verbose_name=_("depends on"), symmetrical=False, related_name="dependents", blank=True
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    last_progress_at = models.DateTimeField(_("last progress report"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(name="milestone_due_after_start", condition=Q(due_date__gte=models.F("start_date"))),
            models.CheckConstraint(name="milestone_progress_0_100", condition=Q(progress__lte=100)),
        ]
        indexes = [
            models.Index(fields=["program", "due_date"]),
            # Reminder sweep and overdue counts: WHERE status IN (open) AND due_date <= ?
            models.Index(fields=["due_date"], condition=Q(status__in=OPEN_STATUSES), name="milestone_open_due_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:milestone_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()


class ProgressUpdate(models.Model):
    """Laporan kemajuan: a partner's report on a milestone; only approval changes the milestone."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    new_status = models.CharField(_("new status"), max_length=20, choices=MilestoneStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("narrative"))
    review_note = models.TextField(_("reviewer's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(name="update_progress_0_100", condition=Q(progress__lte=100))]
        indexes = [
            # Review queue and "awaiting review" counts: WHERE state = 'submitted' ORDER BY submitted_at
            models.Index(fields=["submitted_at"], condition=Q(state="submitted"), name="update_submitted_idx"),
        ]

    def __str__(self):
        return f"{self.milestone} ({self.get_state_display()})"


class Evidence(models.Model):
    """A file attached to a progress report; downloaded only through an access-checked view."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = PrivateFileField(_("file"), upload_to=private_upload_to("evidence"), size_field="size")
    original_name = models.CharField(_("file name"), max_length=255)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


class Revision(models.Model):
    """A recorded change to road-map data: who, when, old -> new, and why."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="revisions")
    item_type = models.CharField(max_length=20)  # "outcome" | "output" | "milestone"
    item_id = models.PositiveBigIntegerField()
    item_label = models.CharField(max_length=300)
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(_("reason"))
    # The item's version after this change: a stale form loaded at version N is shown
    # the revisions with item_version > N (what the other person changed meanwhile).
    item_version = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["item_type", "item_id"]), models.Index(fields=["program", "-created_at"])]

    def __str__(self):
        return f"{self.item_label}: {self.field}"

    ITEM_MODELS = {"outcome": "Outcome", "output": "Output", "milestone": "Milestone"}

    @property
    def item_model(self):
        return globals()[self.ITEM_MODELS[self.item_type]]

    @property
    def field_label(self):
        if self.field == "created":
            return _("created")
        if self.field == "deleted":
            return _("deleted")
        try:
            return self.item_model._meta.get_field(self.field).verbose_name
        except FieldDoesNotExist:  # a field since removed: show its name
            return self.field

    def _show(self, value):
        if self.field == "status" and value in MilestoneStatus.values:
            return MilestoneStatus(value).label
        return value

    @property
    def old_display(self):
        return self._show(self.old_value)

    @property
    def new_display(self):
        return self._show(self.new_value)

    @property
    def item_url(self):
        if self.item_type == "milestone":
            return reverse("roadmap:milestone_detail", args=[self.item_id])
        return reverse(f"roadmap:{self.item_type}_detail", args=[self.item_id])


class Comment(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:80]
