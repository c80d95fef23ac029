"""Validation only; the actions do the writing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CONFIRM_REQUIRED,
    BoundedModelMultipleChoiceField,
    ConfirmForm,
    DateInput,
    SubmitOnceMixin,
    confirm_field,
)
from core.uploads import IMAGES, OFFICE, PDF, safe_file_name, validate_upload
from governance.models import (
    InstitutionalChange,
    PartneringAgreement,
    Recognition,
    Recommendation,
    RecommendationResponse,
    SustainabilityPlan,
)
from governance.selectors import skipped_phases
from partners.forms import document_choices, document_label
from partners.models import AGREEMENT_DOCUMENT_TYPES, ContributionKind, Organisation, PartnerRole, Phase, ProgramPartner
from roadmap.models import Milestone

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AgreementForm(forms.Form):
    """The six agreement sections plus one "own goals" field per partner (goal_<partner pk>)."""

    agreed_on = forms.DateField(label=_("agreed on"), required=False, widget=DateInput())

    def __init__(self, *args, partners, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = partners
        for name in PartneringAgreement.SECTIONS:
            label = PartneringAgreement._meta.get_field(name).verbose_name
            self.fields[name] = forms.CharField(label=label, required=False, widget=TEXTAREA)
        goals = {}
        if agreement is not None:
            goals = {g.partner_id: g.goals for g in agreement.partner_goals.all()}
            for name in PartneringAgreement.SECTIONS:
                self.initial[name] = getattr(agreement, name)
            self.initial["agreed_on"] = agreement.agreed_on
        for partner in partners:
            key = f"goal_{partner.pk}"
            self.fields[key] = forms.CharField(
                label=_("Own goals of %(partner)s") % {"partner": partner.organisation.name},
                required=False,
                widget=TEXTAREA,
            )
            self.initial[key] = goals.get(partner.pk, partner.own_goals)

    def clean_agreed_on(self):
        value = self.cleaned_data["agreed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The agreement date cannot be in the future."))
        return value

    def sections(self):
        return {name: self.cleaned_data[name] for name in PartneringAgreement.SECTIONS}

    def partner_goals(self):
        return {p.pk: self.cleaned_data[f"goal_{p.pk}"] for p in self.partners}

    def goal_fields(self):
        return [self[f"goal_{p.pk}"] for p in self.partners]

    def section_fields(self):
        return [self[name] for name in PartneringAgreement.SECTIONS]


class AgreementDocumentForm(forms.Form):
    """The agreement's signed MoU or PKS, picked from the program's documents."""

    document = forms.ModelChoiceField(
        label=_("Signed document"),
        queryset=None,
        required=False,
        empty_label=_("No document"),
        help_text=_("An MoU or a PKS uploaded to the program's documents."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = document_choices(program.pk, AGREEMENT_DOCUMENT_TYPES)
        self.fields["document"].label_from_instance = document_label


class PhaseChangeForm(forms.Form):
    phase = forms.ChoiceField(label=_("new phase"), choices=())
    override_reason = forms.CharField(
        label=_("reason for overriding the gate"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Only needed when the gate is not met; it is kept in the phase history."),
    )

    reason = forms.CharField(
        label=_("reason for skipping a phase"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Needed when the new phase skips one (for example from scoping straight to reviewing)."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand: a skipped phase is recorded with its reason, and the governance records of a closed "
            "program can no longer be changed until an administrator reopens it."
        ),
        required=False,
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["phase"].choices = [("", _("— choose the new phase —"))] + [
            (v, label) for v, label in Phase.choices if v != program.phase
        ]

    def clean(self):
        data = super().clean()
        phase = data.get("phase")
        if not phase:
            return data
        skipped = skipped_phases(self.program.phase, phase)
        if skipped and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("This change skips %(phases)s: give a reason; it is kept in the program's phase history.")
                % {"phases": ", ".join(f"“{p.label}”" for p in skipped)},
            )
        if (skipped or phase == Phase.CLOSED) and not data.get("confirm"):
            self.add_error("confirm", CONFIRM_REQUIRED)
        return data


class ReopenProgramForm(forms.Form):
    """An administrator reopens a closed program."""

    phase = forms.ChoiceField(label=_("reopen in phase"), choices=())
    reason = forms.CharField(label=_("reason for reopening"), widget=TEXTAREA)
    confirm = confirm_field(
        _("I understand: the program becomes open for changes again, and the reason is kept in its history.")
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(v, label) for v, label in Phase.choices if v != Phase.CLOSED]
        last = program.phase_changes.filter(to_phase=Phase.CLOSED).order_by("-created_at", "-pk").first()
        if last is not None:
            self.fields["phase"].initial = last.from_phase


class RecommendationForm(SubmitOnceMixin, forms.Form):
    """Common fields; one subclass per kind adds what the change needs. `change()` gives the action kwargs."""

    kind = None
    title = forms.CharField(label=_("title"), max_length=200)
    rationale = forms.CharField(label=_("rationale"), widget=TEXTAREA)
    alternatives = forms.CharField(label=_("alternatives considered"), widget=TEXTAREA)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def change(self):
        return {}

    def proposal(self):
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "title": data["title"],
            "rationale": data["rationale"],
            "alternatives": data["alternatives"],
            **self.change(),
        }


class DueDatesForm(RecommendationForm):
    """One optional "new due date" per open milestone; the filled ones are the chosen milestones."""

    kind = Recommendation.Kind.DUE_DATES

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = milestones
        for milestone in milestones:
            self.fields[f"due_{milestone.pk}"] = forms.DateField(
                label=milestone.title,
                required=False,
                widget=DateInput(),
                help_text=_("now due %(date)s") % {"date": milestone.due_date.isoformat()},
            )

    def milestone_fields(self):
        return [self[f"due_{m.pk}"] for m in self.milestones]

    def clean(self):
        data = super().clean()
        chosen = {m: data.get(f"due_{m.pk}") for m in self.milestones if data.get(f"due_{m.pk}")}
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one milestone and its new due date."))
        self.chosen = chosen
        return data

    def change(self):
        return {"milestone_dates": self.chosen}


class TargetForm(RecommendationForm):
    kind = Recommendation.Kind.TARGET
    item = forms.ChoiceField(label=_("what to change"))
    target_field = forms.ChoiceField(
        label=_("which part"),
        choices=[(f.value, f.label) for f in Recommendation.TARGET_FIELDS_OPEN],
        help_text=_("An outcome's or output's targets are its indicators' targets: change them in the results."),
    )
    new_value = forms.CharField(label=_("new value"), widget=TEXTAREA)

    def __init__(self, *args, outcomes, outputs, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {str(o.pk): o for o in outcomes}
        self.outputs = {str(o.pk): o for o in outputs}
        choices = [("program", _("The program goal"))]
        choices += [(f"outcome:{pk}", _("Outcome: %(s)s") % {"s": o}) for pk, o in self.outcomes.items()]
        choices += [(f"output:{pk}", _("Output: %(s)s") % {"s": o}) for pk, o in self.outputs.items()]
        self.fields["item"].choices = choices

    def clean(self):
        data = super().clean()
        item, field = data.get("item"), data.get("target_field")
        if item and field:
            if item == "program" and field != Recommendation.TargetField.GOAL:
                self.add_error("target_field", _("For the program itself only the goal can change."))
            if item != "program" and field == Recommendation.TargetField.GOAL:
                self.add_error("target_field", _("For an outcome or output only the statement can change here."))
        return data

    def change(self):
        item = self.cleaned_data["item"]
        kind, _sep, pk = item.partition(":")
        return {
            "outcome": self.outcomes.get(pk) if kind == "outcome" else None,
            "output": self.outputs.get(pk) if kind == "output" else None,
            "target_field": self.cleaned_data["target_field"],
            "new_value": self.cleaned_data["new_value"],
        }


class PartnerChangeForm(RecommendationForm):
    kind = Recommendation.Kind.PARTNER
    partner_action = forms.ChoiceField(
        label=_("partner change"), choices=Recommendation.PartnerAction.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation to add"), queryset=Organisation.objects.none(), required=False
    )
    partner_role = forms.ChoiceField(
        label=_("role in program"), choices=[("", "---------")] + list(PartnerRole.choices), required=False
    )
    partner = forms.ModelChoiceField(
        label=_("partner to remove"), queryset=ProgramPartner.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            program_partners__program=self.program
        ).order_by("name")
        self.fields["partner"].queryset = ProgramPartner.objects.filter(
            program=self.program, left_on__isnull=True
        ).select_related("organisation", "program")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name

    def clean(self):
        data = super().clean()
        action = data.get("partner_action")
        if action == Recommendation.PartnerAction.ADD:
            if not data.get("organisation"):
                self.add_error("organisation", _("Choose the organisation to add."))
            if not data.get("partner_role"):
                self.add_error("partner_role", _("Choose its role in the program."))
        elif action == Recommendation.PartnerAction.REMOVE and not data.get("partner"):
            self.add_error("partner", _("Choose the partner to remove."))
        return data

    def change(self):
        data = self.cleaned_data
        if data["partner_action"] == Recommendation.PartnerAction.ADD:
            return {
                "partner_action": data["partner_action"],
                "organisation": data["organisation"],
                "partner_role": data["partner_role"],
            }
        return {"partner_action": data["partner_action"], "partner": data["partner"]}


class PhaseRecommendationForm(RecommendationForm):
    kind = Recommendation.Kind.PHASE
    new_phase = forms.ChoiceField(label=_("new phase"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_phase"].choices = [(v, label) for v, label in Phase.choices if v != self.program.phase]

    def change(self):
        return {"new_phase": self.cleaned_data["new_phase"]}


RECOMMENDATION_FORMS = {
    Recommendation.Kind.DUE_DATES: DueDatesForm,
    Recommendation.Kind.TARGET: TargetForm,
    Recommendation.Kind.PARTNER: PartnerChangeForm,
    Recommendation.Kind.PHASE: PhaseRecommendationForm,
}


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("your answer"), choices=RecommendationResponse.Verdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=TEXTAREA, help_text=_("Required when you object.")
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == RecommendationResponse.Verdict.OBJECT and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say why you object."))
        return data


class ApplyForm(forms.Form):
    decision_note = forms.CharField(
        label=_("decision taken in a meeting"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Needed when not every partner lead has agreed: which meeting decided, and what."),
    )
    confirm = confirm_field(
        _("I understand: the change is applied to the program now (road map, partners or phase) and cannot be undone.")
    )


def withdraw_form(data=None):
    """The confirmation box of "Withdraw" (Tarik)."""
    return ConfirmForm(
        data,
        label=_(
            "I understand: the recommendation is closed for good; the partners' answers are kept, "
            "and nothing in the program changes."
        ),
    )


class SustainabilityPlanForm(forms.Form):
    path = forms.ChoiceField(
        label=_("intended path"), choices=SustainabilityPlan.Path.choices, widget=forms.RadioSelect
    )
    carrying_partner = forms.ModelChoiceField(
        label=_("carrying partner"), queryset=ProgramPartner.objects.none(), required=False
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXTAREA)
    transition_milestones = BoundedModelMultipleChoiceField(
        label=_("transition milestones"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrying_partner"].queryset = ProgramPartner.objects.filter(program=program).select_related(
            "organisation", "program"
        )
        self.fields["carrying_partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["transition_milestones"].queryset = Milestone.objects.filter(program=program).order_by(
            "due_date", "pk"
        )

    def clean(self):
        data = super().clean()
        if data.get("path") == SustainabilityPlan.Path.CARRIED_ON and not data.get("carrying_partner"):
            self.add_error("carrying_partner", _("Name the partner that carries the work on."))
        return data


def clean_document(upload, allowed):
    """An optional upload: size and type checked from its content, the name to show set."""
    if not upload:
        return None
    ext = validate_upload(upload, allowed)
    upload.display_name = safe_file_name(upload.name, ext)
    return upload


class RecognitionForm(SubmitOnceMixin, forms.Form):
    """The facilitator records a recognition (any partner of the program); a partner's lead proposes
    one (`partners` narrowed to their own partner)."""

    partner = forms.ModelChoiceField(label=_("partner"), queryset=ProgramPartner.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    awarded_by = forms.CharField(
        label=_("awarded by"),
        max_length=200,
        help_text=_("The recognising body as it may be shown publicly, e.g. “Kepala Desa Oelnasi”."),
    )
    given_by = forms.ChoiceField(label=_("kind of giver"), choices=Recognition.GivenBy.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    description = forms.CharField(
        label=_("description"),
        widget=TEXTAREA,
        help_text=_("The impact beyond the direct beneficiaries that earned the recognition."),
    )
    file = forms.FileField(
        label=_("Photo or document (optional)"),
        required=False,
        help_text=_("A PDF or an image: the letter, certificate or a photo of the handover."),
    )

    def __init__(self, *args, program, partner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = ProgramPartner.objects.filter(program=program, left_on__isnull=True)
        if partner_id is not None:
            partners = partners.filter(pk=partner_id)
        self.fields["partner"].queryset = partners.select_related("organisation", "program")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of a recognition cannot be in the future."))
        return value

    def clean_file(self):
        return clean_document(self.cleaned_data.get("file"), PDF | IMAGES)


class RecognitionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[("confirm", _("Confirm")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("reason for declining"), required=False, widget=TEXTAREA, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please say why the recognition is declined."))
        return data


class InstitutionalChangeForm(SubmitOnceMixin, forms.Form):
    """A policy, procedure or system a partner adopted; a lead's form offers only their own partner."""

    partner = forms.ModelChoiceField(label=_("partner"), queryset=ProgramPartner.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=InstitutionalChange.Kind.choices)
    title = forms.CharField(
        label=_("what was adopted"),
        max_length=200,
        help_text=_("E.g. “Perbup No. 12/2026 tentang Pendataan Terpadu Keluarga Miskin”, “SOP rujukan kasus”."),
    )
    adopted_on = forms.DateField(label=_("adopted on"), widget=DateInput())
    description = forms.CharField(
        label=_("short description"),
        max_length=2000,
        widget=TEXTAREA,
        help_text=_("What changed in the organisation's work, and how the partnership led to it."),
    )
    document = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_("The regulation, SOP or manual: a PDF, an image or an office document."),
    )

    def __init__(self, *args, program, partner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = ProgramPartner.objects.filter(program=program, left_on__isnull=True)
        if partner_id is not None:
            partners = partners.filter(pk=partner_id)
        self.fields["partner"].queryset = partners.select_related("organisation", "program")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The adoption date cannot be in the future."))
        return value

    def clean_document(self):
        return clean_document(self.cleaned_data.get("document"), PDF | IMAGES | OFFICE)


class CommitmentForm(SubmitOnceMixin, forms.Form):
    """A partner's commitment in the agreement: kind, value and period, within the program's dates."""

    partner = forms.ModelChoiceField(label=_("partner"), queryset=ProgramPartner.objects.none())
    kind = forms.ChoiceField(label=_("type"), choices=ContributionKind.choices)
    amount_idr = forms.DecimalField(
        label=_("committed value (IDR)"),
        min_value=1,
        max_digits=18,
        decimal_places=0,
        help_text=_("In-kind commitments are recorded at their value in rupiah."),
    )
    start_date = forms.DateField(label=_("from"), widget=DateInput())
    end_date = forms.DateField(
        label=_("until"),
        widget=DateInput(),
        help_text=_("For a yearly commitment: 1 January to 31 December."),
    )
    description = forms.CharField(label=_("description"), max_length=300, required=False)

    def __init__(self, *args, program, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "partner": instance.partner_id,
                    "kind": instance.kind,
                    "amount_idr": instance.amount_idr,
                    "start_date": instance.start_date,
                    "end_date": instance.end_date,
                    "description": instance.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["partner"].queryset = ProgramPartner.objects.filter(
            program=program, left_on__isnull=True
        ).select_related("organisation")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("The end of the period cannot be before its start."))
            elif start < self.program.start_date or (self.program.end_date and end > self.program.end_date):
                self.add_error(None, _("The period must lie within the program's dates."))
        return data
