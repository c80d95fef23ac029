"""Issue 16, item 15: "add a person" and "add a partner" search as one types instead of listing
every user (20,000 at national scale) and every organisation (5,000) in a dropdown."""

import pytest
from django.urls import reverse

from partners.models import Membership, ProgramPartner
from partners.selectors import SEARCH_LIMIT
from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramPartnerFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def member_search(cast, q):
    return reverse("partners:member_search", args=[cast.program.pk]) + f"?q={q}"


def partner_search(cast, q):
    return reverse("partners:partner_search", args=[cast.program.pk]) + f"?q={q}"


def test_member_search_lists_only_who_may_be_added(cast, login):
    sinta = UserFactory(first_name="Sinta", last_name="Dewi", role="manager")
    UserFactory(first_name="Sinta", last_name="Lama", role="manager", is_active=False)
    MembershipFactory(program=cast.program, user=UserFactory(first_name="Sinta", last_name="Anggota"), role="manager")
    html = login(cast.fasilitator).get(member_search(cast, "sin"), **HTMX).content.decode()
    assert f'name="user" value="{sinta.pk}"' in html
    assert html.count('type="radio"') == 1  # not the inactive one, not the one already in the program
    assert "<html" not in html  # a fragment for htmx


def test_member_search_needs_two_letters_and_returns_at_most_the_limit(cast, login):
    for n in range(SEARCH_LIMIT + 3):
        UserFactory(first_name=f"Budi{n}", role="manager")
    client = login(cast.fasilitator)
    assert 'type="radio"' not in client.get(member_search(cast, "b"), **HTMX).content.decode()
    html = client.get(member_search(cast, "budi"), **HTMX).content.decode()
    assert html.count('type="radio"') == SEARCH_LIMIT


def test_member_search_for_a_partner_lead_lists_only_their_organisation(cast, login):
    own = UserFactory(first_name="Rina", role="partner_staff", organisation=cast.org_a)
    other = UserFactory(first_name="Rina", role="partner_staff", organisation=cast.org_b)
    html = login(cast.lead_a).get(member_search(cast, "rina"), **HTMX).content.decode()
    assert f'value="{own.pk}"' in html
    assert f'value="{other.pk}"' not in html


def test_search_without_javascript_links_back_to_the_form_with_the_choice(cast, login):
    sinta = UserFactory(first_name="Sinta", last_name="Dewi", role="manager")
    client = login(cast.fasilitator)
    page = client.get(member_search(cast, "sinta")).content.decode()
    form_url = reverse("partners:member_add", args=[cast.program.pk])
    assert f'href="{form_url}?user={sinta.pk}"' in page
    form = client.get(f"{form_url}?user={sinta.pk}").content.decode()
    assert f'name="user" value="{sinta.pk}" id="id_user_{sinta.pk}" checked' in form
    # The search box of the form posts (GET) to the search page through a form of its own.
    assert 'form="id_user_search"' in form
    search_url = reverse("partners:member_search", args=[cast.program.pk])
    assert f'<form id="id_user_search" method="get" action="{search_url}"' in form


def test_picked_person_is_added_and_the_field_still_validates(cast, login):
    sinta = UserFactory(first_name="Sinta", role="manager")
    gone = UserFactory(first_name="Gone", role="manager", is_active=False)
    client = login(cast.fasilitator)
    url = reverse("partners:member_add", args=[cast.program.pk])
    refused = client.post(url, {"user": gone.pk, "role": "manager"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["user"]
    assert 'class="search-picker is-invalid"' in refused.content.decode()  # so Bootstrap shows the message
    assert client.post(url, {"user": sinta.pk, "role": "manager"}).status_code == 302
    assert Membership.objects.filter(program=cast.program, user=sinta).exists()


def test_lead_cannot_add_someone_of_another_organisation_by_id(cast, login):
    other = UserFactory(first_name="Rina", role="partner_staff", organisation=cast.org_b)
    response = login(cast.lead_a).post(reverse("partners:member_add", args=[cast.program.pk]), {"user": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert not Membership.objects.filter(program=cast.program, user=other).exists()


@pytest.mark.parametrize("who", ["manajer", "staf_a"])
def test_member_search_refused_to_read_only_roles(cast, login, who):
    assert login(getattr(cast, who)).get(member_search(cast, "sinta")).status_code == 403


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_partner_search_refused_to_non_facilitators(cast, login, who):
    assert login(getattr(cast, who)).get(partner_search(cast, "yay")).status_code == 403


@pytest.mark.parametrize("search", [member_search, partner_search])
def test_searches_are_404_to_outsiders(cast, login, search):
    assert login(cast.luar).get(search(cast, "sinta")).status_code == 404


def test_partner_search_lists_organisations_not_yet_in_the_program(cast, login):
    fresh = OrganisationFactory(name="Yayasan Pangan Lestari")
    html = login(cast.fasilitator).get(partner_search(cast, "yayasan"), **HTMX).content.decode()
    assert f'name="organisation" value="{fresh.pk}"' in html
    assert f'value="{cast.org_a.pk}"' not in html  # "Yayasan Mitra A" is already a partner


def test_picked_organisation_is_added(cast, login):
    fresh = OrganisationFactory(name="Yayasan Pangan Lestari")
    client = login(cast.fasilitator)
    url = reverse("partners:partner_add", args=[cast.program.pk])
    form = client.get(f"{url}?organisation={fresh.pk}").content.decode()
    assert f'name="organisation" value="{fresh.pk}"' in form
    response = client.post(url, {"organisation": fresh.pk, "role": "technical"})
    assert response.status_code == 302, response.context["form"].errors
    assert ProgramPartner.objects.filter(program=cast.program, organisation=fresh).exists()


# session, user, program, membership, the matches; then the session's save (savepoint, update, release).
SEARCH_QUERIES = 8


@pytest.mark.parametrize("search", [member_search, partner_search])
def test_search_query_count_is_constant(cast, login, django_assert_num_queries, search):
    client = login(cast.fasilitator)
    for n in range(2):
        OrganisationFactory(name=f"Lembaga Sinta {n}")
        UserFactory(first_name="Sinta", role="partner_staff", organisation=cast.org_a)
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(search(cast, "sinta"), **HTMX)
    for n in range(30):
        partner = ProgramPartnerFactory(program=cast.program, organisation__name=f"Sinta Mitra {n}")
        UserFactory(first_name="Sinta", role="partner_staff", organisation=partner.organisation)
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(search(cast, "sinta"), **HTMX)


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "1e3", "-4", ""])
def test_a_picked_id_that_is_not_an_id_is_ignored_not_a_500(cast, login, value):
    """`?user=²` passes str.isdigit() but int() refuses it; too many digits overflow the database."""
    client = login(cast.fasilitator)
    response = client.get(reverse("partners:member_add", args=[cast.program.pk]), {"user": value})
    assert response.status_code == 200
    assert "checked" not in response.content.decode().split('name="user"', 1)[-1].split(">", 1)[0]
    response = client.post(reverse("partners:member_add", args=[cast.program.pk]), {"user": value, "role": "manager"})
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
