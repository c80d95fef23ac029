"""Validation only; the writes live in actions.py."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    SCALE,
    CapacityPlan,
    DevelopmentSuggestion,
    FacilitatorCredential,
    HealthDimension,
    Round,
    Training,
    bilingual,
)
from core.forms import DateInput, ModelForm, SubmitOnceMixin
from partners.models import Membership, ProgramPartner, User

SCORE_CHOICES = [("", _("not scored yet"))] + [(str(v), str(v)) for v in SCALE]
VALID_LEVELS = {str(v) for v in SCALE}


def _date(**kwargs):
    return forms.DateField(widget=DateInput(), **kwargs)


class RoundForm(SubmitOnceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Round.Kind.choices)
    held_on = _date(label=_("Date"))
    closes_on = _date(label=_("Submissions due"))
    include_facilitators = forms.BooleanField(
        label=_("Facilitators assess themselves too (facilitator competencies)"), required=False
    )
    health_anonymous = forms.BooleanField(label=_("Health-check answers are anonymous"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["held_on"].initial = today
        self.fields["closes_on"].initial = today + datetime.timedelta(days=14)

    def clean(self):
        data = super().clean()
        if data.get("held_on") and data.get("closes_on") and data["closes_on"] < data["held_on"]:
            self.add_error("closes_on", _("The due date cannot be before the round's date."))
        return data


class ScoredForm(forms.Form):
    """One score field (1-5, optional while drafting) per item, plus an optional note per item."""

    def add_score(self, key, label, descriptors, initial=None, with_note=True, note_initial=""):
        self.fields[f"score_{key}"] = forms.TypedChoiceField(
            label=label,
            choices=SCORE_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            initial="" if initial is None else str(initial),
            widget=forms.RadioSelect,
        )
        self.fields[f"score_{key}"].descriptors = descriptors
        if with_note:
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=_("Evidence note"),
                required=False,
                max_length=2000,
                initial=note_initial,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def submit_requested(self):
        return self.data.get("action") == "submit"

    def progress(self):
        """{"answered", "total"}: the questions (score fields) with a level chosen, as shown now (the
        posted values, or the saved draft's). The form's counter starts from this (issue 16, item 14)."""
        names = [name for name in self.fields if name.startswith("score_")]
        answered = sum(1 for name in names if str(self[name].value() or "").strip() in VALID_LEVELS)
        return {"answered": answered, "total": len(names)}


class AssessmentForm(ScoredForm):
    def __init__(self, *args, behaviours, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.behaviours = behaviours
        for behaviour in behaviours:
            value, evidence = scores.get(behaviour.pk, (None, ""))
            descriptors = [(level.level, bilingual(level, "descriptor")) for level in behaviour.levels.all()]
            self.add_score(behaviour.pk, behaviour.name, descriptors, value, note_initial=evidence)

    def answers(self):
        return {
            b.pk: (self.cleaned_data.get(f"score_{b.pk}"), self.cleaned_data.get(f"evidence_{b.pk}") or "")
            for b in self.behaviours
        }

    def grouped(self):
        """[(competency, [(score field, evidence field)])] for the template."""
        groups = []
        for behaviour in self.behaviours:
            pair = (self[f"score_{behaviour.pk}"], self[f"evidence_{behaviour.pk}"])
            if groups and groups[-1][0].pk == behaviour.competency_id:
                groups[-1][1].append(pair)
            else:
                groups.append((behaviour.competency, [pair]))
        return groups


class HealthCheckForm(ScoredForm):
    comments = forms.CharField(
        label=_("Comments"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, dimensions, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.dimensions = dimensions
        comments = self.fields.pop("comments")
        for dimension in dimensions:
            descriptors = [(level.level, bilingual(level, "descriptor")) for level in dimension.levels.all()]
            self.add_score(dimension.pk, dimension.name, descriptors, scores.get(dimension.pk), with_note=False)
        self.fields["comments"] = comments

    def scores(self):
        return {d.pk: self.cleaned_data.get(f"score_{d.pk}") for d in self.dimensions}

    def score_fields(self):
        return [self[f"score_{d.pk}"] for d in self.dimensions]


class ConsentForm(forms.Form):
    shares_with_managers = forms.BooleanField(
        label=_("Program managers may see my individual scores in this program"), required=False
    )


class PlanForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = CapacityPlan
        fields = ["title", "person", "partner", "goals"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        people = Membership.objects.filter(program=program).exclude(role=Membership.Role.MANAGER)
        self.fields["person"].queryset = (
            self.fields["person"].queryset.filter(pk__in=people.values("user_id")).order_by("first_name", "username")
        )
        self.fields["partner"].queryset = program.partners.select_related("organisation")
        self.fields["person"].help_text = _("Choose a person or a partner organisation, not both.")

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("partner")):
            raise forms.ValidationError(_("Choose either a person or a partner organisation."))
        return data

    def _post_clean(self):
        # The plan is created by the action; skip the model's own constraint check on a plan without program.
        pass


class TrainingForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "provider", "start_date", "end_date", "is_formal", "attended", "knowledge_transfer"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "knowledge_transfer": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def _post_clean(self):
        pass


class SuggestionForm(SubmitOnceMixin, ModelForm):
    class Meta(ModelForm.Meta):
        model = DevelopmentSuggestion
        fields = ["competency_code", "order", "text_id", "text_en"]
        widgets = {"text_id": forms.Textarea(attrs={"rows": 2}), "text_en": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency_code"] = forms.ChoiceField(label=_("Competency"), choices=codes)


class CredentialForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = FacilitatorCredential
        fields = ["title", "provider", "completed_on", "is_certified", "valid_until"]
        widgets = {
            "completed_on": DateInput(),
            "valid_until": DateInput(),
        }

    def clean(self):
        data = super().clean()
        if data.get("completed_on") and data.get("valid_until") and data["valid_until"] < data["completed_on"]:
            self.add_error("valid_until", _("The validity cannot end before completion."))
        return data

    def _post_clean(self):
        pass


class HealthActionForm(SubmitOnceMixin, forms.Form):
    """One item of the action plan after a health check. Only red or falling dimensions are offered
    (`eligible`, from selectors.plan_dimensions); the action refuses any other."""

    dimension = forms.ModelChoiceField(label=_("dimension"), queryset=HealthDimension.objects.none())
    description = forms.CharField(label=_("action"), max_length=300)
    owner_partner = forms.ModelChoiceField(
        label=_("owner (partner)"), queryset=ProgramPartner.objects.none(), required=False
    )
    owner_person = forms.ModelChoiceField(label=_("owner (person)"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("due date"), widget=DateInput())

    def __init__(self, *args, round_, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible = eligible
        self.fields["dimension"].queryset = HealthDimension.objects.filter(pk__in=list(eligible))
        self.fields["dimension"].label_from_instance = lambda d: f"{d.name} — {eligible[d.pk][1]}"
        self.fields["owner_partner"].queryset = ProgramPartner.objects.filter(
            program=round_.program_id, left_on__isnull=True
        ).select_related("organisation")
        self.fields["owner_partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["owner_person"].queryset = User.objects.filter(
            memberships__program=round_.program_id, is_active=True
        ).order_by("first_name", "last_name", "username")

    def clean(self):
        data = super().clean()
        if not data.get("owner_partner") and not data.get("owner_person"):
            raise forms.ValidationError(_("Name an owner: a partner or a person."))
        return data
