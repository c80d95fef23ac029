"""The portfolio by official regency / city (issue 14, item 4)."""

import pytest
from django.urls import reverse

from partners.models import Regency
from partners.tests.factories import MembershipFactory, ProgramFactory
from reports.tests.conftest import current_quarter
from reports.tests.factories import MilestoneFactory, OutputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(cast, regions):
    """The cast's program in Kota Kupang with one milestone due this quarter; another in Lombok Timur."""
    start, _today = current_quarter()
    kota = Regency.objects.get(code="53.71")
    lombok = Regency.objects.get(code="52.03")
    cast.program.regencies.set([kota])
    output = OutputFactory(outcome__program=cast.program)
    MilestoneFactory(output=output, owner=cast.partner_a, start_date=start, due_date=start)
    other = ProgramFactory(name="Lumbung Pangan Lombok Timur")
    other.regencies.set([lombok])
    MembershipFactory(program=other, user=cast.manajer, role="manager")
    return kota, lombok


def test_the_portfolio_filters_by_regency(cast, placed, login):
    kota, lombok = placed
    response = login(cast.manajer).get(reverse("reports:portfolio"), {"regency": lombok.pk})
    assert response.context["form"].errors == {}
    assert [p.name for p in response.context["page"]] == ["Lumbung Pangan Lombok Timur"]
    html = response.content.decode()
    assert f'value="{lombok.pk}"' in html  # the picker shows the chosen regency, and only it
    assert "Kabupaten Kupang" not in html


def test_the_portfolio_groups_milestones_by_regency(cast, placed, login):
    response = login(cast.manajer).get(reverse("reports:portfolio"))
    rows = response.context["portfolio"].by_regency
    assert [(r["code"], r["name"], r["total"]) for r in rows] == [("53.71", "Kota Kupang", 1)]
    assert 'data-testid="by-regency"' in response.content.decode()


def test_an_unknown_regency_is_a_form_error(cast, placed, login):
    response = login(cast.manajer).get(reverse("reports:portfolio"), {"regency": "99999999"})
    assert response.status_code == 200
    assert response.context["form"].errors["regency"]


def test_the_results_portfolio_filters_by_regency(cast, placed, login):
    kota, lombok = placed
    client = login(cast.manajer)
    response = client.get(reverse("results:portfolio"), {"regency": kota.pk})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["regency"] == kota
    response = client.get(reverse("results:portfolio"), {"regency": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
