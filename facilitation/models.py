"""The facilitator's records: meetings (pertemuan) with decisions and action items, and mediation cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.timezones import clock_label
from partners.models import Organisation, Program, ProgramPartner, Province, Sector


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
    # In the program's time zone (Program.time_zone), like the date: "09.00 WITA" (issue 16, item 16).
    start_time = models.TimeField(_("start time"), null=True, blank=True)
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

    @property
    def start_label(self):
        """ "09.00 WITA": the start time in the program's zone, with its abbreviation ("" when not set).
        Reads self.program: callers that list meetings select_related it."""
        return clock_label(self.start_time, self.program)


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


# Lessons learnt across programs (issue 15, item 5) ------------------------------------------------


class LessonQuerySet(models.QuerySet):
    def relevant_to(self, program, sectors, province_ids):
        """Lessons from other programs that share a sector of the program's partners or one of its provinces:
        what the facilitator, as promoter of ideas, shows the partners."""
        return self.exclude(program=program).filter(Q(sector__in=sectors) | Q(province_id__in=province_ids))


class Lesson(models.Model):
    """A lesson learnt (hikmah), success story or case study in the library shared across programs.

    The title and text are stored as published: when the parties did not agree to be named, the
    names of the program's organisations and people were already replaced ("Mitra A") on publishing,
    so no page can show them.
    """

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson learnt")
        SUCCESS_STORY = "success_story", _("Success story")
        CASE_STUDY = "case_study", _("Case study")

    class Problem(models.TextChoices):
        DATA = "data", _("Data and targeting")
        FUNDING = "funding", _("Funding and cost sharing")
        ROLES = "roles", _("Roles and responsibilities")
        COMMUNICATION = "communication", _("Communication")
        COMMITMENT = "commitment", _("Commitment and endorsement")
        GOVERNMENT = "government", _("Working with government")
        OTHER = "other", _("Other")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="lessons")
    mediation_case = models.ForeignKey(
        MediationCase, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.LESSON)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    problem = models.CharField(_("kind of problem"), max_length=20, choices=Problem.choices)
    names_agreed = models.BooleanField(_("the parties agreed to be named"), default=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [
            # The library's filters and the program page's "relevant lessons" (same sector or province).
            models.Index(fields=["sector", "province"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitation:lesson_detail", args=[self.pk])


# The facilitator's journal, by role (issue 15, item 6) --------------------------------------------


class FacilitatorRole(models.TextChoices):
    """The seven roles of the Pendamping Kemitraan in the source text, played together or in turn."""

    BUILDING_IDEAS = "building_ideas", _("Building ideas")
    PROMOTER = "promoter", _("Promoter of ideas")
    BRIDGE = "bridge", _("Bridge")
    OPTIONS = "options", _("Offering options")
    ROLE_MODEL = "role_model", _("Role model")
    MEDIATOR = "mediator", _("Mediator")
    TRAINER = "trainer", _("Trainer")


class JournalEntry(models.Model):
    """A short entry in the facilitator's journal for one program, tagged with the role played.

    A bridge entry names the two organisations introduced to each other (and, optionally, the people)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="journal_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="journal_entries")
    date = models.DateField(_("date"))
    role = models.CharField(_("role played"), max_length=20, choices=FacilitatorRole.choices)
    text = models.TextField(_("what happened"))
    bridge_from = models.ForeignKey(
        Organisation,
        verbose_name=_("introduced"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bridge_to = models.ForeignKey(
        Organisation, verbose_name=_("to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bridge_people = models.CharField(_("people introduced"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [
            # The profile's role mix: WHERE author = ... GROUP BY quarter, role.
            models.Index(fields=["author", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="journal_bridge_names_two_organisations",
                condition=(
                    Q(role="bridge", bridge_from__isnull=False, bridge_to__isnull=False)
                    & ~Q(bridge_from=models.F("bridge_to"))
                )
                | (~Q(role="bridge") & Q(bridge_from__isnull=True, bridge_to__isnull=True)),
            )
        ]

    def __str__(self):
        return f"{date_format(self.date)} {self.get_role_display()}"


# Facilitators as people and institutions (issue 15, item 7) ---------------------------------------


class ProgramFacilitation(models.Model):
    """Who holds a program's facilitation: an institution (a university, an NGO) with named facilitators
    under it (the program's facilitators whose organisation it is), or the facilitators alone."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="facilitation")
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("facilitating institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitated_programs",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program facilitation")
        verbose_name_plural = _("program facilitation")

    def __str__(self):
        return f"{self.program}: {self.institution or '-'}"


class HandOver(models.Model):
    """The record kept when a program's facilitator changes: who handed over to whom, when, what was
    still open at that moment (a snapshot) and the notes for the newcomer."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="hand_overs")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes for the new facilitator"))
    open_action_items = models.PositiveIntegerField(_("open action items"), default=0)
    open_mediation_cases = models.PositiveIntegerField(_("open mediation cases"), default=0)
    pending_reviews = models.PositiveIntegerField(_("progress updates waiting for review"), default=0)
    open_items = models.TextField(_("open items at hand-over"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self):
        return f"{self.program}: {self.from_user} -> {self.to_user} ({date_format(self.date)})"
