"""The search-as-you-type region picker (issue 14, item 4).

There are about 84,000 villages: a <select> of them all would weigh megabytes. The picker renders
only the chosen regions (as checked boxes, so it works without JavaScript: unticking removes one)
and a search box; static/js/region-picker.js asks `regions:search` for at most 20 matches as the
user types and adds the one clicked as another checked box.
"""

from django import forms
from django.urls import reverse

from core.forms import BoundedModelMultipleChoiceField, as_id
from partners.selectors import SEARCH_LIMIT, SEARCH_MIN_LENGTH, region_labels


class RegionPicker(forms.Widget):
    template_name = "partners/widgets/region_picker.html"

    def __init__(self, level, *, multiple=False, attrs=None):
        super().__init__(attrs)
        self.level = level
        self.multiple = multiple

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple choice is a choice (every box unticked)

    def format_value(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = [number for number in map(as_id, context["widget"]["value"]) if number]
        context["widget"].update(
            {
                "level": self.level,
                "multiple": self.multiple,
                "chosen": region_labels(self.level, ids),
                "url": reverse("regions:search"),
            }
        )
        return context


class RegionField(forms.ModelChoiceField):
    """One region of a level, picked by searching."""

    def __init__(self, level, queryset, **kwargs):
        kwargs.setdefault("widget", RegionPicker(level))
        super().__init__(queryset, **kwargs)


class RegionMultipleField(BoundedModelMultipleChoiceField):
    """Several regions of a level, picked by searching."""

    def __init__(self, level, queryset, **kwargs):
        kwargs.setdefault("widget", RegionPicker(level, multiple=True))
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)


class SearchPicker(forms.Widget):
    """One record among thousands, picked by searching (issue 16, item 15): "add a person" (every
    active user) and "add a partner" (every organisation).

    It renders the chosen record (a checked radio, so the form works without JavaScript), a search
    box and a place for the matches. With htmx the box asks `url` for at most 20 matches as the user
    types, and they come back as more radios of the same name: picking one is clicking it. Without
    JavaScript the box and its button belong to a separate GET form (`<form id="<id>_search">`,
    rendered after the main form by partners/form.html) whose page lists the matches as links back
    to this form with the one chosen. The field's queryset, not this widget, decides what is valid.
    """

    template_name = "partners/widgets/search_picker.html"

    def __init__(self, *, labels, url="", attrs=None):
        super().__init__(attrs)
        self.labels = labels  # ids -> [(pk, label)], one query
        self.url = url

    def format_value(self, value):
        value = getattr(value, "pk", value)
        return "" if value in (None, "") else str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        chosen = self.labels([as_id(value)]) if as_id(value) else []
        # crispy marks a field in error through the widget's class; the wrapper carries it so that
        # Bootstrap shows the error message that follows.
        invalid = "is-invalid" in context["widget"]["attrs"].get("class", "")
        context["widget"].update(
            {
                "chosen": chosen,
                "url": self.url,
                "invalid": invalid,
                "min_length": SEARCH_MIN_LENGTH,
                "limit": SEARCH_LIMIT,
            }
        )
        return context
