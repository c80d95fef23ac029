"""Validation only: every save goes through partners.actions."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, DateInput, ModelForm, SubmitOnceMixin
from core.timezones import TIME_ZONE_CHOICES, suggested_time_zone
from core.uploads import IMAGES, PDF, safe_file_name, validate_upload
from partners.actions import ALREADY_MEMBER, ALREADY_PARTNER, document_file_types
from partners.models import (
    ENDORSEMENT_DOCUMENT_TYPES,
    CapacityKind,
    Contribution,
    ContributionKind,
    District,
    Document,
    DocumentType,
    DocumentVisibility,
    EndorsementStatus,
    Membership,
    Organisation,
    Program,
    ProgramPartner,
    Province,
    Regency,
    ScopingChecklist,
    Sector,
    User,
    Village,
)
from partners.selectors import organisation_labels, people_labels, people_to_add
from partners.widgets import RegionField, RegionMultipleField, SearchPicker

DATE = DateInput()
# One source of own goals (issue 16, item 10): the agreement's text counts; this field proposes it.
OWN_GOALS_HELP = _(
    "What the partner wants to gain from the program. It counts once the facilitator writes it into "
    "the partnering agreement, which the program page and the phase gate read."
)


class CrispyForm:
    """crispy renders the fields; each template supplies its own <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "name" else "form-select"


class OrganisationForm(SubmitOnceMixin, CrispyForm, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    regency = RegionField(
        "regency",
        Regency.objects.all(),
        label=_("regency / city"),
        required=False,
        help_text=_("Search the official list by name or Kemendagri code, e.g. Kota Kupang or 53.71."),
    )

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if province and regency and regency.province_id != province.pk:
            self.add_error("regency", _("This regency / city is not in the chosen province."))
        return cleaned

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "province",
            "regency",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CapacityProfileForm(CrispyForm, forms.Form):
    """One checkbox and a note per kind of capacity (penjajakan)."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {item.kind: item for item in organisation.capacities.all()}
        for kind, label in CapacityKind.choices:
            item = existing.get(kind)
            self.fields[f"{kind}_on"] = forms.BooleanField(label=label, required=False, initial=item is not None)
            self.fields[f"{kind}_notes"] = forms.CharField(
                label=_("Notes: %(capacity)s") % {"capacity": label},
                required=False,
                max_length=2000,
                initial=item.notes if item else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        for kind, _label in CapacityKind.choices:
            if cleaned.get(f"{kind}_notes") and not cleaned.get(f"{kind}_on"):
                self.add_error(f"{kind}_on", _("Tick this capacity to keep its notes."))
        return cleaned

    def profile(self):
        """{kind: notes} for the ticked kinds."""
        return {
            kind: self.cleaned_data[f"{kind}_notes"]
            for kind, _label in CapacityKind.choices
            if self.cleaned_data[f"{kind}_on"]
        }


class ScopingChecklistForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = ScopingChecklist
        fields = [*ScopingChecklist.CRITERIA, "notes", "assessed_on"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "assessed_on": DATE}


class ProgramForm(SubmitOnceMixin, CrispyForm, ModelForm):
    class Meta(ModelForm.Meta):
        model = Program
        fields = [
            "name",
            "goal",
            "description",
            "provinces",
            "regencies",
            "districts",
            "villages",
            "start_date",
            "end_date",
            "time_zone",
            "is_emergency",
            "reporting_frequency",
            "reporting_due_days",
        ]
        field_classes = {"provinces": BoundedModelMultipleChoiceField}
        help_texts = {"provinces": _("Provinces of the regencies, districts and villages below are added.")}
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "provinces": forms.SelectMultiple(attrs={"size": 8}),
            "start_date": DATE,
            "end_date": DATE,
        }

    regencies = RegionMultipleField("regency", Regency.objects.all(), label=_("regencies / cities"))
    districts = RegionMultipleField("district", District.objects.all(), label=_("districts"))
    villages = RegionMultipleField(
        "village",
        Village.objects.all(),
        label=_("villages"),
        help_text=_("Search by name or code; there are about 84,000 villages (desa and kelurahan)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Results reporting settings keep their current value (or the default) when left out.
        self.fields["reporting_frequency"].required = False
        self.fields["reporting_due_days"].required = False
        # Left on "from the provinces", the zone is the one most of the program's places are in.
        zone = self.fields["time_zone"]
        zone.required = False
        zone.choices = [("", _("From the program's provinces")), *TIME_ZONE_CHOICES]
        if not self.instance.pk:
            self.initial["time_zone"] = ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if not cleaned.get("time_zone"):
            codes = [p.code for p in cleaned.get("provinces") or ()]
            codes += [r.code[:2] for r in cleaned.get("regencies") or ()]
            cleaned["time_zone"] = suggested_time_zone(codes)
        for name in ("reporting_frequency", "reporting_due_days"):
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(self.instance, name)
        return cleaned

    def _post_clean(self):
        # The model's own check constraint would repeat the end-date message; the form says it once.
        if "end_date" in self.errors:
            return
        super()._post_clean()


class PartnerAddForm(SubmitOnceMixin, CrispyForm, forms.ModelForm):
    class Meta:
        model = ProgramPartner
        fields = ["organisation", "role", "how_joined", "own_goals", "is_initial_funder", "joined_on"]
        widgets = {"own_goals": forms.Textarea(attrs={"rows": 3}), "joined_on": DATE}
        help_texts = {"own_goals": OWN_GOALS_HELP}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        # The picker searches the organisations not yet in the program (issue 16, item 15); any
        # organisation is accepted by the field so that one added meanwhile (another tab) gets a
        # clear message below.
        self.fields["organisation"].widget = SearchPicker(
            labels=organisation_labels, url=reverse("partners:partner_search", args=[program.pk])
        )

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if ProgramPartner.objects.filter(program=self.program, organisation=organisation).exists():
            raise forms.ValidationError(ALREADY_PARTNER % {"name": organisation.name}, code="already_partner")
        return organisation

    def _post_clean(self):
        # The model's unique check would repeat clean_organisation's message in other words.
        if self.errors:
            return
        super()._post_clean()


class PartnerForm(CrispyForm, forms.ModelForm):
    """Facilitators set role and funder flag; a partner lead edits only its own goals."""

    class Meta:
        model = ProgramPartner
        fields = ["role", "how_joined", "own_goals", "is_initial_funder", "joined_on"]
        widgets = {"own_goals": forms.Textarea(attrs={"rows": 4}), "joined_on": DATE}
        help_texts = {"own_goals": OWN_GOALS_HELP}

    def __init__(self, *args, can_manage_program, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_manage_program:
            for name in ("role", "how_joined", "is_initial_funder", "joined_on"):
                del self.fields[name]


class PartnerLeaveForm(CrispyForm, forms.Form):
    left_on = forms.DateField(label=_("left on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("reason for leaving"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The partner stays in the program's history and reports, shown as having left. It gets no new"
            " milestones or contributions, and its people no longer have access to the program."
        ),
    )


class EndorsementForm(CrispyForm, forms.ModelForm):
    letter = forms.FileField(
        label=_("Endorsement letter"),
        required=False,
        help_text=_("PDF or image (JPG, PNG), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    class Meta:
        model = ProgramPartner
        fields = ["endorsement_status", "endorsed_by_name", "endorsed_by_title", "endorsed_on", "endorsement_document"]
        widgets = {"endorsed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The letter or SK in the library: this partner's own, or one of the whole program.
        partner = self.instance
        field = self.fields["endorsement_document"]
        field.queryset = document_choices(partner.program_id, ENDORSEMENT_DOCUMENT_TYPES).filter(
            Q(partner=partner) | Q(partner__isnull=True)
        )
        field.label_from_instance = document_label
        field.label = _("Letter in the document library")
        field.help_text = _("A leadership endorsement letter or SK uploaded to the program's documents.")

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        if not letter:
            return None
        ext = validate_upload(letter, PDF | IMAGES)
        # Keep the user's name for display, with the extension the content really has.
        letter.display_name = safe_file_name(letter.name, ext)
        return letter

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("endorsement_status") == EndorsementStatus.ENDORSED:
            if not cleaned.get("endorsed_by_name"):
                self.add_error("endorsed_by_name", _("Say who endorsed the partnership."))
            if not cleaned.get("endorsed_on"):
                self.add_error("endorsed_on", _("Give the date of the endorsement."))
        return cleaned


class MembershipForm(SubmitOnceMixin, CrispyForm, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "partner", "is_representative"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.instance.program = program
        # The picker searches the people not yet in the program (issue 16, item 15); the field
        # accepts any active person so that one added meanwhile (another tab) gets a clear message
        # from clean_user.
        field = self.fields["user"]
        field.queryset = User.objects.filter(is_active=True)
        field.widget = SearchPicker(labels=people_labels, url=reverse("partners:member_search", args=[program.pk]))
        self.fields["partner"].queryset = ProgramPartner.objects.filter(program=program).select_related("organisation")
        self.fields["partner"].required = False
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["partner"].help_text = _(
            "Required for partner leads and staff: their organisation in this program."
        )

    def clean_user(self):
        user = self.cleaned_data["user"]
        if Membership.objects.filter(program=self.program, user=user).exists():
            raise forms.ValidationError(ALREADY_MEMBER, code="already_member")
        return user

    def clean(self):
        cleaned = super().clean()
        user, role, partner = cleaned.get("user"), cleaned.get("role"), cleaned.get("partner")
        if not user or not role:
            return cleaned
        partner_roles = (Membership.Role.PARTNER_LEAD, Membership.Role.PARTNER_STAFF)
        if role in partner_roles:
            if not user.is_partner_person:
                self.add_error("role", _("Only partner people can hold a partner role."))
            elif partner is None:
                self.add_error("partner", _("Choose the person's organisation in this program."))
            elif partner.organisation_id != user.organisation_id:
                self.add_error("partner", _("A partner person can only join through their own organisation."))
        else:
            if partner is not None:
                self.add_error("partner", _("Facilitators and managers are not linked to a partner."))
            if user.is_partner_person:
                self.add_error("role", _("Partner people can only hold a partner role."))
        return cleaned

    def _post_clean(self):
        # Role/partner consistency is reported by clean(); skip the model constraint's duplicate message.
        if self.errors:
            return
        super()._post_clean()


class PartnerStaffForm(CrispyForm, forms.Form):
    """A partner lead assigns people of their own organisation to the program, as partner staff."""

    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    is_representative = forms.BooleanField(label=_("named representative"), required=False)

    def __init__(self, *args, program, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people_to_add(program, organisation_id=partner.organisation_id)
        self.fields["user"].widget = SearchPicker(
            labels=people_labels, url=reverse("partners:member_search", args=[program.pk])
        )
        self.fields["user"].help_text = _("People of %(organisation)s who are not yet in this program.") % {
            "organisation": partner.organisation.name
        }


class ContributionForm(SubmitOnceMixin, CrispyForm, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["partner", "kind", "description", "value_idr", "date"]
        widgets = {"date": DATE}

    def __init__(self, *args, program, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A partner that has left gets no new contributions; an existing one keeps its partner.
        keep = Q(left_on__isnull=True) | Q(pk=self.instance.partner_id)
        queryset = ProgramPartner.objects.filter(keep, program=program).select_related("organisation")
        if partners is not None:
            queryset = queryset.filter(pk__in=[p.pk for p in partners])
        self.fields["partner"].queryset = queryset
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        if partners is not None and len(partners) == 1:
            self.fields["partner"].initial = partners[0].pk
            self.fields["partner"].empty_label = None
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate
        self.fields["value_idr"].widget.attrs.update({"min": 0, "step": 1})
        self.fields["value_idr"].validators.append(_not_negative)
        self.fields["value_idr"].help_text = _("Required for cash; optional for other types.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ContributionKind.CASH and cleaned.get("value_idr") is None:
            if "value_idr" not in self.errors:
                self.add_error("value_idr", _("A cash contribution needs its value in rupiah."))
        return cleaned

    def _post_clean(self):
        if self.errors:
            return
        super()._post_clean()


def _not_negative(value):
    if value is not None and value < 0:
        raise forms.ValidationError(_("The value cannot be negative."))


class EndorsementOverrideForm(CrispyForm, forms.Form):
    reason = forms.CharField(
        label=_("reason for working before endorsement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on the partner and shown in the activity feed."),
    )


# The document library (issue 14, item 3) -------------------------------------------------------


def document_choices(program_id, kinds):
    """The program's documents of these types, newest first, labelled with type, title and date."""
    return Document.objects.filter(program_id=program_id, kind__in=kinds).order_by("-date", "-pk")


def document_label(document):
    return f"{document.get_kind_display()}: {document.title} ({date_format(document.date)})"


def _clean_document_file(upload, kind):
    ext = validate_upload(upload, document_file_types(kind))
    # Keep the user's name for display, with the extension the content really has.
    upload.name = safe_file_name(upload.name, ext)
    return upload


class DocumentForm(SubmitOnceMixin, CrispyForm, forms.Form):
    """A new document with its first file. Partner people add documents of their own partner only."""

    kind = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Document date"), widget=DATE, help_text=_("The date on the document, e.g. when it was signed.")
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=ProgramPartner.objects.none(),
        required=False,
        empty_label=_("The whole program"),
        help_text=_("The partner the document belongs to, if any."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=DocumentVisibility.choices,
        initial=DocumentVisibility.PROGRAM,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image (JPG, PNG) or office document, at most 10 MB. A photo must be an image."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, program, own_partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_partner = own_partner
        partners = ProgramPartner.objects.filter(program=program, left_on__isnull=True).select_related("organisation")
        field = self.fields["partner"]
        if own_partner is not None:
            partners = partners.filter(pk=own_partner.pk)
            field.required = True
            field.empty_label = None
            field.initial = own_partner.pk
        field.queryset = partners.order_by("organisation__name")
        field.label_from_instance = lambda p: p.organisation.name
        self.fields["date"].initial = timezone.localdate

    def clean_partner(self):
        partner = self.cleaned_data.get("partner")
        if self.own_partner is not None and partner != self.own_partner:
            raise forms.ValidationError(_("You can add documents of your own organisation only."))
        return partner

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload and kind:
            try:
                cleaned["file"] = _clean_document_file(upload, kind)
            except forms.ValidationError as error:
                self.add_error("file", error)
        if cleaned.get("visibility") == DocumentVisibility.PARTNER and not cleaned.get("partner"):
            if "partner" not in self.errors:
                self.add_error("partner", _("Choose the partner that may see this document."))
        return cleaned


class DocumentVersionForm(SubmitOnceMixin, CrispyForm, forms.Form):
    """A new file for an existing document; the earlier versions are kept."""

    file = forms.FileField(label=_("New file"), help_text=_("The earlier versions stay downloadable."))
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("E.g. signed by both parties.")
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document

    def clean_file(self):
        return _clean_document_file(self.cleaned_data["file"], self.document.kind)


class DocumentFilterForm(forms.Form):
    """The library's filters (GET): type and partner. Bad values are ignored, never a 500."""

    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *DocumentType.choices], required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=ProgramPartner.objects.none(), required=False, empty_label=_("All partners")
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = ProgramPartner.objects.filter(program=program).select_related("organisation")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, documents):
        if not self.is_bound or not self.is_valid():
            return documents
        if self.cleaned_data["kind"]:
            documents = documents.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["partner"]:
            documents = documents.filter(partner=self.cleaned_data["partner"])
        return documents
