"""Partnership governance: the partnering agreement, phase changes, recommendations for change,
the sustainability plan and recognition records."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.numbers import percent
from core.uploads import PrivateFileField, private_upload_to
from partners.models import (
    Contribution,
    ContributionKind,
    Document,
    Organisation,
    PartnerRole,
    Phase,
    Program,
    ProgramPartner,
)


class PartneringAgreement(models.Model):
    """Kesepakatan kemitraan: what the partners agreed on, recorded by the facilitator."""

    # The sections the phase gate requires to be filled, in display order.
    SECTIONS = [
        "shared_goals",
        "committed_contributions",
        "decision_making",
        "communication",
        "dispute_resolution",
        "exit_strategy",
    ]

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="agreement")
    shared_goals = models.TextField(_("shared goals"), blank=True)
    committed_contributions = models.TextField(_("committed contributions"), blank=True)
    decision_making = models.TextField(_("governance and decision-making"), blank=True)
    communication = models.TextField(_("communication"), blank=True)
    dispute_resolution = models.TextField(_("dispute resolution"), blank=True)
    exit_strategy = models.TextField(_("exit strategy"), blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    # The signed MoU or PKS in the program's document library, with its versions (issue 14, item 3).
    document = models.ForeignKey(
        Document,
        verbose_name=_("signed document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The version the partners sign. A change after someone signed starts the next version.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partnering agreement")
        verbose_name_plural = _("partnering agreements")

    def __str__(self):
        return str(self.program)

    def get_absolute_url(self):
        return reverse("governance:agreement", args=[self.program_id])

    def sections(self):
        """[(name, label, text), ...] in display order."""
        return [(name, self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS]

    def empty_sections(self):
        return [(name, label) for name, label, text in self.sections() if not text.strip()]


# Committed against realised contributions (issue 14, item 5; docs/definitions.md, "Behind its commitment").
COMMITMENT_GRACE_DAYS = 30  # no partner is behind in the first days of its period
COMMITMENT_TOLERANCE = Decimal("0.9")  # behind = realised below 90 % of the pro-rata share
COMMITMENT_WATCH_DAYS = 90  # an unmet commitment stays in the queue this long after its period ends
_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=0))


def pro_rata_share(amount, start, end, on):
    """The part of `amount` due by day `on`: amount × elapsed days ÷ days in the period (both ends counted)."""
    if on < start:
        return Decimal(0)
    days = (end - start).days + 1
    elapsed = min((on - start).days + 1, days)
    return Decimal(amount) * elapsed / days


def commitment_is_behind(amount, realised, start, end, on):
    """The one rule: past the grace days, realised below COMMITMENT_TOLERANCE of the pro-rata share."""
    if on < start + datetime.timedelta(days=COMMITMENT_GRACE_DAYS):
        return False
    return Decimal(realised or 0) < pro_rata_share(amount, start, end, on) * COMMITMENT_TOLERANCE


class CommitmentQuerySet(models.QuerySet):
    def with_realised(self):
        """`realised`: the partner's contributions of the same kind dated within the period (IDR)."""
        realised = (
            Contribution.objects.filter(
                partner=OuterRef("partner"),
                kind=OuterRef("kind"),
                date__gte=OuterRef("start_date"),
                date__lte=OuterRef("end_date"),
            )
            .order_by()
            .values("partner")
            .annotate(total=Sum("value_idr"))
            .values("total")[:1]
        )
        return self.annotate(
            realised=Coalesce(Subquery(realised, output_field=DecimalField(max_digits=20, decimal_places=0)), _ZERO)
        )

    def overlapping(self, start, end):
        """Commitments whose period overlaps [start, end] (a report's period)."""
        return self.filter(start_date__lte=end, end_date__gte=start)

    def to_watch(self, on):
        """Candidates for "behind" on day `on`: past the grace days, not ended more than
        COMMITMENT_WATCH_DAYS ago, partner still in a program that is not closed."""
        return self.filter(
            start_date__lte=on - datetime.timedelta(days=COMMITMENT_GRACE_DAYS),
            end_date__gte=on - datetime.timedelta(days=COMMITMENT_WATCH_DAYS),
            partner__left_on__isnull=True,
        ).exclude(partner__program__phase=Phase.CLOSED)

    def behind(self, on):
        """The commitments behind on day `on` (one query; the pro-rata test runs on the candidates)."""
        return [c for c in self.to_watch(on).with_realised() if c.is_behind(on)]


class Commitment(models.Model):
    """What a partner committed in the partnering agreement, by kind and period (issue 14, item 5).

    What was realised is the partner's recorded contributions (partners.Contribution) of the same
    kind dated within the period; in-kind commitments are compared on their value in rupiah.
    """

    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="commitments"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ContributionKind.choices)
    amount_idr = models.DecimalField(
        _("committed value (IDR)"), max_digits=18, decimal_places=0, validators=[MinValueValidator(1)]
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["partner__organisation__name", "start_date", "kind", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(name="commitment_amount_positive", condition=Q(amount_idr__gt=0)),
            models.CheckConstraint(
                name="commitment_end_after_start", condition=Q(end_date__gte=models.F("start_date"))
            ),
        ]

    def __str__(self):
        dates = f"{date_format(self.start_date)}–{date_format(self.end_date)}"
        return f"{self.partner} · {self.get_kind_display()} · {dates}"

    @property
    def realised_value(self):
        return getattr(self, "realised", None) or Decimal(0)

    @property
    def realised_share(self):
        return percent(self.realised_value, self.amount_idr)

    def expected_on(self, on):
        return pro_rata_share(self.amount_idr, self.start_date, self.end_date, on)

    def is_behind(self, on):
        return commitment_is_behind(self.amount_idr, self.realised_value, self.start_date, self.end_date, on)


class AgreementVersion(models.Model):
    """The text of an earlier version of the agreement, kept when a change after sign-off starts
    the next one, so the partners see what changed before they sign again."""

    agreement = models.ForeignKey(PartneringAgreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # {"sections": {section name: text}, "goals": {ProgramPartner pk (str): text}}
    text = models.JSONField(default=dict)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_row_per_agreement_version")]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class AgreementSignOff(models.Model):
    """A partner agreed to one version of the agreement, through its lead (or designated staff)."""

    agreement = models.ForeignKey(PartneringAgreement, on_delete=models.CASCADE, related_name="sign_offs")
    version = models.PositiveIntegerField(_("version"))
    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed on"), auto_now_add=True)

    class Meta:
        ordering = ["-version", "signed_at", "pk"]
        verbose_name = _("agreement sign-off")
        verbose_name_plural = _("agreement sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version", "partner"], name="one_sign_off_per_partner_version")
        ]

    def __str__(self):
        return f"{self.partner_id} v{self.version}"


class PartnerGoal(models.Model):
    """One partner's own organisational goals, as written in the agreement."""

    agreement = models.ForeignKey(PartneringAgreement, on_delete=models.CASCADE, related_name="partner_goals")
    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreement_goals"
    )
    goals = models.TextField(_("own goals"), blank=True)

    class Meta:
        ordering = ["partner__organisation__name"]
        verbose_name = _("partner's own goals")
        verbose_name_plural = _("partners' own goals")
        constraints = [models.UniqueConstraint(fields=["agreement", "partner"], name="one_goal_text_per_partner")]

    def __str__(self):
        return f"{self.partner}: {self.goals[:60]}"


class PhaseChange(models.Model):
    """History of a program's moves through the partnering cycle."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.TextField(_("reason for overriding the gate"), blank=True)
    # Why the facilitator skipped a phase, or why an administrator reopened a closed program.
    reason = models.TextField(_("reason"), blank=True)
    gate_missing = models.TextField(_("gate conditions not met"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.program}: {self.from_phase} → {self.to_phase}"

    @property
    def was_overridden(self):
        return bool(self.override_reason)


class PostEmergencyReview(models.Model):
    """Before an emergency program closes, the facilitator reviews what the emergency left behind:
    open conflicts are asked about and handed to mediation (issue 15, item 2)."""

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="post_emergency_review")
    notes = models.TextField(_("what the emergency left behind"))
    cases_handed = models.PositiveIntegerField(_("conflicts handed to mediation"), default=0)
    unresolved_cases = models.PositiveIntegerField(_("mediation cases still unresolved"), default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), auto_now=True)

    class Meta:
        verbose_name = _("post-emergency review")
        verbose_name_plural = _("post-emergency reviews")

    def __str__(self):
        return str(self.program)


class Recommendation(models.Model):
    """Rekomendasi perubahan: a change the facilitator proposes and the partner leads agree to."""

    class Kind(models.TextChoices):
        DUE_DATES = "due_dates", _("Move due dates")
        TARGET = "target", _("Change a target or goal")
        PARTNER = "partner", _("Add or remove a partner")
        PHASE = "phase", _("Change the phase")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        OBJECTED = "objected", _("Objected")
        APPLIED = "applied", _("Applied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class TargetField(models.TextChoices):
        STATEMENT = "statement", _("statement")
        # Retired (issue 13, item 8): an outcome's or output's target is now its indicators' target,
        # changed in the results framework. Kept so applied recommendations still read as they were;
        # governance migration 0008 withdrew the open ones.
        TARGET_VALUE = "target_value", _("target (number)")
        TARGET_TEXT = "target_text", _("target (qualitative)")
        GOAL = "goal", _("program goal")

    # What a new recommendation may change.
    TARGET_FIELDS_OPEN = [TargetField.STATEMENT, TargetField.GOAL]

    class PartnerAction(models.TextChoices):
        ADD = "add", _("Add a partner")
        REMOVE = "remove", _("Remove a partner")

    OPEN_STATUSES = [Status.PROPOSED, Status.AGREED, Status.OBJECTED]
    # Still waiting for the partners' answers (an agreed recommendation waits for its decision).
    ANSWERABLE_STATUSES = [Status.PROPOSED, Status.OBJECTED]

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="recommendations")
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale"))
    alternatives = models.TextField(_("alternatives considered"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    # Kind "target": an outcome, an output, or the program goal.
    outcome = models.ForeignKey(
        "roadmap.Outcome", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("outcome")
    )
    output = models.ForeignKey(
        "roadmap.Output", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("output")
    )
    target_field = models.CharField(_("what changes"), max_length=20, choices=TargetField.choices, blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    old_value = models.TextField(_("current value"), blank=True)

    # Kind "partner".
    partner_action = models.CharField(_("partner change"), max_length=10, choices=PartnerAction.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    partner_role = models.CharField(_("role in program"), max_length=20, choices=PartnerRole.choices, blank=True)
    partner = models.ForeignKey(
        ProgramPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )

    # Kind "phase".
    new_phase = models.CharField(_("new phase"), max_length=20, choices=Phase.choices, blank=True)

    # Decision and application.
    decision_note = models.TextField(_("decision taken in a meeting"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    apply_error = models.TextField(_("why it could not be applied"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    revisions = models.ManyToManyField(
        "roadmap.Revision", verbose_name=_("road-map revisions"), related_name="recommendations", blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recommendation for change")
        verbose_name_plural = _("recommendations for change")
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.CheckConstraint(
                name="recommendation_target_has_one_item",
                condition=~Q(outcome__isnull=False, output__isnull=False),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:recommendation_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def target_label(self):
        if self.outcome_id:
            return self.outcome
        if self.output_id:
            return self.output
        return _("program goal")


class RecommendationMilestone(models.Model):
    """A milestone whose due date a due-date recommendation moves."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="milestone_changes")
    milestone = models.ForeignKey(
        "roadmap.Milestone", verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="+"
    )
    old_due_date = models.DateField(_("current due date"))
    new_due_date = models.DateField(_("new due date"))

    class Meta:
        ordering = ["old_due_date", "pk"]
        verbose_name = _("due-date change")
        verbose_name_plural = _("due-date changes")
        constraints = [models.UniqueConstraint(fields=["recommendation", "milestone"], name="one_change_per_milestone")]

    def __str__(self):
        return f"{self.milestone_id}: {self.old_due_date} → {self.new_due_date}"


class RecommendationResponse(models.Model):
    """A partner's answer to a recommendation: given in the app by its lead (or the staff member a
    partner without a lead designated), or recorded by the facilitator from a meeting (`meeting_url`)."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("Agree")
        OBJECT = "object", _("Object")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        ProgramPartner, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    verdict = models.CharField(_("answer"), max_length=10, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Set when the facilitator recorded an answer given in a meeting: a link to that meeting.
    meeting_url = models.CharField(_("meeting"), max_length=300, blank=True)
    meeting_label = models.CharField(_("meeting"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "partner"], name="one_response_per_partner"),
        ]

    def __str__(self):
        return f"{self.user}: {self.verdict}"


class SustainabilityPlan(models.Model):
    """Rencana keberlanjutan: what happens to the partnership afterwards."""

    class Path(models.TextChoices):
        END = "end", _("End when the goals are met")
        CARRIED_ON = "carried_on", _("Carried on by a named partner")
        SWAKELOLA = "swakelola", _("Continue as self-managed (swakelola) work elsewhere")

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="sustainability_plan")
    path = models.CharField(_("intended path"), max_length=20, choices=Path.choices)
    carrying_partner = models.ForeignKey(
        ProgramPartner,
        verbose_name=_("carrying partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    transition_milestones = models.ManyToManyField(
        "roadmap.Milestone", verbose_name=_("transition milestones"), related_name="+", blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sustainability plan")
        verbose_name_plural = _("sustainability plans")

    def __str__(self):
        return str(self.program)

    def get_absolute_url(self):
        return reverse("governance:sustainability", args=[self.program_id])


class RecognitionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Recognition.Status.CONFIRMED)


class Recognition(models.Model):
    """Penghargaan for a partner whose contribution reached beyond the direct beneficiaries, given by
    the beneficiaries or the wider community (issue 15, item 13).

    The facilitator records one on the partner's behalf (confirmed at once); a partner's lead proposes
    one for their own partner, and the facilitator confirms or declines it (with a reason). Only
    confirmed recognitions are shown on the partner, program and public pages."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for the facilitator")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    class GivenBy(models.TextChoices):
        VILLAGE = "village", _("Village government (kepala desa, BPD)")
        BENEFICIARIES = "beneficiaries", _("Beneficiaries or a beneficiary group")
        COMMUNITY = "community", _("Community, customary or religious leaders")
        LOCAL_GOVERNMENT = "local_government", _("Regional government or agency")
        OTHER = "other", _("Other")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="recognitions")
    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="recognitions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    date = models.DateField(_("date"))
    # The recognising body as it should be shown (public pages too): "Kepala Desa Oelnasi",
    # "Kelompok Tenun Ina Ndao"; never a private person's name unless they are that body.
    awarded_by = models.CharField(_("awarded by"), max_length=200)
    given_by = models.CharField(_("kind of giver"), max_length=20, choices=GivenBy.choices, default=GivenBy.COMMUNITY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    file = PrivateFileField(
        _("photo or document"), upload_to=private_upload_to("recognitions"), blank=True, size_field="file_size"
    )
    file_name = models.CharField(max_length=255, blank=True)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    file_size = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED


class InstitutionalChange(models.Model):
    """Penguatan kelembagaan: a policy, procedure or system a partner adopted through the
    partnership (issue 15, item 10), e.g. a Perbup, an SOP or a shared data system."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy")
        PROCEDURE = "procedure", _("Procedure")
        SYSTEM = "system", _("System")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="institutional_changes")
    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="institutional_changes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what was adopted"), max_length=200)
    description = models.TextField(_("short description"), max_length=2000)
    adopted_on = models.DateField(_("adopted on"))
    document = PrivateFileField(
        _("document"), upload_to=private_upload_to("strengthening"), blank=True, size_field="document_size"
    )
    document_name = models.CharField(max_length=255, blank=True)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    document_size = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("institutional strengthening")
        verbose_name_plural = _("institutional strengthening")
        indexes = [models.Index(fields=["program", "adopted_on"])]

    def __str__(self):
        return self.title
