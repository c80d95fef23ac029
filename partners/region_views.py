"""The official regions' search endpoint behind the region picker (partners/widgets.py)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from partners.selectors import REGION_LEVELS, search_regions


class RegionSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False)
    level = forms.ChoiceField(choices=[(level, level) for level in REGION_LEVELS])
    parent = forms.RegexField(regex=r"^\d{2}(\.\d{2}){0,2}$", required=False)


@login_required
@require_GET
def search(request):
    """/regions/search?q=&level=&parent=: JSON {"results": [{id, code, name, label}]}, at most 20.

    Regions are public reference data: any signed-in person may search them.
    """
    form = RegionSearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"results": [], "errors": form.errors}, status=400)
    data = form.cleaned_data
    return JsonResponse({"results": search_regions(data["level"], data["q"], data["parent"])})
