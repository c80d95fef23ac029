"""Query-string filters for the list endpoints (django-filter). A bad value is a 400, never a 500."""

import django_filters

from core.forms import MAX_ID
from partners.models import Contribution, ContributionKind, Organisation, Phase, Program, Sector
from results.models import Result
from roadmap.models import Milestone, MilestoneStatus, ProgressUpdate


class BoundedNumberFilter(django_filters.NumberFilter):
    """An id filter: whole numbers that fit the database column (anything else: 400)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class ProgramFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    name = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    province = django_filters.CharFilter(field_name="provinces__code", max_length=2, distinct=True)

    class Meta:
        model = Program
        fields = ["phase", "name", "province", "is_emergency"]


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    province = django_filters.CharFilter(field_name="province__code", max_length=2)

    class Meta:
        model = Organisation
        fields = ["name", "sector", "province"]


class ContributionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ContributionKind.choices)
    partner = BoundedNumberFilter(field_name="partner_id")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Contribution
        fields = ["kind", "partner", "date_from", "date_to"]


class MilestoneFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices)
    owner = BoundedNumberFilter(field_name="owner_id")
    output = BoundedNumberFilter(field_name="output_id")
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = ["status", "owner", "output", "due_from", "due_to"]


class ProgressUpdateFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=ProgressUpdate.State.choices)
    milestone = BoundedNumberFilter(field_name="milestone_id")

    class Meta:
        model = ProgressUpdate
        fields = ["state", "milestone"]


class ResultFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Result.State.choices)
    indicator = BoundedNumberFilter(field_name="indicator_id")
    period = BoundedNumberFilter(field_name="period_id")
    partner = BoundedNumberFilter(field_name="partner_id")

    class Meta:
        model = Result
        fields = ["state", "indicator", "period", "partner"]
