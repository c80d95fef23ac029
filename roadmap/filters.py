"""Road-map filters (django-filter): status, owner partner, overdue, due this month."""

import calendar

import django_filters
from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.forms import FastSelect
from partners.models import ProgramPartner
from roadmap.models import Milestone, MilestoneStatus, Output


class _Options(BaseChoiceIterator):
    """A select's options, read once, when the select is drawn."""

    def __init__(self, read):
        self.read, self.rows = read, None

    def __iter__(self):
        if self.rows is None:
            self.rows = self.read()
        return iter(self.rows)


class MilestoneFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=MilestoneStatus.choices, empty_label=_("All"), widget=FastSelect
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("owner partner"),
        queryset=ProgramPartner.objects.none(),
        empty_label=_("All partners"),
        widget=FastSelect,
    )
    output = django_filters.ModelChoiceFilter(
        label=_("output"), queryset=Output.objects.none(), empty_label=_("All outputs"), widget=FastSelect
    )
    overdue = django_filters.BooleanFilter(label=_("overdue only"), method="filter_overdue", widget=forms.CheckboxInput)
    due_this_month = django_filters.BooleanFilter(
        label=_("due this month"), method="filter_due_this_month", widget=forms.CheckboxInput
    )

    class Meta:
        model = Milestone
        fields = ["status", "owner", "output", "overdue", "due_this_month"]

    def __init__(self, data=None, *args, program, **kwargs):
        super().__init__(data, *args, **kwargs)
        field = self.filters["owner"]
        field.queryset = ProgramPartner.objects.filter(program=program).select_related("organisation")
        self.filters["output"].queryset = Output.objects.filter(outcome__program=program).order_by(
            "outcome__order", "outcome_id", "order", "pk"
        )
        fields = self.form.fields
        # The options as plain rows, read when the form is drawn (never for a page that only filters);
        # a chosen value is still checked against the querysets above.
        owners, outputs = field.queryset, self.filters["output"].queryset
        fields["owner"].widget.choices = _Options(
            lambda: [("", fields["owner"].empty_label), *owners.values_list("pk", "organisation__name")]
        )
        fields["output"].widget.choices = _Options(
            lambda: [
                ("", fields["output"].empty_label),
                *((pk, statement[:80]) for pk, statement in outputs.values_list("pk", "statement")),
            ]
        )
        for name in ("status", "owner", "output"):
            fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("overdue", "due_this_month"):
            fields[name].widget.attrs["class"] = "form-check-input"

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.overdue()

    def filter_due_this_month(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        return queryset.filter(due_date__gte=today.replace(day=1), due_date__lte=last)

    @property
    def is_active(self):
        return self.is_bound and any(self.form.data.get(name) for name in self.Meta.fields)
