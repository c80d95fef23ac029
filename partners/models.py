"""People, partner organisations, programs and what partners bring to them."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.timezones import DEFAULT_TIME_ZONE, TIME_ZONE_CHOICES
from core.uploads import PrivateFileField, private_upload_to
from partners.activity import kind_label as activity_kind_label
from partners.documents import (  # noqa: F401 - the document library's models are partners' models
    AGREEMENT_DOCUMENT_TYPES,
    ENDORSEMENT_DOCUMENT_TYPES,
    Document,
    DocumentType,
    DocumentVersion,
    DocumentVisibility,
)


class Province(models.Model):
    """One of Indonesia's 38 provinces (reference data, loaded by migration)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Regency(models.Model):
    """A regency (kabupaten) or city (kota), e.g. 53.71 Kota Kupang. Reference data from
    partners/data/regions (manage.py load_regions; docs/partners.md, "Official regions")."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="regencies"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency / city")
        verbose_name_plural = _("regencies / cities")

    def __str__(self):
        return self.name


class District(models.Model):
    """A district (kecamatan), e.g. 53.71.01 Alak."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency / city"), on_delete=models.PROTECT, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Village(models.Model):
    """A village (desa) or urban village (kelurahan), e.g. 53.71.01.1001 Namosain."""

    code = models.CharField(_("code"), max_length=13, unique=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="villages"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        # The picker (partners.region_views.search) filters villages by name (no index helps
        # icontains; 84,000 short rows scan in milliseconds) and by district (the FK index).

    def __str__(self):
        return self.name


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society / NGO")
    ACADEMIA = "academia", _("Academia")
    MEDIA = "media", _("Media")
    COMMUNITY = "community", _("Community")
    DONOR = "donor", _("Donor / development partner")


class Organisation(models.Model):
    """A partner organisation (lembaga mitra)."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="organisations"
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency / city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    # The regency as it was typed before the official list (kept when it matched no regency).
    regency_name = models.CharField(_("regency / city (as typed)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        indexes = [models.Index(fields=["sector", "province"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:organisation_detail", args=[self.pk])


class User(AbstractUser):
    """A person who logs in. Partner people belong to one organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MANAGER = "manager", _("Program manager")
        FACILITATOR = "facilitator", _("Partnership facilitator")
        PARTNER_LEAD = "partner_lead", _("Partner lead")
        PARTNER_STAFF = "partner_staff", _("Partner staff")

    class FacilitatorKind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER_STAFF)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    facilitator_kind = models.CharField(
        _("facilitator type"), max_length=10, choices=FacilitatorKind.choices, blank=True
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="partner_people_have_organisation",
                condition=~Q(role__in=["partner_lead", "partner_staff"]) | Q(organisation__isnull=False),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_admin(self):
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_partner_person(self):
        return self.role in (self.Role.PARTNER_LEAD, self.Role.PARTNER_STAFF)


class Phase(models.TextChoices):
    """Phases of the partnering cycle."""

    SCOPING = "scoping", _("Scoping & building")
    MANAGING = "managing", _("Managing & maintaining")
    REVIEWING = "reviewing", _("Reviewing & revising")
    SUSTAINING = "sustaining", _("Sustaining outcomes")
    CLOSED = "closed", _("Closed")


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Every semester")
    ANNUAL = "annual", _("Annual")


class Program(models.Model):
    """A partnership program (program kemitraan)."""

    name = models.CharField(_("name"), max_length=200)
    goal = models.TextField(_("shared goal"))
    description = models.TextField(_("description"), blank=True)
    provinces = models.ManyToManyField(Province, verbose_name=_("regions"), related_name="programs", blank=True)
    regencies = models.ManyToManyField(
        Regency, verbose_name=_("regencies / cities"), related_name="programs", blank=True
    )
    districts = models.ManyToManyField(District, verbose_name=_("districts"), related_name="programs", blank=True)
    villages = models.ManyToManyField(Village, verbose_name=_("villages"), related_name="programs", blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.SCOPING)
    is_emergency = models.BooleanField(
        _("emergency condition"),
        default=False,
        help_text=_("Emergency programmes (kondisi darurat) need special attention to avoid leaving conflict behind."),
    )
    storage_quota_mb = models.PositiveIntegerField(
        _("storage quota (MB)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
        help_text=_("Space for this program's files. Leave empty for the default (PROGRAM_STORAGE_QUOTA_MB)."),
    )
    reporting_frequency = models.CharField(
        _("results reporting frequency"),
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.QUARTERLY,
    )
    reporting_due_days = models.PositiveSmallIntegerField(
        _("results due (days after a period ends)"), default=30, validators=[MaxValueValidator(365)]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=TIME_ZONE_CHOICES,
        default=DEFAULT_TIME_ZONE,
        help_text=_("Dates, deadlines, reminders and meeting times of this program follow its time zone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership program")
        verbose_name_plural = _("partnership programs")
        constraints = [
            models.CheckConstraint(
                name="program_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:program_detail", args=[self.pk])

    @property
    def is_closed(self):
        return self.phase == Phase.CLOSED


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    IMPLEMENTING = "implementing", _("Implementing partner")
    FUNDING = "funding", _("Funding partner")
    TECHNICAL = "technical", _("Technical partner")
    BENEFICIARY = "beneficiary", _("Beneficiary representative")
    OTHER = "other", _("Other")


class HowJoined(models.TextChoices):
    """How a partner came into the program, as the source text distinguishes (issue 15, item 8)."""

    VOLUNTARY = "voluntary", _("Voluntarily")
    MANDATE = "mandate", _("By mandate (part of the system)")
    INVITATION = "invitation", _("By invitation")


class EndorsementStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ENDORSED = "endorsed", _("Endorsed")
    DECLINED = "declined", _("Declined")


class ProgramPartnerQuerySet(models.QuerySet):
    @staticmethod
    def missing_endorsement_q(prefix=""):
        """Leadership endorsement not given: requested (still waiting) or declined; a partner that has
        left the program is not counted."""
        p = f"{prefix}__" if prefix else ""
        return Q(
            **{
                f"{p}endorsement_status__in": [EndorsementStatus.REQUESTED, EndorsementStatus.DECLINED],
                f"{p}left_on__isnull": True,
            }
        )

    def missing_endorsement(self):
        return self.filter(self.missing_endorsement_q())

    def endorsement_to_chase(self):
        """Missing, or to be renewed because the partner's lead changed (issue 15, item 1)."""
        return self.filter(
            self.missing_endorsement_q() | Q(reendorsement_requested_on__isnull=False, left_on__isnull=True)
        )


class ProgramPartner(models.Model):
    """An organisation taking part in a program, with its leadership endorsement.

    A partner is never deleted: it leaves (`left_on`, `left_reason`) and keeps its history.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="program_partners"
    )
    role = models.CharField(_("role in program"), max_length=20, choices=PartnerRole.choices)
    own_goals = models.TextField(_("own organisational goals"), blank=True)
    is_initial_funder = models.BooleanField(
        _("initial funder"),
        default=False,
        help_text=_("Counts towards the dependency indicator of the sustainability plan."),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    how_joined = models.CharField(
        _("how the partner joined"),
        max_length=12,
        choices=HowJoined.choices,
        blank=True,
        help_text=_("Voluntarily, by mandate (the body is part of the system, e.g. government), or by invitation."),
    )
    endorsement_status = models.CharField(
        _("leadership endorsement"),
        max_length=20,
        choices=EndorsementStatus.choices,
        default=EndorsementStatus.REQUESTED,
    )
    endorsed_by_name = models.CharField(_("endorsed by (name)"), max_length=150, blank=True)
    endorsed_by_title = models.CharField(_("endorsed by (title)"), max_length=150, blank=True)
    endorsed_on = models.DateField(_("endorsement date"), null=True, blank=True)
    endorsement_letter = PrivateFileField(
        _("endorsement letter"),
        upload_to=private_upload_to("endorsements"),
        blank=True,
        size_field="endorsement_letter_size",
    )
    endorsement_letter_name = models.CharField(max_length=255, blank=True)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    endorsement_letter_size = models.PositiveIntegerField(_("endorsement letter size (bytes)"), default=0)
    # The letter (or SK) in the program's document library, with its versions (issue 14, item 3).
    endorsement_document = models.ForeignKey(
        Document,
        verbose_name=_("endorsement document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.TextField(_("reason for leaving"), blank=True)
    # Restu pimpinan lasts: without it (or the facilitator's recorded override) a partner owns no work.
    endorsement_override_reason = models.TextField(_("reason for working before endorsement"), blank=True)
    endorsement_override_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("override by")
    )
    endorsement_override_at = models.DateTimeField(_("override recorded on"), null=True, blank=True)
    # Set when the partner's lead changes; cleared by an endorsement dated on or after it.
    reendorsement_requested_on = models.DateField(_("re-endorsement requested on"), null=True, blank=True)

    objects = ProgramPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["program", "organisation__name"]
        verbose_name = _("program partner")
        verbose_name_plural = _("program partners")
        constraints = [models.UniqueConstraint(fields=["program", "organisation"], name="one_partnership_per_org")]

    def __str__(self):
        return f"{self.organisation} — {self.program}"

    @property
    def is_endorsed(self):
        return self.endorsement_status == EndorsementStatus.ENDORSED

    @property
    def is_missing_endorsement(self):
        return not self.is_endorsed and not self.has_left  # the rule of ProgramPartnerQuerySet.missing_endorsement

    @property
    def has_left(self):
        return self.left_on is not None

    @property
    def display_name(self):
        """The organisation's name; a partner that has left says so (reports keep it)."""
        if self.left_on is None:
            return self.organisation.name
        return _("%(name)s (left on %(date)s)") % {
            "name": self.organisation.name,
            "date": date_format(self.left_on),
        }

    @property
    def may_own_work(self):
        """Endorsed by its leadership, or the facilitator recorded why it may work before that."""
        return self.is_endorsed or bool(self.endorsement_override_reason)

    @property
    def needs_reendorsement(self):
        return self.reendorsement_requested_on is not None


class CurrentMembershipManager(models.Manager):
    """Memberships that give access today: those of a partner that has left the program are kept
    as history (`Membership.all_objects`) but no longer count as members anywhere."""

    def get_queryset(self):
        return super().get_queryset().filter(partner__left_on__isnull=True)


class Membership(models.Model):
    """A person assigned to a program, with the role they hold in it.

    Facilitators and program managers have no partner; partner leads and
    staff are linked to their organisation's ProgramPartner row.
    """

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Partnership facilitator")
        MANAGER = "manager", _("Program manager")
        PARTNER_LEAD = "partner_lead", _("Partner lead")
        PARTNER_STAFF = "partner_staff", _("Partner staff")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    partner = models.ForeignKey(
        ProgramPartner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_representative = models.BooleanField(_("named representative"), default=False)

    all_objects = models.Manager()
    objects = CurrentMembershipManager()

    class Meta:
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("program membership")
        verbose_name_plural = _("program memberships")
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_membership_per_program"),
            models.CheckConstraint(
                name="partner_roles_have_partner",
                condition=(
                    Q(role__in=["partner_lead", "partner_staff"], partner__isnull=False)
                    | Q(role__in=["facilitator", "manager"], partner__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.program} ({self.get_role_display()})"

    @property
    def is_facilitator(self):
        return self.role == self.Role.FACILITATOR

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER

    @property
    def is_partner(self):
        return self.role in (self.Role.PARTNER_LEAD, self.Role.PARTNER_STAFF)

    @property
    def is_lead(self):
        return self.role == self.Role.PARTNER_LEAD


class CapacityKind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    EXPERTISE = "expertise", _("Expertise")
    NETWORKS = "networks", _("Networks")
    DATA = "data", _("Data")
    FACILITIES = "facilities", _("Facilities")
    VOLUNTEERS = "volunteers", _("Volunteers")


class CapacityItem(models.Model):
    """What an organisation can bring, found during scoping (penjajakan)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capacities")
    kind = models.CharField(_("capacity"), max_length=20, choices=CapacityKind.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacity profile")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="one_capacity_per_kind")]

    def __str__(self):
        return self.get_kind_display()


SCOPING_CRITERIA = [
    "track_record",
    "sector_standing",
    "complementary_skills",
    "governance",
    "financial_stability",
    "staff_stability",
    "resource_mobilisation",
]


class ScopingChecklist(models.Model):
    """A partner assessment made during scoping; each criterion rated 1-5."""

    RATING_CHOICES = [
        (1, _("1 — very weak")),
        (2, _("2 — weak")),
        (3, _("3 — adequate")),
        (4, _("4 — strong")),
        (5, _("5 — very strong")),
    ]
    CRITERIA = SCOPING_CRITERIA

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="scoping")
    track_record = models.PositiveSmallIntegerField(_("track record"), choices=RATING_CHOICES, null=True, blank=True)
    sector_standing = models.PositiveSmallIntegerField(
        _("standing in its sector"), choices=RATING_CHOICES, null=True, blank=True
    )
    complementary_skills = models.PositiveSmallIntegerField(
        _("complementary skills"), choices=RATING_CHOICES, null=True, blank=True
    )
    governance = models.PositiveSmallIntegerField(_("governance"), choices=RATING_CHOICES, null=True, blank=True)
    financial_stability = models.PositiveSmallIntegerField(
        _("financial stability"), choices=RATING_CHOICES, null=True, blank=True
    )
    staff_stability = models.PositiveSmallIntegerField(_("stable staff"), choices=RATING_CHOICES, null=True, blank=True)
    resource_mobilisation = models.PositiveSmallIntegerField(
        _("ability to mobilise resources"), choices=RATING_CHOICES, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoping checklist")
        verbose_name_plural = _("scoping checklists")
        constraints = [
            models.CheckConstraint(
                name=f"scoping_{name}_1_to_5",
                condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
            )
            for name in SCOPING_CRITERIA
        ]

    def __str__(self):
        return str(self.organisation)


class ContributionKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    EXPERTISE = "expertise", _("Expertise")
    FACILITIES = "facilities", _("Facilities")
    NETWORK = "network", _("Network")


# Which contributions use a capacity found at scoping (docs/reports.md, "Capacity at scoping"):
# data and volunteers reach a program as in-kind contributions.
CAPACITY_CONTRIBUTION_KINDS = {
    CapacityKind.FUNDING: (ContributionKind.CASH,),
    CapacityKind.EXPERTISE: (ContributionKind.EXPERTISE,),
    CapacityKind.NETWORKS: (ContributionKind.NETWORK,),
    CapacityKind.DATA: (ContributionKind.IN_KIND,),
    CapacityKind.FACILITIES: (ContributionKind.FACILITIES,),
    CapacityKind.VOLUNTEERS: (ContributionKind.IN_KIND,),
}


class Contribution(models.Model):
    """What a partner contributes (kontribusi) to a program."""

    partner = models.ForeignKey(
        ProgramPartner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ContributionKind.choices)
    description = models.CharField(_("description"), max_length=300)
    value_idr = models.DecimalField(_("value (IDR)"), max_digits=18, decimal_places=0, null=True, blank=True)
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                name="contribution_value_not_negative",
                condition=Q(value_idr__isnull=True) | Q(value_idr__gte=0),
            ),
            models.CheckConstraint(
                name="cash_contribution_has_value",
                condition=~Q(kind="cash") | Q(value_idr__isnull=False),
            ),
        ]

    def __str__(self):
        return self.description


class Activity(models.Model):
    """One line of a program's activity feed: the transparent record every member sees.

    `kind` is a plain string; labels live in partners.activity.KINDS so each app
    can add its own without a migration.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="activities")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self):
        return f"{self.kind}: {self.label}"

    @property
    def kind_label(self):
        return activity_kind_label(self.kind)
