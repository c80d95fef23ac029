"""Report filters: the reporting period and the portfolio filters. Validation only."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, FilterChoiceField, Select, SubmitOnceMixin
from partners.models import Membership, Phase, Program, Province, Regency, Sector, User
from partners.widgets import RegionField
from reports.models import ExportJob

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_CUSTOM_DAYS = 366 * 10


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    def as_params(self):
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": str(self.label)}

    @classmethod
    def from_params(cls, params):
        return cls(
            datetime.date.fromisoformat(params["start"]),
            datetime.date.fromisoformat(params["end"]),
            params.get("label", ""),
        )


def _last_day(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def quarter_period(year, quarter):
    first = 3 * (quarter - 1) + 1
    return Period(
        datetime.date(year, first, 1), _last_day(year, first + 2), _("Q%(q)s %(y)s") % {"q": quarter, "y": year}
    )


def semester_period(year, semester):
    first = 6 * (semester - 1) + 1
    return Period(
        datetime.date(year, first, 1),
        _last_day(year, first + 5),
        _("Semester %(s)s %(y)s") % {"s": semester, "y": year},
    )


def year_period(year):
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), _("Year %(y)s") % {"y": year})


class PeriodForm(forms.Form):
    """Quarter, semester, year or custom dates. Unbound/empty means the current quarter."""

    KIND_CHOICES = [
        ("quarter", _("Quarter")),
        ("semester", _("Semester")),
        ("year", _("Year")),
        ("custom", _("Custom")),
    ]
    # Select: the filters' selects written without Django's widget templates, the same HTML (issue 19).
    period = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, required=False, widget=Select)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(i, f"Q{i}") for i in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=Select,
    )
    semester = forms.TypedChoiceField(
        label=_("Semester"), choices=[(1, "1"), (2, "2")], coerce=int, required=False, empty_value=None, widget=Select
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, data=None, *args, **kwargs):
        # A bare GET (no period chosen) is the current quarter, not an error.
        if data is not None and not any(data.get(name) for name in self.base_fields):
            data = None
        super().__init__(data, *args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        self.fields["semester"].initial = 1 if today.month <= 6 else 2
        self.fields["period"].initial = "quarter"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind = data.get("period") or "quarter"
        year = data.get("year") or timezone.localdate().year
        if kind == "quarter":
            data["result"] = quarter_period(year, data.get("quarter") or self.fields["quarter"].initial)
        elif kind == "semester":
            data["result"] = semester_period(year, data.get("semester") or self.fields["semester"].initial)
        elif kind == "year":
            data["result"] = year_period(year)
        else:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("A custom period needs both a start and an end date."), code="missing")
            if start.year < MIN_YEAR or end.year > MAX_YEAR:
                raise forms.ValidationError(
                    _("Choose dates between %(min)s and %(max)s."),
                    code="range",
                    params={"min": MIN_YEAR, "max": MAX_YEAR},
                )
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."), code="order")
            if (end - start).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError(_("A custom period can be at most ten years long."), code="too_long")
            data["result"] = Period(start, end, f"{date_format(start)} – {date_format(end)}")
        return data

    def is_usable(self):
        """Valid, or unbound (nothing chosen: the defaults apply)."""
        return not self.is_bound or self.is_valid()

    def period_or_default(self):
        """The chosen period; the current quarter when nothing was chosen. Call only if valid."""
        if not self.is_bound:
            today = timezone.localdate()
            return quarter_period(today.year, (today.month - 1) // 3 + 1)
        return self.cleaned_data["result"]


class PortfolioFilterForm(PeriodForm):
    # FilterChoiceField: the rows read with one plain SELECT; Select: written without templates (issue 19).
    province = FilterChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False, widget=Select)
    regency = RegionField("regency", Regency.objects.all(), label=_("Regency / city"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "---------"), *Sector.choices], required=False, widget=Select
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", "---------"), *Phase.choices], required=False, widget=Select
    )
    facilitator = FilterChoiceField(label=_("Facilitator"), queryset=User.objects.none(), required=False, widget=Select)

    def __init__(self, data=None, *args, programs=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        facilitators = User.objects.filter(
            memberships__role=Membership.Role.FACILITATOR, memberships__program__in=programs
        ).distinct()
        self.fields["facilitator"].queryset = facilitators.order_by("first_name", "last_name", "username")

    def filter_programs(self, programs):
        data = self.cleaned_data if self.is_bound else {}
        if data.get("province"):
            programs = programs.filter(provinces=data["province"])
        if data.get("regency"):
            programs = programs.filter(regencies=data["regency"])
        if data.get("sector"):
            programs = programs.filter(Q(partners__organisation__sector=data["sector"]))
        if data.get("phase"):
            programs = programs.filter(phase=data["phase"])
        if data.get("facilitator"):
            programs = programs.filter(
                memberships__user=data["facilitator"], memberships__role=Membership.Role.FACILITATOR
            )
        # Joins above can repeat a program; keep each once without DISTINCT on annotated queries.
        return Program.objects.filter(pk__in=programs.values("pk"))


class ExportRequestForm(SubmitOnceMixin, forms.Form):
    """Which long export to start; the choices depend on where it is asked from."""

    kind = forms.ChoiceField(label=_("Export"))

    SCOPES = {
        "program": ["program_pdf", "program_xlsx", "milestones_xlsx", "milestones_csv"],
        "portfolio": ["milestones_xlsx", "milestones_csv"],
    }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = self.SCOPES[scope]
        self.fields["kind"].choices = [(k, label) for k, label in ExportJob.Kind.choices if k in allowed]
