"""Validation only: the actions write (and check again, so a form can never half-save)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, FilterChoiceField, Select, SubmitOnceMixin
from governance.models import PartnerGoal
from partners.models import ProgramPartner, Province, Regency
from partners.widgets import RegionField
from results.models import (
    Aggregation,
    BreakdownCategory,
    BreakdownOption,
    Direction,
    IndicatorType,
    StandardIndicator,
)
from roadmap.forms import DATE_WIDGET, EvidenceField, PartnersField, program_partners
from roadmap.models import Outcome, Output

# Values fit the DecimalField(max_digits=14, decimal_places=2) columns: bigger is a form error, not a 500.
NUMBER = {"max_digits": 14, "decimal_places": 2}
NUMBER_ERRORS = {
    "invalid": _("Enter a number."),
    "max_digits": _("Enter a number with at most 12 digits before the decimal point."),
    "max_whole_digits": _("Enter a number with at most 12 digits before the decimal point."),
    "max_decimal_places": _("Enter a number with at most 2 decimal places."),
}


def number_field(label, **kwargs):
    return forms.DecimalField(label=label, error_messages=NUMBER_ERRORS, **NUMBER, **kwargs)


class CategoriesField(BoundedModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


def measure_choices(program):
    """[(group, [("outcome:1", statement), ...])]: the program's outcomes, outputs and partners' own goals."""
    outcomes = [(f"outcome:{o.pk}", str(o)) for o in Outcome.objects.filter(program=program)]
    outputs = [(f"output:{o.pk}", str(o)) for o in Output.objects.filter(outcome__program=program)]
    goals = [
        (f"goal:{g.pk}", f"{g.partner.organisation.name}: {g.goals[:60]}")
        for g in PartnerGoal.objects.filter(partner__program=program).select_related("partner__organisation")
    ]
    return [
        ("", "---------"),
        (_("Outcomes"), outcomes),
        (_("Outputs"), outputs),
        (_("Partners' own goals"), goals),
    ]


class IndicatorForm(forms.Form):
    measures = forms.ChoiceField(label=_("measures"), help_text=_("The outcome, output or partner goal it measures."))
    code = forms.CharField(label=_("code"), max_length=20)
    name = forms.CharField(label=_("name"), max_length=300)
    unit = forms.CharField(label=_("unit"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("type"), choices=IndicatorType.choices, initial=IndicatorType.NUMBER)
    aggregation = forms.ChoiceField(label=_("how periods add up"), choices=Aggregation.choices)
    direction = forms.ChoiceField(label=_("direction"), choices=Direction.choices)
    baseline_value = number_field(_("baseline"), required=False, min_value=0)
    baseline_date = forms.DateField(label=_("baseline date"), required=False, widget=DATE_WIDGET)
    baseline_text = forms.CharField(label=_("baseline (qualitative)"), max_length=300, required=False)
    target_value = number_field(_("overall target"), required=False, min_value=0)
    target_text = forms.CharField(label=_("target (qualitative)"), max_length=300, required=False)
    data_source = forms.CharField(
        label=_("data source / means of verification"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    partners = PartnersField(label=_("partners who report it"), queryset=ProgramPartner.objects.none(), required=False)
    categories = CategoriesField(
        label=_("broken down by"), queryset=BreakdownCategory.objects.filter(is_active=True), required=False
    )
    standard = forms.ModelChoiceField(
        label=_("standard indicator"), queryset=StandardIndicator.objects.all(), required=False
    )
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=2_147_483_647, initial=0, required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["measures"].choices = measure_choices(program)
        self.fields["partners"].queryset = program_partners(program)

    def clean_order(self):
        return self.cleaned_data["order"] or 0

    def clean_measures(self):
        kind, _sep, pk = self.cleaned_data["measures"].partition(":")
        models = {
            "outcome": (Outcome, "program"),
            "output": (Output, "outcome__program"),
            "goal": (PartnerGoal, "partner__program"),
        }
        model, path = models[kind]
        item = model.objects.filter(pk=int(pk), **{path: self.program}).first()
        if item is None:
            raise forms.ValidationError(_("Choose an outcome, output or partner goal of this program."))
        return {"outcome": None, "output": None, "partner_goal": None} | {
            {"goal": "partner_goal"}.get(kind, kind): item
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == IndicatorType.PERCENTAGE:
            for name in ("baseline_value", "target_value"):
                if data.get(name) is not None and data[name] > 100:
                    self.add_error(name, _("A percentage cannot be more than 100."))
        return data

    def action_kwargs(self):
        data = dict(self.cleaned_data)
        measures = data.pop("measures")
        return measures | data


def indicator_initial(indicator):
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields if name not in ("measures",)}
    item = indicator.measures
    prefix = {"Outcome": "outcome", "Output": "output", "PartnerGoal": "goal"}[type(item).__name__]
    initial["measures"] = f"{prefix}:{item.pk}"
    initial["partners"] = [p.pk for p in indicator.partners.all()]
    initial["categories"] = [c.pk for c in indicator.categories.all()]
    initial["standard"] = indicator.standard_id
    return initial


class PeriodTargetsForm(forms.Form):
    """One target field per reporting period."""

    def __init__(self, *args, indicator, periods, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        max_value = 100 if indicator.kind == IndicatorType.PERCENTAGE else None
        for period in periods:
            self.fields[f"p{period.pk}"] = number_field(
                period.label, required=False, min_value=0, max_value=max_value, initial=targets.get(period.pk)
            )

    def targets(self):
        return {period: self.cleaned_data[f"p{period.pk}"] for period in self.periods}


YES_NO = [("1", _("Yes")), ("0", _("No"))]


class ResultForm(forms.Form):
    """The value (a number, a percentage, yes/no, or none for a narrative), its breakdown, narrative and files."""

    value = number_field(_("value"), required=False)
    narrative = forms.CharField(
        label=_("narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the figure means, and how it was counted."),
    )
    evidence = EvidenceField(label=_("evidence"), required=False)

    def __init__(self, *args, indicator, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.options = options
        kind = indicator.kind
        if kind == IndicatorType.NARRATIVE:
            del self.fields["value"]
            self.fields["narrative"].required = True
        elif kind == IndicatorType.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("value"), choices=YES_NO, coerce=Decimal, widget=forms.RadioSelect
            )
        else:
            self.fields["value"].required = True
            self.fields["value"].min_value = 0
            self.fields["value"].validators.append(_not_negative)
            if kind == IndicatorType.PERCENTAGE:
                self.fields["value"].validators.append(_at_most_100)
        for option in options:
            self.fields[f"b{option.pk}"] = number_field(option.display_name, required=False, min_value=0)
            self.fields[f"b{option.pk}"].validators.append(_not_negative)

    def breakdown_groups(self):
        """[(category, [bound field])] for the template."""
        groups = {}
        for option in self.options:
            groups.setdefault(option.category, []).append(self[f"b{option.pk}"])
        return list(groups.items())

    def breakdown(self):
        return {
            option: self.cleaned_data[f"b{option.pk}"]
            for option in self.options
            if self.cleaned_data.get(f"b{option.pk}") is not None
        }

    def clean(self):
        data = super().clean()
        value = data.get("value")
        if value is None or self.indicator.kind in (IndicatorType.PERCENTAGE, IndicatorType.YES_NO):
            return data
        totals = {}
        for option in self.options:
            part = data.get(f"b{option.pk}")
            if part is not None:
                totals[option.category] = totals.get(option.category, 0) + part
        for category, total in totals.items():
            if total > value:
                raise forms.ValidationError(
                    _("The %(category)s parts add up to %(parts)s, more than the total of %(total)s.")
                    % {"category": category.display_name, "parts": total, "total": value},
                    code="breakdown_over_total",
                )
        return data

    def action_kwargs(self):
        return {
            "value": self.cleaned_data.get("value"),
            "narrative": self.cleaned_data.get("narrative", ""),
            "breakdown": self.breakdown(),
            "files": self.cleaned_data.get("evidence") or [],
            "submit": "submit" in self.data,
        }


def _not_negative(value):
    if value is not None and value < 0:
        raise forms.ValidationError(_("A count cannot be negative."), code="negative")


def _at_most_100(value):
    if value is not None and value > 100:
        raise forms.ValidationError(_("A percentage cannot be more than 100."), code="over_100")


class NewResultForm(SubmitOnceMixin, ResultForm):
    """The first report of a slot: a double click or a resent POST saves it once (core.actions.submit_once)."""


class CorrectionForm(ResultForm):
    reason = forms.CharField(
        label=_("reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept openly in the change log, with the old and the new value."),
        error_messages={"required": _("Say why the approved value must be corrected.")},
    )

    def action_kwargs(self):
        return super().action_kwargs() | {"reason": self.cleaned_data["reason"]}


class ReviewForm(forms.Form):
    # No default: the reviewer must choose (issue 16, item 1).
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("", _("— choose a decision —")), ("approve", _("Approve")), ("return", _("Return for revision"))],
        error_messages={"required": _("Choose a decision: approve, or return for revision.")},
        help_text=_(
            "Approving locks the result: later changes need a correction with a reason. "
            "Returning sends it back to its author with your note."
        ),
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Please write a note saying what needs revising."))
        return data


class StandardIndicatorForm(forms.ModelForm):
    class Meta:
        model = StandardIndicator
        fields = ["code", "name", "unit", "kind", "aggregation", "description"]


class IpttFilterForm(forms.Form):
    outcome = FilterChoiceField(label=_("outcome"), queryset=Outcome.objects.none(), required=False)
    partner = FilterChoiceField(label=_("partner"), queryset=ProgramPartner.objects.none(), required=False)
    option = FilterChoiceField(label=_("breakdown"), queryset=BreakdownOption.objects.none(), required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = Outcome.objects.filter(program=program)
        self.fields["partner"].queryset = program_partners(program)
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["option"].queryset = breakdown_options(program)
        self.fields["option"].label_from_instance = lambda o: f"{o.category.display_name}: {o.display_name}"


def breakdown_options(program, categories=None):
    options = BreakdownOption.objects.filter(category__is_active=True).filter(
        program__isnull=True
    ) | BreakdownOption.objects.filter(category__is_active=True, program=program)
    if categories is not None:
        options = options.filter(category__in=categories)
    return options.select_related("category").order_by("category__order", "order", "pk")


class PortfolioFilterForm(forms.Form):
    """The portfolio's programs by place: a province, or an official regency / city (issue 14, item 4)."""

    province = FilterChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False, widget=Select)
    regency = RegionField("regency", Regency.objects.all(), label=_("Regency / city"), required=False)

    def filter_programs(self, programs):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("province"):
            programs = programs.filter(provinces=data["province"])
        if data.get("regency"):
            programs = programs.filter(regencies=data["regency"])
        return programs
