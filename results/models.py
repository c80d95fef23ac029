"""Results: indicators, reporting periods, targets and the actuals partners report against them.

An indicator measures an outcome, an output or one partner's own goal from the partnering
agreement. Each reporting period (generated from the program's dates and reporting frequency)
may carry a target; each responsible partner reports one actual (a `Result`) per indicator and
period. Results follow the progress-report flow (draft -> submitted -> approved / returned); an
approved result is locked, and a correction is a new revision of the same slot, approved again.
See docs/results.md for how the figures are computed.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField, private_upload_to
from governance.models import PartnerGoal
from partners.models import Program, ProgramPartner
from roadmap.models import Outcome, Output

HUNDRED = Decimal(100)


class IndicatorType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes / no")
    NARRATIVE = "narrative", _("Narrative")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the periods")
    LATEST = "latest", _("Latest value")
    AVERAGE = "average", _("Average of the periods")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class BreakdownCategory(models.Model):
    """A way to break a figure down (sex, age group, disability, welfare decile, location).

    Reference data loaded by a migration; administrators may add more in the admin.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("breakdown category")
        verbose_name_plural = _("breakdown categories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Names loaded by migration are English msgids (results/breakdowns.py); an admin's own show as typed."""
        return gettext(self.name)


class BreakdownOption(models.Model):
    """One part of a category (female, decile 3, a village). A program may add its own (its villages)."""

    category = models.ForeignKey(
        BreakdownCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="options"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="breakdown_options",
        help_text=_("Empty: offered to every program."),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=0)
    # A location option made from one of the program's official regions (issue 14, item 4): its
    # Kemendagri code, e.g. 53.01.08.2010 (results.actions.do_sync_location_options).
    # db_default: the breakdown options are reference data that earlier data migrations insert
    # without this column (and the test suite replays them after each flush).
    region_code = models.CharField(_("region code (Kemendagri)"), max_length=13, blank=True, default="", db_default="")

    class Meta:
        ordering = ["category__order", "order", "pk"]
        verbose_name = _("breakdown option")
        verbose_name_plural = _("breakdown options")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], condition=Q(program__isnull=True), name="breakdown_option_code_global"
            ),
            models.UniqueConstraint(
                fields=["category", "program", "code"],
                condition=Q(program__isnull=False),
                name="breakdown_option_code_program",
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.display_name}"

    @property
    def display_name(self):
        return gettext(self.name)


class StandardIndicator(models.Model):
    """A catalogue entry (national plan / SDG code) that program indicators adopt; the portfolio adds them up."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    kind = models.CharField(_("type"), max_length=20, choices=IndicatorType.choices, default=IndicatorType.NUMBER)
    aggregation = models.CharField(
        _("how programs add up"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("standard indicator")
        verbose_name_plural = _("standard indicators")

    def __str__(self):
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indicators")
    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    output = models.ForeignKey(
        Output, verbose_name=_("output"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    partner_goal = models.ForeignKey(
        PartnerGoal,
        verbose_name=_("partner's own goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=IndicatorType.choices, default=IndicatorType.NUMBER)
    aggregation = models.CharField(
        _("how periods add up"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.UP)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_text = models.CharField(_("baseline (qualitative)"), max_length=300, blank=True)
    target_value = models.DecimalField(_("overall target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_text = models.CharField(_("target (qualitative)"), max_length=300, blank=True)
    data_source = models.TextField(_("data source / means of verification"), blank=True)
    partners = models.ManyToManyField(
        ProgramPartner, verbose_name=_("partners who report it"), related_name="indicators", blank=True
    )
    categories = models.ManyToManyField(
        BreakdownCategory, verbose_name=_("broken down by"), related_name="indicators", blank=True
    )
    standard = models.ForeignKey(
        StandardIndicator,
        verbose_name=_("standard indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_code_per_program"),
            models.CheckConstraint(
                name="indicator_measures_one_thing",
                condition=(
                    Q(outcome__isnull=False, output__isnull=True, partner_goal__isnull=True)
                    | Q(outcome__isnull=True, output__isnull=False, partner_goal__isnull=True)
                    | Q(outcome__isnull=True, output__isnull=True, partner_goal__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="indicator_baseline_not_negative",
                condition=Q(baseline_value__isnull=True) | Q(baseline_value__gte=0),
            ),
            models.CheckConstraint(
                name="indicator_target_not_negative", condition=Q(target_value__isnull=True) | Q(target_value__gte=0)
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("results:indicator_detail", args=[self.pk])

    @property
    def measures(self):
        """The outcome, output or partner goal this indicator measures."""
        return self.outcome or self.output or self.partner_goal

    @property
    def is_numeric(self):
        return self.kind != IndicatorType.NARRATIVE


class ReportingPeriod(models.Model):
    """A period partners report in: opens at `start`, due `due_date` (end + the program's grace days)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reporting_periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    label = models.CharField(_("label"), max_length=40)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["program", "start"], name="one_period_per_start"),
            models.CheckConstraint(name="period_end_after_start", condition=Q(end__gte=models.F("start"))),
            models.CheckConstraint(name="period_due_after_end", condition=Q(due_date__gte=models.F("end"))),
        ]

    def __str__(self):
        return self.label


class PeriodTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="period_targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("period target")
        verbose_name_plural = _("period targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period"),
            models.CheckConstraint(name="period_target_not_negative", condition=Q(value__gte=0)),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"


class ResultQuerySet(models.QuerySet):
    def current(self):
        """The approved values that count: approved and not superseded by an approved correction."""
        return self.filter(state=Result.State.APPROVED, superseded=False)

    def waiting_review(self):
        return self.filter(state=Result.State.SUBMITTED)

    def in_progress(self):
        return self.filter(state__in=Result.OPEN_STATES)


class Result(models.Model):
    """One partner's actual for one indicator and period (one revision of it).

    Revision 1 is the first report; a correction of an approved value is revision n+1 with
    `previous` pointing at the approved one and a `correction_reason`. When the correction is
    approved the previous row is marked `superseded`. At most one approved, non-superseded row
    and at most one in-progress row exist per indicator, period and partner (partial unique
    constraints), so a double submit cannot create two results.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    OPEN_STATES = [State.DRAFT, State.SUBMITTED, State.RETURNED]

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="results")
    # The indicator's program, copied (issue 19, as roadmap.ProgressUpdate.program): the dashboard
    # counts and lists a facilitator's waiting results per program from one partial index instead of
    # joining every submitted result to its indicator. An indicator never changes program (no form,
    # action or import moves one), so the copy, set when the result is created (save() below, and
    # every bulk insert), stays right.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+", editable=False)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="results")
    partner = models.ForeignKey(ProgramPartner, on_delete=models.PROTECT, related_name="results")
    # The indicator's type when reported: kept on the row so the database can check the value.
    kind = models.CharField(max_length=20, choices=IndicatorType.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    superseded = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="results")
    review_note = models.TextField(_("reviewer's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The id the device gave an actual written offline (static/js/offline.js); see ProgressUpdate.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["period__start", "partner_id", "revision"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "partner", "revision"], name="result_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "partner"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="one_open_result_per_slot",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "partner"],
                condition=Q(state="approved", superseded=False),
                name="one_current_result_per_slot",
            ),
            models.CheckConstraint(name="result_value_not_negative", condition=Q(value__isnull=True) | Q(value__gte=0)),
            models.CheckConstraint(
                name="result_percentage_at_most_100", condition=~Q(kind="percentage") | Q(value__lte=100)
            ),
            models.CheckConstraint(name="result_yes_no_is_0_or_1", condition=~Q(kind="yes_no") | Q(value__in=[0, 1])),
        ]
        indexes = [
            # Review queue and "waiting review" counts: WHERE state = 'submitted' ORDER BY submitted_at
            models.Index(fields=["submitted_at"], condition=Q(state="submitted"), name="result_submitted_idx"),
            # The dashboard's "results awaiting review" per program card and its review queue
            # (facilitation.selectors: WHERE state = 'submitted' AND program_id IN (...) ORDER BY submitted_at)
            models.Index(
                fields=["program", "submitted_at"], condition=Q(state="submitted"), name="result_program_waiting_idx"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.partner.organisation}"

    def save(self, *args, **kwargs):
        if self.program_id is None and self.indicator_id is not None:
            self.program_id = self.indicator.program_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("results:result_detail", args=[self.pk])

    @property
    def is_locked(self):
        return self.state == self.State.APPROVED

    @property
    def is_editable(self):
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class BreakdownValue(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="breakdown")
    option = models.ForeignKey(BreakdownOption, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["option__category__order", "option__order", "option_id"]
        verbose_name = _("breakdown value")
        verbose_name_plural = _("breakdown values")
        constraints = [
            models.UniqueConstraint(fields=["result", "option"], name="one_value_per_option"),
            models.CheckConstraint(name="breakdown_value_not_negative", condition=Q(value__gte=0)),
        ]

    def __str__(self):
        return f"{self.option}: {self.value}"


class ResultEvidence(models.Model):
    """A file attached to a result; downloaded only through an access-checked view."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    file = PrivateFileField(_("file"), upload_to=private_upload_to("results"), size_field="size")
    original_name = models.CharField(_("file name"), max_length=255)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("result evidence")
        verbose_name_plural = _("result evidence")

    def __str__(self):
        return self.original_name
