"""Validation only; the writes happen in facilitation.actions."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, DateInput, SubmitOnceMixin
from core.timezones import abbreviation as zone_abbreviation
from facilitation.models import ActionItem, FacilitatorRole, JournalEntry, Lesson, MediationCase, Meeting
from governance.models import Recommendation, RecommendationResponse
from partners.models import Organisation, ProgramPartner, User
from roadmap.forms import DatesWithinProgram
from roadmap.models import Output

DATE_INPUT = DateInput()
MAX_DECISIONS = 50


def program_people(program):
    return User.objects.filter(memberships__program=program, memberships__partner__left_on__isnull=True).order_by(
        "first_name", "last_name", "username"
    )


def program_partners(program):
    return ProgramPartner.objects.filter(program=program).select_related("organisation").order_by("organisation__name")


class PartnerChoiceMixin:
    """Show a ProgramPartner by its organisation's name (the program is obvious on the page)."""

    @staticmethod
    def partner_label(partner):
        return partner.organisation.name


class MeetingForm(SubmitOnceMixin, forms.ModelForm):
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One decision per line."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "status",
            "date",
            "start_time",
            "location",
            "attendees",
            "attending_partners",
            "other_attendees",
            "agenda",
            "notes",
        ]
        field_classes = {
            "attendees": BoundedModelMultipleChoiceField,
            "attending_partners": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "date": DATE_INPUT,
            "start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "attendees": forms.CheckboxSelectMultiple,
            "attending_partners": forms.CheckboxSelectMultiple,
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["attendees"].queryset = program_people(program)
        self.fields["attending_partners"].queryset = program_partners(program)
        self.fields["attending_partners"].label_from_instance = PartnerChoiceMixin.partner_label
        self.fields["start_time"].help_text = _("In the program's time zone (%(zone)s).") % {
            "zone": zone_abbreviation(program)
        }
        if self.instance.pk and not self.is_bound:
            self.initial["decisions"] = "\n".join(d.text for d in self.instance.decisions.all())
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_decisions(self):
        lines = [line.strip() for line in self.cleaned_data["decisions"].splitlines()]
        decisions = [line for line in lines if line]
        if len(decisions) > MAX_DECISIONS:
            raise forms.ValidationError(_("At most %(max)d decisions per meeting.") % {"max": MAX_DECISIONS})
        return decisions

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        status = cleaned.get("status")
        if date and status == Meeting.Status.HELD and date > timezone.localdate():
            self.add_error(
                "status",
                _("A meeting dated in the future cannot be marked as held. Mark it as planned, or correct the date."),
            )
        return cleaned


class ActionItemForm(DatesWithinProgram, forms.ModelForm):
    date_fields = (None, "due_date")

    class Meta:
        model = ActionItem
        fields = ["description", "owner_person", "owner_partner", "due_date", "done"]
        widgets = {"due_date": DATE_INPUT}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        # A kept item keeps its due date without a warning; a new one (or a new date) is checked.
        self.original_due_date = self.instance.due_date if self.instance.pk else None
        self.add_date_confirmation()
        self.fields["owner_person"].queryset = program_people(program)
        self.fields["owner_partner"].queryset = program_partners(program)
        self.fields["owner_partner"].label_from_instance = PartnerChoiceMixin.partner_label

    def clean(self):
        if self.data.get(self.add_prefix("DELETE")) or self.data.get(self.add_prefix("done")):
            # Deleted or done: its dates no longer matter.
            cleaned = forms.ModelForm.clean(self)
            cleaned.pop("confirm_dates", None)
        else:
            cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("description") and not cleaned.get("owner_person") and not cleaned.get("owner_partner"):
            self.add_error("owner_person", _("Name the person or the partner who owns this action."))
        return cleaned


class BaseActionItemFormSet(BaseInlineFormSet):
    def __init__(self, *args, program, **kwargs):
        self.program = program
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "program": self.program}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            program=self.program,
        )
        self.add_fields(form, None)
        return form

    def items(self):
        """The cleaned rows as plain dicts for the action: kept, changed, added, or deleted."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            data = form.cleaned_data
            rows.append(
                {
                    "pk": form.instance.pk,
                    "delete": bool(data.get("DELETE")),
                    "description": data.get("description", ""),
                    "owner_person": data.get("owner_person"),
                    "owner_partner": data.get("owner_partner"),
                    "due_date": data.get("due_date"),
                    "done": data.get("done", False),
                }
            )
        return rows


ActionItemFormSet = inlineformset_factory(
    Meeting,
    ActionItem,
    form=ActionItemForm,
    formset=BaseActionItemFormSet,
    extra=2,
    max_num=100,  # "add another" has no practical limit (issue 16, item 15); this only bounds a hostile post
    validate_max=True,
    can_delete=True,
)


class MilestoneFromActionForm(SubmitOnceMixin, forms.Form):
    """Turn an action item into a road-map milestone: everything prefilled, output and owner chosen."""

    output = forms.ModelChoiceField(label=_("Output"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Owner partner"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT)
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=None, required=False)

    def __init__(self, *args, item, **kwargs):
        program = item.meeting.program
        initial = {
            "title": item.description,  # never cut silently (issue 16, item 15): see below
            "start_date": item.meeting.date if item.meeting.date <= item.due_date else item.due_date,
            "due_date": item.due_date,
            "owner": item.owner_partner_id,
            "responsible": item.owner_person_id,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["output"].queryset = (
            Output.objects.filter(outcome__program=program)
            .select_related("outcome")
            .order_by("outcome__order", "order", "pk")
        )
        title = self.fields["title"]
        if len(item.description) > title.max_length:
            title.help_text = _(
                "The action's text has %(count)d characters; a milestone's title has at most %(limit)d."
                " Shorten it before saving."
            ) % {"count": len(item.description), "limit": title.max_length}
        self.fields["output"].label_from_instance = lambda o: o.statement[:120]
        self.fields["owner"].queryset = program_partners(program).filter(left_on__isnull=True)
        self.fields["owner"].label_from_instance = PartnerChoiceMixin.partner_label
        # One filter() call: both conditions on the same membership. Chained filters would join
        # memberships twice and list a person who is a partner in two programs twice (and the
        # choice would then raise MultipleObjectsReturned).
        self.fields["responsible"].queryset = User.objects.filter(
            memberships__program=program, memberships__role__in=["partner_lead", "partner_staff"]
        ).order_by("first_name", "last_name", "username")

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        owner, responsible = cleaned.get("owner"), cleaned.get("responsible")
        if owner and responsible and not responsible.memberships.filter(partner=owner).exists():
            self.add_error("responsible", _("The responsible person must work for the owner partner."))
        return cleaned


class MediationCaseForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = MediationCase
        fields = ["title", "parties", "issue", "opened_on", "status", "meetings", "resolution", "lessons_learnt"]
        field_classes = {"parties": BoundedModelMultipleChoiceField, "meetings": BoundedModelMultipleChoiceField}
        widgets = {
            "opened_on": DATE_INPUT,
            "parties": forms.CheckboxSelectMultiple,
            "meetings": forms.CheckboxSelectMultiple,
            "issue": forms.Textarea(attrs={"rows": 4}),
            "resolution": forms.Textarea(attrs={"rows": 4}),
            "lessons_learnt": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = program_partners(program)
        self.fields["parties"].label_from_instance = PartnerChoiceMixin.partner_label
        self.fields["meetings"].queryset = program.meetings.order_by("-date", "-pk")
        self.fields["meetings"].label_from_instance = lambda m: f"{date_format(m.date)} · {m.title}"
        if not self.instance.pk:
            self.initial.setdefault("opened_on", timezone.localdate())

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError(_("A mediation case is between at least two partners."))
        return parties

    def clean_opened_on(self):
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise forms.ValidationError(_("The date opened cannot be in the future."))
        return opened_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == MediationCase.Status.RESOLVED and not cleaned.get("resolution", "").strip():
            self.add_error("resolution", _("Record the agreed resolution before marking the case resolved."))
        if cleaned.get("status") == MediationCase.Status.RESOLVED and not cleaned.get("lessons_learnt", "").strip():
            self.add_error("lessons_learnt", _("Record the lessons learnt (hikmah) before marking the case resolved."))
        return cleaned


class MeetingAnswerForm(forms.Form):
    """A partner's answer to a proposed change, given in this meeting and recorded by the facilitator."""

    recommendation = forms.ModelChoiceField(label=_("Proposed change"), queryset=None)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    verdict = forms.ChoiceField(
        label=_("Answer"), choices=RecommendationResponse.Verdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        program = meeting.program
        self.fields["recommendation"].queryset = Recommendation.objects.filter(
            program=program, status__in=Recommendation.ANSWERABLE_STATUSES
        ).order_by("-created_at", "-pk")
        self.fields["partner"].queryset = ProgramPartner.objects.filter(program=program).select_related("organisation")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name

    def clean(self):
        data = super().clean()
        if data.get("verdict") == RecommendationResponse.Verdict.OBJECT and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say why the partner objects."))
        return data


class PostEmergencyReviewForm(forms.Form):
    """Before an emergency program closes: what it left behind, and any open conflict not yet in
    mediation (it becomes a mediation case)."""

    notes = forms.CharField(
        label=_("What the emergency left behind"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tensions, promises not kept, partners who feel left out."),
    )
    conflict_title = forms.CharField(
        label=_("Open conflict not yet in mediation (title)"), max_length=200, required=False
    )
    conflict_issue = forms.CharField(
        label=_("What the conflict is about"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conflict_parties = BoundedModelMultipleChoiceField(
        label=_("Parties to the conflict"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    no_other_conflicts = forms.BooleanField(
        label=_("No other open conflict remains outside mediation"),
        help_text=_(
            "Asked of the facilitator: every conflict the emergency left is named here or already in mediation."
        ),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflict_parties"].queryset = program_partners(program)
        self.fields["conflict_parties"].label_from_instance = PartnerChoiceMixin.partner_label

    def clean(self):
        data = super().clean()
        title = (data.get("conflict_title") or "").strip()
        parties = data.get("conflict_parties") or []
        if title or parties or (data.get("conflict_issue") or "").strip():
            if not title:
                self.add_error("conflict_title", _("Name the conflict."))
            if not (data.get("conflict_issue") or "").strip():
                self.add_error("conflict_issue", _("Say what the conflict is about."))
            if len(parties) < 2:
                self.add_error("conflict_parties", _("A mediation case is between at least two partners."))
        return data

    def conflict(self):
        """{title, issue, parties} for the action, or None when no new conflict was named."""
        data = self.cleaned_data
        if not (data.get("conflict_title") or "").strip():
            return None
        return {
            "title": data["conflict_title"].strip(),
            "issue": data["conflict_issue"].strip(),
            "parties": list(data["conflict_parties"]),
        }


class LessonForm(SubmitOnceMixin, forms.ModelForm):
    """Publish a lesson learnt, success story or case study to the library shared across programs."""

    class Meta:
        model = Lesson
        fields = ["kind", "title", "text", "sector", "province", "problem", "names_agreed"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": _(
                "Unless the parties agreed to be named, the names of this program's organisations and people "
                "are replaced (Partner A, Person 1) when the lesson is published. Leave out any other names."
            ),
            "names_agreed": _("Tick only if every party agreed, in writing or in a recorded meeting."),
        }

    def __init__(self, *args, program, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(10000))
        self.fields["text"].widget.attrs["maxlength"] = 10000
        if case is not None:
            self.initial.setdefault("title", case.title)
            self.initial.setdefault("text", case.lessons_learnt)
            first_party = case.parties.select_related("organisation").order_by("pk").first()
            if first_party is not None:
                self.initial.setdefault("sector", first_party.organisation.sector)
        first_province = program.provinces.order_by("pk").first()
        if first_province is not None:
            self.initial.setdefault("province", first_province.pk)


class JournalEntryForm(SubmitOnceMixin, forms.ModelForm):
    """A short journal entry; a bridge entry names the two organisations introduced to each other."""

    class Meta:
        model = JournalEntry
        fields = ["date", "role", "text", "bridge_from", "bridge_to", "bridge_people"]
        widgets = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(2000))
        self.fields["text"].widget.attrs["maxlength"] = 2000
        organisations = Organisation.objects.order_by("name")
        self.fields["bridge_from"].queryset = organisations
        self.fields["bridge_to"].queryset = organisations
        self.fields["bridge_from"].help_text = _("Bridge entries only: who was introduced to whom.")
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A journal entry cannot be dated in the future."))
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != FacilitatorRole.BRIDGE:
            cleaned["bridge_from"] = cleaned["bridge_to"] = None
            cleaned["bridge_people"] = ""
            return cleaned
        if not cleaned.get("bridge_from") or not cleaned.get("bridge_to"):
            self.add_error("bridge_to", _("A bridge entry names the two organisations introduced to each other."))
        elif cleaned["bridge_from"] == cleaned["bridge_to"]:
            self.add_error("bridge_to", _("An organisation is not introduced to itself."))
        return cleaned


class FacilitatorProfileForm(forms.Form):
    """Internal or external (the source text's two kinds of facilitator) and the institution they work for."""

    facilitator_kind = forms.ChoiceField(
        label=_("Internal or external"),
        choices=User.FacilitatorKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "External: a neutral professional invited or hired by the program. Internal: built up among the partners."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The university, NGO or office this facilitator works for, if any."),
    )


class InstitutionForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Facilitating institution"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_(
            "The institution (a university, an NGO) that holds this program's facilitation; its facilitators are "
            "listed under it. Leave empty when the facilitators work on their own."
        ),
    )


class HandOverForm(forms.Form):
    from_user = forms.ModelChoiceField(label=_("Outgoing facilitator"), queryset=None)
    to_user = forms.ModelChoiceField(label=_("New facilitator"), queryset=None)
    notes = forms.CharField(
        label=_("Notes for the new facilitator"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the newcomer must know: relationships, promises made, sensitive issues."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        current = User.objects.filter(memberships__program=program, memberships__role="facilitator")
        self.fields["from_user"].queryset = current.order_by("first_name", "last_name", "username")
        self.fields["to_user"].queryset = (
            User.objects.filter(role=User.Role.FACILITATOR, is_active=True)
            .exclude(memberships__program=program)
            .order_by("first_name", "last_name", "username")
        )
