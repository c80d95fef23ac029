"""The road map (peta jalan): outcome -> output -> milestone, with progress reports.

Skeleton laid by the foundation so other apps can build on it; the road-map
issue owns and extends it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.numbers import as_percent, percent
from core.uploads import PrivateFileField, private_upload_to
from partners.models import Program, ProgramPartner

PROGRESS_FROM_INDICATORS = "indicators"
PROGRESS_FROM_MILESTONES = "milestones"
PROGRESS_SOURCES = {PROGRESS_FROM_INDICATORS: _("from indicators"), PROGRESS_FROM_MILESTONES: _("from milestones")}


class RoadmapItem(models.Model):
    """Fields shared by outcomes and outputs."""

    # The natural key a spreadsheet import matches on (imports app); blank for items typed in.
    code = models.CharField(_("code"), max_length=40, blank=True)
    statement = models.TextField(_("statement"))
    # What an item measures (indicator, unit, baseline, target, achieved) lives in the results app's
    # indicators; results migration 0004 moved the old fields there (issue 13, item 8).
    order = models.PositiveIntegerField(_("order"), default=0)
    # Progress from the item's indicators (docs/definitions.md, "progress"): the results app stores it
    # whenever a figure behind it changes (results.actions.refresh_item_progress), so the road map
    # reads a plain field and never imports results. None: no indicator of the item (or, for an
    # outcome, of its outputs) has a figure yet, and progress comes from the milestones.
    indicator_progress = models.DecimalField(
        _("progress from indicators (%)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.statement[:80]

    @property
    def progress(self):
        """Progress (docs/definitions.md): from the indicators where they give one, else from the
        milestones (which needs `with_progress()` on the queryset). `progress_source` says which."""
        if self.indicator_progress is not None:
            return as_percent(self.indicator_progress)
        return as_percent(self.progress_avg)

    @property
    def progress_source(self):
        """PROGRESS_FROM_INDICATORS, PROGRESS_FROM_MILESTONES, or "" when there is no progress at all."""
        if self.indicator_progress is not None:
            return PROGRESS_FROM_INDICATORS
        if self.progress_avg is not None:
            return PROGRESS_FROM_MILESTONES
        return ""

    @property
    def progress_source_label(self):
        return PROGRESS_SOURCES.get(self.progress_source, "")


class OutputQuerySet(models.QuerySet):
    def with_progress(self):
        """`progress_avg`: the average progress of the output's counted milestones (None without any)."""
        return self.annotate(progress_avg=Avg("milestones__progress", filter=MilestoneRules.counted("milestones")))


class OutcomeQuerySet(models.QuerySet):
    def with_progress(self):
        """`progress_avg`: the average progress of the outcome's outputs that have counted milestones.

        Correlated subqueries, so the caller's other joins and aggregates are not multiplied."""
        output_progress = Output.objects.filter(pk=OuterRef("pk")).with_progress().values("progress_avg")
        per_outcome = (
            Output.objects.filter(outcome=OuterRef("pk"))
            .annotate(p=Subquery(output_progress, output_field=FloatField()))
            .filter(p__isnull=False)
            .order_by()
            .values("outcome")
            .annotate(avg=Avg("p"))
            .values("avg")
        )
        return self.annotate(progress_avg=Subquery(per_outcome, output_field=FloatField()))


def set_outcome_progress(outcomes, outputs):
    """Each outcome's `progress_avg` from its outputs' (loaded with `Output.objects.with_progress()`):
    the mean over the outputs that have counted milestones, as `OutcomeQuerySet.with_progress`
    computes it in SQL. A page that loads every output anyway (the tree, the program report) so
    skips the outcomes' nested subquery, which reads every milestone a second time (issue 19).
    Decimal arithmetic, so the rounded percentage is the one SQL gives."""
    by_outcome = {}
    for output in outputs:
        if output.progress_avg is not None:
            by_outcome.setdefault(output.outcome_id, []).append(Decimal(str(output.progress_avg)))
    for outcome in outcomes:
        values = by_outcome.get(outcome.pk)
        outcome.progress_avg = float(sum(values) / len(values)) if values else None
    return outcomes


class Outcome(RoadmapItem):
    """Capaian / dampak."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outcomes")
    partners = models.ManyToManyField(
        ProgramPartner, verbose_name=_("responsible partners"), related_name="outcomes", blank=True
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta(RoadmapItem.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"], condition=~Q(code=""), name="outcome_code_unique_per_program"
            )
        ]

    def get_absolute_url(self):
        return reverse("roadmap:outcome_detail", args=[self.pk])


class Output(RoadmapItem):
    """Keluaran."""

    outcome = models.ForeignKey(Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="outputs")
    partners = models.ManyToManyField(
        ProgramPartner, verbose_name=_("responsible partners"), related_name="outputs", blank=True
    )

    objects = OutputQuerySet.as_manager()

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
# What totals and completion count: every milestone but a cancelled one.
COUNTED_STATUSES = [*OPEN_STATUSES, MilestoneStatus.DONE]


def _q(prefix, **lookups):
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}{key}": value for key, value in lookups.items()})


def _day(on):
    return timezone.localdate() if on is None else on


class MilestoneRules:
    """Every milestone figure, defined once as a Q over the milestone's own fields.

    `prefix` reaches the milestones through a relation (for example "milestones" from an output),
    so `Count(..., filter=...)` annotations over many rows use the same definition as the
    `Milestone.objects` methods below, which filter with these Qs. `on` is a date (default: today
    in Asia/Jakarta). The words are in docs/definitions.md; keep the two in step.
    """

    @staticmethod
    def counted(prefix=""):
        return _q(prefix, status__in=COUNTED_STATUSES)

    @staticmethod
    def open(prefix=""):
        return _q(prefix, status__in=OPEN_STATUSES)

    @staticmethod
    def done(prefix=""):
        return _q(prefix, status=MilestoneStatus.DONE)

    @staticmethod
    def on_time(prefix=""):
        p = f"{prefix}__" if prefix else ""
        return _q(prefix, status=MilestoneStatus.DONE, completed_on__lte=F(f"{p}due_date"))

    @staticmethod
    def overdue(on=None, prefix=""):
        return MilestoneRules.open(prefix) & _q(prefix, due_date__lt=_day(on))

    @staticmethod
    def due_soon(days, on=None, prefix=""):
        on = _day(on)
        return MilestoneRules.open(prefix) & _q(
            prefix, due_date__gte=on, due_date__lte=on + datetime.timedelta(days=days)
        )

    @staticmethod
    def stale(days, on=None, prefix=""):
        """In progress, with no progress report (or, with none ever, no start) for `days` days."""
        last_day = _day(on) - datetime.timedelta(days=days)
        # "reported on or before last_day" in local time, as an instant the index can use
        before = timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time()))
        return _q(prefix, status=MilestoneStatus.IN_PROGRESS) & (
            _q(prefix, last_progress_at__lt=before) | _q(prefix, last_progress_at=None, start_date__lte=last_day)
        )

    @staticmethod
    def due_between(start, end, prefix=""):
        return _q(prefix, due_date__gte=start, due_date__lte=end)

    # The same rules for one milestone's values (a loaded milestone, or a row from .values() in
    # the reminder sweep). roadmap/tests/test_rules.py keeps each equal to its Q above.

    @staticmethod
    def is_overdue(status, due_date, on=None):
        return status in OPEN_STATUSES and due_date < _day(on)

    @staticmethod
    def is_due_soon(status, due_date, days, on=None):
        on = _day(on)
        return status in OPEN_STATUSES and on <= due_date <= on + datetime.timedelta(days=days)

    @staticmethod
    def stale_since(last_progress_at, start_date):
        """The day a milestone's staleness counts from: its last approved report, else its start."""
        return timezone.localdate(last_progress_at) if last_progress_at else start_date

    @staticmethod
    def is_stale(status, last_progress_at, start_date, days, on=None):
        since = MilestoneRules.stale_since(last_progress_at, start_date)
        return status == MilestoneStatus.IN_PROGRESS and since <= _day(on) - datetime.timedelta(days=days)

    @staticmethod
    def is_on_time(status, completed_on, due_date):
        return status == MilestoneStatus.DONE and completed_on is not None and completed_on <= due_date


def completion_rate(done, counted):
    """Done over counted milestones, as a percentage (None when nothing counts)."""
    return percent(done, counted)


def on_time_rate(on_time, done):
    """Done by the due date over done milestones, as a percentage (None when none is done)."""
    return percent(on_time, done)


def figure_counts(prefix="", *, on=None, scope=None):
    """Count() expressions of the milestone figures, for annotate() or aggregate().

    `scope` (a Q) narrows total, done and on time (a report's period); overdue is counted as of
    `on` over every milestone, so one that fell due before the period stays overdue on it.
    """
    target = prefix or "pk"
    scope = scope if scope is not None else Q()
    return {
        "ms_total": Count(target, filter=scope & MilestoneRules.counted(prefix)),
        "ms_done": Count(target, filter=scope & MilestoneRules.done(prefix)),
        "ms_on_time": Count(target, filter=scope & MilestoneRules.on_time(prefix)),
        "ms_overdue": Count(target, filter=MilestoneRules.overdue(on, prefix)),
    }


@dataclass
class MilestoneFigures:
    """The milestone figures of one scope (a program, a period, a portfolio)."""

    ms_total: int = 0
    ms_done: int = 0
    ms_on_time: int = 0
    ms_overdue: int = 0

    @property
    def completion_rate(self):
        return completion_rate(self.ms_done, self.ms_total)

    @property
    def on_time_rate(self):
        return on_time_rate(self.ms_on_time, self.ms_done)


class MilestoneQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(MilestoneRules.counted())

    def open(self):
        return self.filter(MilestoneRules.open())

    def done(self):
        return self.filter(MilestoneRules.done())

    def on_time(self):
        return self.filter(MilestoneRules.on_time())

    def overdue(self, on=None):
        return self.filter(MilestoneRules.overdue(on))

    def due_soon(self, days, on=None):
        return self.filter(MilestoneRules.due_soon(days, on))

    def stale(self, days, on=None):
        return self.filter(MilestoneRules.stale(days, on))

    def due_between(self, start, end):
        return self.filter(MilestoneRules.due_between(start, end))

    def with_flags(self, on=None):
        """Per-row `late` (overdue) and `in_time` (done on time), from the same rules, for lists."""
        return self.annotate(
            late=ExpressionWrapper(MilestoneRules.overdue(on), output_field=BooleanField()),
            in_time=ExpressionWrapper(MilestoneRules.on_time(), output_field=BooleanField()),
        )

    def figures(self, on=None, scope=None):
        """Every figure of these milestones in one aggregate query."""
        return MilestoneFigures(**self.aggregate(**figure_counts(on=on, scope=scope)))

    def completion(self):
        """Completion rate (%) of these milestones, None if none counts."""
        return self.figures().completion_rate


class Milestone(models.Model):
    """Tonggak capaian, owned by one of the program's partners."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    output = models.ForeignKey(Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="milestones")
    # The natural key a spreadsheet import matches on (imports app); blank for milestones typed in.
    code = models.CharField(_("code"), max_length=40, blank=True)
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

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(name="milestone_due_after_start", condition=Q(due_date__gte=models.F("start_date"))),
            models.CheckConstraint(name="milestone_progress_0_100", condition=Q(progress__lte=100)),
            models.UniqueConstraint(
                fields=["program", "code"], condition=~Q(code=""), name="milestone_code_unique_per_program"
            ),
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

    # MilestoneRules for one loaded milestone.
    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, on=None):
        return MilestoneRules.is_overdue(self.status, self.due_date, on)

    @property
    def is_overdue(self):
        return self.is_overdue_on()

    @property
    def is_on_time(self):
        return MilestoneRules.is_on_time(self.status, self.completed_on, self.due_date)


class ProgressUpdateQuerySet(models.QuerySet):
    @staticmethod
    def waiting_review_q(prefix=""):
        """Submitted and neither approved nor returned yet (the reviewer's queue)."""
        return _q(prefix, state=ProgressUpdate.State.SUBMITTED)

    def waiting_review(self):
        return self.filter(self.waiting_review_q())


class ProgressUpdate(models.Model):
    """Laporan kemajuan: a partner's report on a milestone; only approval changes the milestone."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="updates")
    # The milestone's program, copied (issue 19): the dashboard counts and lists a facilitator's
    # waiting reviews per program without joining every submitted report to its milestone. A
    # milestone never changes program (no form, action or import moves one), so the copy, set
    # when the report is created (save() below), stays right.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+", editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    new_status = models.CharField(_("new status"), max_length=20, choices=MilestoneStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("narrative"))
    review_note = models.TextField(_("reviewer's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The id the device gave a report written offline (static/js/offline.js): a replayed sync finds
    # the report it already made instead of making a second one. Null for reports typed online.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(name="update_progress_0_100", condition=Q(progress__lte=100))]
        indexes = [
            # Review queue and "awaiting review" counts: WHERE state = 'submitted' ORDER BY submitted_at
            models.Index(fields=["submitted_at"], condition=Q(state="submitted"), name="update_submitted_idx"),
            # The dashboard's "waiting review" count per program card and its review queue
            # (facilitation.selectors: WHERE state = 'submitted' AND program_id IN (...) ORDER BY submitted_at)
            models.Index(
                fields=["program", "submitted_at"], condition=Q(state="submitted"), name="update_program_waiting_idx"
            ),
        ]

    def __str__(self):
        return f"{self.milestone} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        if self.program_id is None and self.milestone_id is not None:
            self.program_id = self.milestone.program_id
        super().save(*args, **kwargs)


class Evidence(models.Model):
    """A file attached to a progress report; downloaded only through an access-checked view."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
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

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="revisions")
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
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
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
    def description(self):
        """The change as one sentence in the reader's language (roadmap.changelog.describe)."""
        from roadmap.changelog import describe  # noqa: PLC0415 - changelog reads these models

        return describe(self)

    @property
    def item_url(self):
        if self.item_type == "milestone":
            return reverse("roadmap:milestone_detail", args=[self.item_id])
        return reverse(f"roadmap:{self.item_type}_detail", args=[self.item_id])


class Comment(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:80]
