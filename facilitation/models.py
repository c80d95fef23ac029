"""The facilitator's records: meetings (pertemuan) with decisions and action items, and mediation cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Program, ProgramPartner


class Meeting(models.Model):
    """A meeting of the program's partners: its agenda, notes, decisions and action items (notulen)."""

    class Kind(models.TextChoices):
        COORDINATION = "coordination", _("Coordination meeting")
        FIELD_VISIT = "field_visit", _("Field visit")
        WORKSHOP = "workshop", _("Workshop")
        CALL = "call", _("Call")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COORDINATION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    date = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people attending"),
        related_name="meetings_attended",
        blank=True,
        through="MeetingAttendee",
    )
    attending_partners = models.ManyToManyField(
        ProgramPartner,
        verbose_name=_("organisations attending"),
        related_name="meetings_attended",
        blank=True,
        through="MeetingPartner",
    )
    other_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("People from outside the system, one per line.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # Dashboard "days since the last meeting" and the panel's last/next meeting.
            models.Index(fields=["program", "status", "-date"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitation:meeting_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.status == self.Status.HELD


class Decision(models.Model):
    """One decision (keputusan) taken in a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet):
    def overdue(self, on=None):
        """Not done and due before `on` (today): the same rule as ActionItem.is_overdue."""
        return self.filter(done=False, due_date__lt=on or timezone.localdate())


class ActionItem(models.Model):
    """A follow-up (tindak lanjut) agreed in a meeting, owned by a person and/or a partner, with a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(_("action"), max_length=300)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitation_action_items",
    )
    owner_partner = models.ForeignKey(
        ProgramPartner,
        verbose_name=_("owner (partner)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    milestone = models.ForeignKey(
        "roadmap.Milestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            # Dashboard queue: open action items past due, WHERE done = false AND due_date < today.
            models.Index(fields=["due_date"], condition=Q(done=False), name="action_item_open_due_idx"),
        ]

    def __str__(self):
        return self.description

    @property
    def owner_label(self):
        parts = [str(p) for p in (self.owner_person, self.owner_partner and self.owner_partner.organisation) if p]
        return " / ".join(parts)

    @property
    def is_overdue(self):
        return not self.done and self.due_date < timezone.localdate()


class MediationCase(models.Model):
    """A dispute between named partners that the facilitator mediates (mediasi), and what was learnt."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_MEDIATION = "in_mediation", _("In mediation")
        RESOLVED = "resolved", _("Resolved")
        ESCALATED = "escalated", _("Escalated")

    UNRESOLVED = [Status.OPEN, Status.IN_MEDIATION, Status.ESCALATED]

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="mediation_cases")
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        ProgramPartner, verbose_name=_("parties"), related_name="mediation_cases", through="MediationParty"
    )
    issue = models.TextField(_("issue"))
    opened_on = models.DateField(_("date opened"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("linked meetings"), related_name="mediation_cases", blank=True
    )
    resolution = models.TextField(_("agreed resolution"), blank=True)
    lessons_learnt = models.TextField(_("lessons learnt"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitation:mediation_detail", args=[self.pk])

    @property
    def is_resolved(self):
        return self.status == self.Status.RESOLVED


# The join rows of the many-to-many fields above are history too (who attended, who was a party):
# the same tables Django created for them, declared here so that a person or partner with such rows
# cannot be deleted (PROTECT) while the meeting or case itself still owns its rows (CASCADE).


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        db_table = "facilitation_meeting_attendees"
        unique_together = [("meeting", "user")]

    def __str__(self):
        return f"{self.meeting_id}: {self.user_id}"


class MeetingPartner(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    programpartner = models.ForeignKey(ProgramPartner, on_delete=models.PROTECT)

    class Meta:
        db_table = "facilitation_meeting_attending_partners"
        unique_together = [("meeting", "programpartner")]

    def __str__(self):
        return f"{self.meeting_id}: {self.programpartner_id}"


class MediationParty(models.Model):
    mediationcase = models.ForeignKey(MediationCase, on_delete=models.CASCADE)
    programpartner = models.ForeignKey(ProgramPartner, on_delete=models.PROTECT)

    class Meta:
        db_table = "facilitation_mediationcase_parties"
        unique_together = [("mediationcase", "programpartner")]

    def __str__(self):
        return f"{self.mediationcase_id}: {self.programpartner_id}"
