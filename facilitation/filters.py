"""The lesson library's filters by tag: type, sector, province and kind of problem."""

import django_filters
from django.utils.translation import gettext_lazy as _

from facilitation.models import Lesson
from partners.models import Province, Sector


class LessonFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Lesson.Kind.choices, empty_label=_("All types"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )
    problem = django_filters.ChoiceFilter(
        label=_("Kind of problem"), choices=Lesson.Problem.choices, empty_label=_("All problems")
    )

    class Meta:
        model = Lesson
        fields = ["kind", "sector", "province", "problem"]
