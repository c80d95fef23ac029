"""Issue 15, item 8: how a partner joined (voluntarily, by mandate, by invitation)."""

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import HowJoined, ProgramPartner
from partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def edit_url(partner):
    return reverse("partners:partner_edit", args=[partner.pk])


def test_facilitator_records_how_a_partner_joined_and_it_shows(cast, login):
    client = login(cast.fasilitator)
    data = {"role": "implementing", "how_joined": "mandate", "own_goals": "", "joined_on": ""}
    assert client.post(edit_url(cast.partner_a), data).status_code == 302
    assert ProgramPartner.objects.get(pk=cast.partner_a.pk).how_joined == "mandate"
    page = login(cast.staf_b).get(reverse("partners:program_detail", args=[cast.program.pk])).content.decode()
    with translation.override("id"):
        label = str(HowJoined.MANDATE.label)
    assert f"{label}</div>" in page
    org_page = login(cast.staf_a).get(reverse("partners:organisation_detail", args=[cast.org_a.pk])).content.decode()
    assert label.lower() in org_page


def test_facilitator_sets_it_when_adding_a_partner(cast, login):
    org = OrganisationFactory(name="Dinas Sosial")
    data = {"organisation": org.pk, "role": "implementing", "how_joined": "invitation", "own_goals": ""}
    assert (
        login(cast.fasilitator).post(reverse("partners:partner_add", args=[cast.program.pk]), data).status_code == 302
    )
    assert ProgramPartner.objects.get(organisation=org).how_joined == "invitation"


def test_an_unknown_value_is_refused(cast, login):
    data = {"role": "implementing", "how_joined": "forced", "own_goals": ""}
    response = login(cast.fasilitator).post(edit_url(cast.partner_a), data)
    assert response.status_code == 200
    assert ProgramPartner.objects.get(pk=cast.partner_a.pk).how_joined == ""


def test_a_partner_lead_cannot_change_it(cast, login):
    response = login(cast.lead_a).post(edit_url(cast.partner_a), {"own_goals": "x", "how_joined": "voluntary"})
    assert response.status_code == 302
    partner = ProgramPartner.objects.get(pk=cast.partner_a.pk)
    assert (partner.own_goals, partner.how_joined) == ("x", "")


@pytest.mark.parametrize("who", ["staf_a", "manajer"])
def test_read_only_roles_get_403(cast, login, who):
    response = login(getattr(cast, who)).post(edit_url(cast.partner_a), {"how_joined": "voluntary"})
    assert response.status_code == 403
    assert ProgramPartner.objects.get(pk=cast.partner_a.pk).how_joined == ""


def test_outsider_gets_404(cast, login):
    assert login(cast.luar).post(edit_url(cast.partner_a), {"how_joined": "voluntary"}).status_code == 404
