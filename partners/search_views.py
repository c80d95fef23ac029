"""Search-as-you-type behind "add a person" and "add a partner" (issue 16, item 15).

With htmx (the `HX-Request` header) the answer is the list of matches as radios of the form's own
field, swapped into the form; without JavaScript it is a page listing them as links back to the
form with the one chosen. The access rules are the forms': outsiders get 404, people who may not
add get 403 (whatever the method: the views only read, and the access check comes first), and only
who or what the user may add is listed.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.access import access_program, access_program_people, can_manage_program
from partners.selectors import SEARCH_LIMIT, SEARCH_MIN_LENGTH, search_organisations_to_add, search_people_to_add


class SearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)


def _query(request):
    form = SearchForm(request.GET)
    return form.cleaned_data["q"] if form.is_valid() else ""


def _answer(request, program, *, q, matches, field, form_url, title):
    context = {
        "program": program,
        "q": q,
        "matches": matches,
        "field": field,
        "form_url": form_url,
        "title": title,
        "too_short": len(q) < SEARCH_MIN_LENGTH,
        "limit": SEARCH_LIMIT,
        "min_length": SEARCH_MIN_LENGTH,
        "search_url": request.path,
    }
    if request.headers.get("HX-Request"):
        # A fragment: no request context, so no page-wide queries (the navbar's unread count).
        return HttpResponse(render_to_string("partners/_search_matches.html", context))
    return render(request, "partners/search_page.html", context)


@login_required
def member_search(request, pk):
    """People who may be added: anyone active for a facilitator, their own organisation's partner
    people for a partner lead (the same rules as member_add)."""
    program = access_program_people(request.user, pk)
    membership = program.membership
    organisation_id = None if can_manage_program(request.user, membership) else membership.partner.organisation_id
    q = _query(request)
    return _answer(
        request,
        program,
        q=q,
        matches=search_people_to_add(program, q, organisation_id=organisation_id),
        field="user",
        form_url=reverse("partners:member_add", args=[program.pk]),
        title=_("Find a person to add"),
    )


@login_required
def partner_search(request, pk):
    """Organisations not yet in the program, for its facilitator (the same rule as partner_add)."""
    program = access_program(request.user, pk, write=True)
    q = _query(request)
    return _answer(
        request,
        program,
        q=q,
        matches=search_organisations_to_add(program, q),
        field="organisation",
        form_url=reverse("partners:partner_add", args=[program.pk]),
        title=_("Find an organisation to add as a partner"),
    )
