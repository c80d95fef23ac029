"""Competency frameworks (versioned), assessment rounds, partnership health checks and capacity plans.

Versioning: a round points at the framework *version* it used. Once a version is used by a
round it is frozen (`frozen_at`), the admin shows it read-only and the models refuse changes;
editing means "create a new version" (admin action), so past results never change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partners.models import Program, ProgramPartner

SCALE = [1, 2, 3, 4, 5]
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
LOW_SCORE = 2  # a score at or below this suggests development actions


def bilingual(obj, field):
    """The `field_id` / `field_en` text for the active language (Indonesian when unsure)."""
    lang = (get_language() or "id")[:2]
    value = getattr(obj, f"{field}_en" if lang == "en" else f"{field}_id")
    return value or getattr(obj, f"{field}_id")


class FrozenError(ValidationError):
    pass


class Framework(models.Model):
    """One version of a competency framework (the partnering attitudes, or the facilitator set)."""

    class Kind(models.TextChoices):
        ATTITUDES = "attitudes", _("Partnering attitudes")
        FACILITATOR = "facilitator", _("Facilitator competencies")

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("New rounds use the latest published version.")
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "code", "-version"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_version_unique")]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk and self.is_frozen and not kwargs.pop("allow_frozen", False):
            stored = Framework.objects.filter(pk=self.pk).values("name_id", "name_en", "code", "version", "kind").get()
            if any(stored[k] != getattr(self, k) for k in stored):
                raise FrozenError(_("This framework version is in use and frozen; create a new version to edit it."))
        super().save(*args, **kwargs)

    @property
    def name(self):
        return bilingual(self, "name")

    @property
    def description(self):
        return bilingual(self, "description")

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    @classmethod
    def current(cls, kind):
        """The latest published version of the framework of this kind, or None."""
        return cls.objects.filter(kind=kind, is_published=True).order_by("-version", "-pk").first()


class FrozenGuard(models.Model):
    """Refuses saves and deletes of framework content once its version is frozen."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_frozen()
        return super().delete(*args, **kwargs)

    def _framework(self):
        raise NotImplementedError

    def _check_frozen(self):
        framework = self._framework()
        if framework is not None and Framework.objects.filter(pk=framework.pk, frozen_at__isnull=False).exists():
            raise FrozenError(_("This framework version is in use and frozen; create a new version to edit it."))


class Competency(FrozenGuard):
    """An attitude (e.g. saling menghormati) or a facilitator role."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable across versions; trends follow it."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="competency_code_unique")]

    def __str__(self):
        return self.name

    def _framework(self):
        return self.framework

    @property
    def name(self):
        return bilingual(self, "name")

    @property
    def description(self):
        return bilingual(self, "description")


class Behaviour(FrozenGuard):
    """An observable behaviour of a competency; the unit that is scored 1-5."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="behaviours")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_id = models.CharField(_("behaviour (Indonesian)"), max_length=300)
    name_en = models.CharField(_("behaviour (English)"), max_length=300)

    class Meta:
        ordering = ["competency__order", "order", "pk"]
        verbose_name = _("observable behaviour")
        verbose_name_plural = _("observable behaviours")

    def __str__(self):
        return self.name

    def _framework(self):
        return self.competency.framework if self.competency_id else None

    @property
    def name(self):
        return bilingual(self, "name")


class BehaviourLevel(FrozenGuard):
    """What a score of `level` looks like for one behaviour, in both languages."""

    behaviour = models.ForeignKey(Behaviour, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=SCORE_VALIDATORS)
    descriptor_id = models.TextField(_("descriptor (Indonesian)"))
    descriptor_en = models.TextField(_("descriptor (English)"))

    class Meta:
        ordering = ["behaviour", "level"]
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        constraints = [
            models.UniqueConstraint(fields=["behaviour", "level"], name="behaviour_level_unique"),
            models.CheckConstraint(name="behaviour_level_1_to_5", condition=Q(level__gte=1, level__lte=5)),
        ]

    def __str__(self):
        return f"{self.level}: {self.descriptor}"

    def _framework(self):
        return self.behaviour.competency.framework if self.behaviour_id else None

    @property
    def descriptor(self):
        return bilingual(self, "descriptor")


class DevelopmentSuggestion(models.Model):
    """A development action suggested when a competency scores 2 or less. Facilitators edit these.

    Linked by competency *code* so a suggestion survives new framework versions.
    """

    competency_code = models.SlugField(_("competency code"), max_length=40, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_id = models.TextField(_("suggestion (Indonesian)"))
    text_en = models.TextField(_("suggestion (English)"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["competency_code", "order", "pk"]
        verbose_name = _("development suggestion")
        verbose_name_plural = _("development suggestions")

    def __str__(self):
        return self.text

    @property
    def text(self):
        return bilingual(self, "text")


class HealthDimension(models.Model):
    """A dimension of the partnership health check (communication, trust, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("health-check dimension")
        verbose_name_plural = _("health-check dimensions")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return bilingual(self, "name")


class DimensionLevel(models.Model):
    dimension = models.ForeignKey(HealthDimension, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=SCORE_VALIDATORS)
    descriptor_id = models.TextField(_("descriptor (Indonesian)"))
    descriptor_en = models.TextField(_("descriptor (English)"))

    class Meta:
        ordering = ["dimension", "level"]
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "level"], name="dimension_level_unique"),
            models.CheckConstraint(name="dimension_level_1_to_5", condition=Q(level__gte=1, level__lte=5)),
        ]

    def __str__(self):
        return f"{self.level}: {self.descriptor}"

    @property
    def descriptor(self):
        return bilingual(self, "descriptor")


class Round(models.Model):
    """An assessment round of one program: competency assessments and the partnership health check."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        MIDTERM = "midterm", _("Mid-term")
        END = "end", _("End")
        ADHOC = "adhoc", _("Ad hoc")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("assessment round", "Open")
        CLOSED = "closed", pgettext_lazy("assessment round", "Closed")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="assessment_rounds")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    closes_on = models.DateField(_("submissions due"))
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework version"), on_delete=models.PROTECT, related_name="rounds"
    )
    facilitator_framework = models.ForeignKey(
        Framework,
        verbose_name=_("facilitator framework version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitator_rounds",
    )
    include_facilitators = models.BooleanField(_("facilitators assess themselves too"), default=False)
    health_anonymous = models.BooleanField(_("health-check answers are anonymous"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "held_on", "pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.CheckConstraint(name="round_closes_after_start", condition=Q(closes_on__gte=models.F("held_on")))
        ]
        # pending_submissions() and the program pages filter rounds by program and date.
        indexes = [models.Index(fields=["program", "held_on"]), models.Index(fields=["status", "closes_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {date_format(self.held_on)}"

    def get_absolute_url(self):
        return reverse("assessments:round_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Submission(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(models.Model):
    """One rater's scores of one person in one round (self, facilitator or peer)."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        FACILITATOR = "facilitator", _("Facilitator rating")
        PEER = "peer", _("Peer rating")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments_about")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments_given")
    # The subject's partner when the round ran (None for facilitators): results per organisation.
    partner = models.ForeignKey(
        ProgramPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Submission.choices, default=Submission.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "subject", "kind"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "subject", "rater"], name="one_assessment_per_rater"),
            models.CheckConstraint(
                name="self_assessment_is_by_subject",
                condition=~Q(kind="self") | Q(subject=models.F("rater")),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_submitted(self):
        return self.status == Submission.SUBMITTED


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    behaviour = models.ForeignKey(Behaviour, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "behaviour"], name="one_score_per_behaviour"),
            models.CheckConstraint(name="score_1_to_5", condition=Q(value__gte=1, value__lte=5)),
        ]

    def __str__(self):
        return f"{self.behaviour_id}: {self.value}"


class ResultConsent(models.Model):
    """The person agrees that program managers may see their individual scores in this program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="result_consents")
    shares_with_managers = models.BooleanField(_("program managers may see my individual scores"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result-sharing consent")
        verbose_name_plural = _("result-sharing consents")
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="one_consent_per_program")]

    def __str__(self):
        return f"{self.user_id}: {self.shares_with_managers}"


class HealthCheck(models.Model):
    """A partner representative's rating of the partnership in one round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="health_checks")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="health_checks")
    partner = models.ForeignKey(
        ProgramPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="health_checks"
    )
    status = models.CharField(_("status"), max_length=10, choices=Submission.choices, default=Submission.DRAFT)
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("partnership health check")
        verbose_name_plural = _("partnership health checks")
        constraints = [models.UniqueConstraint(fields=["round", "respondent"], name="one_health_check_per_person")]

    def __str__(self):
        return f"{self.round} — {self.respondent_id}"

    @property
    def is_submitted(self):
        return self.status == Submission.SUBMITTED


class HealthScore(models.Model):
    health_check = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(HealthDimension, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("health-check score")
        verbose_name_plural = _("health-check scores")
        constraints = [
            models.UniqueConstraint(fields=["health_check", "dimension"], name="one_health_score_per_dimension"),
            models.CheckConstraint(name="health_score_1_to_5", condition=Q(value__gte=1, value__lte=5)),
        ]

    def __str__(self):
        return f"{self.dimension_id}: {self.value}"


class CapacityPlan(models.Model):
    """A capacity-building plan (peningkatan kapasitas) for one person or one partner organisation."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="capacity_plans")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capacity_plans",
    )
    partner = models.ForeignKey(
        ProgramPartner,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capacity_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("development goals"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "title", "pk"]
        verbose_name = _("capacity plan")
        verbose_name_plural = _("capacity plans")
        constraints = [
            models.CheckConstraint(
                name="capacity_plan_person_xor_partner",
                condition=(
                    Q(person__isnull=False, partner__isnull=True) | Q(person__isnull=True, partner__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:plan_detail", args=[self.pk])


class Training(models.Model):
    plan = models.ForeignKey(CapacityPlan, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_formal = models.BooleanField(_("formal / certified"), default=False)
    attended = models.BooleanField(_("attended"), default=False)
    knowledge_transfer = models.TextField(
        _("knowledge passed on to others (alih pengetahuan)"),
        blank=True,
        help_text=_("Who learnt what from this training afterwards."),
    )

    class Meta:
        ordering = ["plan", "start_date", "pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                name="training_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            )
        ]

    def __str__(self):
        return self.title


class FacilitatorCredential(models.Model):
    """A facilitator's formal training or certification (the text: trained, not trial and error)."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitator_credentials"
    )
    title = models.CharField(_("training or certificate"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    is_certified = models.BooleanField(_("certified"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["facilitator", "-completed_on", "pk"]
        verbose_name = _("facilitator training / certification")
        verbose_name_plural = _("facilitator trainings / certifications")
        constraints = [
            models.CheckConstraint(
                name="credential_valid_after_completion",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("completed_on")),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_valid(self):
        return self.valid_until is None or self.valid_until >= timezone.localdate()


class HealthActionQuerySet(models.QuerySet):
    def overdue(self, on=None):
        """Not done and due before `on` (today): the same rule as HealthAction.is_overdue."""
        return self.filter(done_on__isnull=True, due_date__lt=on or timezone.localdate())


class HealthAction(models.Model):
    """From health check to action (issue 15, item 11): after a round, the facilitator and the
    partners agree an action for a dimension that is red or fell since the previous round, with an
    owner (a partner or a person) and a due date. Followed like a meeting's action items; the next
    round's page shows whether it was done."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="health_actions")
    dimension = models.ForeignKey(
        HealthDimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=300)
    owner_partner = models.ForeignKey(
        ProgramPartner,
        verbose_name=_("owner (partner)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="health_actions",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="health_actions",
    )
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HealthActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("health-check action")
        verbose_name_plural = _("health-check action plan")
        indexes = [
            # Dashboard queue and the overdue reminder: WHERE done_on IS NULL AND due_date < today.
            models.Index(fields=["due_date"], condition=Q(done_on__isnull=True), name="health_action_open_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="health_action_has_an_owner",
                condition=Q(owner_partner__isnull=False) | Q(owner_person__isnull=False),
            )
        ]

    def __str__(self):
        return self.description

    @property
    def is_done(self):
        return self.done_on is not None

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_date < timezone.localdate()

    @property
    def owner_label(self):
        parts = [str(p) for p in (self.owner_person, self.owner_partner and self.owner_partner.organisation) if p]
        return " / ".join(parts)
