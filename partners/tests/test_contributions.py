import pytest
from django.urls import reverse

from partners.models import Activity, Contribution
from partners.tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def add_url(cast):
    return reverse("partners:contribution_add", args=[cast.program.pk])


def data(partner, **overrides):
    values = {
        "partner": partner.pk,
        "kind": "cash",
        "description": "Dana pendampingan",
        "value_idr": "25000000",
        "date": "2026-11-01",
    }
    values.update(overrides)
    return values


def test_facilitator_records_for_any_partner(cast, login):
    client = login(cast.fasilitator)
    form = client.get(add_url(cast)).context["form"]
    assert set(form.fields["partner"].queryset) == {cast.partner_a, cast.partner_b}
    response = client.post(add_url(cast), data(cast.partner_b))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.partner, contribution.value_idr, contribution.created_by) == (
        cast.partner_b,
        25_000_000,
        cast.fasilitator,
    )
    assert Activity.objects.filter(program=cast.program, kind="contribution_added").exists()


def test_partner_lead_records_for_own_partner_only(cast, login):
    client = login(cast.lead_a)
    assert set(client.get(add_url(cast)).context["form"].fields["partner"].queryset) == {cast.partner_a}
    response = client.post(add_url(cast), data(cast.partner_b))
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    client.post(add_url(cast), data(cast.partner_a, kind="expertise", value_idr=""))
    assert list(Contribution.objects.values_list("partner", "value_idr")) == [(cast.partner_a.pk, None)]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"value_idr": ""}, "value_idr", "Kontribusi tunai perlu nilainya dalam rupiah."),
        ({"value_idr": "-5"}, "value_idr", "Nilai tidak boleh negatif."),
        ({"kind": "gold"}, "kind", None),
        ({"date": "31-31-2026"}, "date", None),
        ({"description": ""}, "description", None),
    ],
)
def test_bad_contribution_input_is_refused(cast, login, overrides, field, message):
    response = login(cast.fasilitator).post(add_url(cast), data(cast.partner_a, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert message in errors
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "manajer", "staf_b"])
def test_staff_and_managers_cannot_record(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(add_url(cast)).status_code == 403
    assert client.post(add_url(cast), data(cast.partner_a)).status_code == 403
    assert not Contribution.objects.exists()


def test_contribution_add_outsider_404(cast, login):
    assert login(cast.luar).post(add_url(cast), data(cast.partner_a)).status_code == 404


def test_lead_edits_own_partners_contribution(cast, login):
    contribution = ContributionFactory(partner=cast.partner_a, value_idr=100)
    url = reverse("partners:contribution_edit", args=[contribution.pk])
    response = login(cast.lead_a).post(url, data(cast.partner_a, value_idr="200", description="Revisi"))
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.value_idr, contribution.description) == (200, "Revisi")
    assert Activity.objects.filter(kind="contribution_updated").exists()


def test_lead_cannot_move_a_contribution_to_another_partner(cast, login):
    contribution = ContributionFactory(partner=cast.partner_a)
    url = reverse("partners:contribution_edit", args=[contribution.pk])
    response = login(cast.lead_a).post(url, data(cast.partner_b))
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.partner == cast.partner_a


@pytest.mark.parametrize("who", ["lead_b", "staf_a", "manajer"])
def test_contribution_edit_and_delete_refused(cast, login, who):
    contribution = ContributionFactory(partner=cast.partner_a, value_idr=100)
    client = login(getattr(cast, who))
    edit = reverse("partners:contribution_edit", args=[contribution.pk])
    delete = reverse("partners:contribution_delete", args=[contribution.pk])
    assert client.post(edit, data(cast.partner_a, value_idr="1")).status_code == 403
    assert client.post(delete).status_code == 403
    contribution.refresh_from_db()
    assert contribution.value_idr == 100


def test_contribution_outsider_404(cast, login):
    contribution = ContributionFactory(partner=cast.partner_a)
    client = login(cast.luar)
    assert client.get(reverse("partners:contribution_edit", args=[contribution.pk])).status_code == 404
    assert client.post(reverse("partners:contribution_delete", args=[contribution.pk])).status_code == 404
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_facilitator_deletes_after_confirmation(cast, login):
    contribution = ContributionFactory(partner=cast.partner_b, description="Dana CSR")
    url = reverse("partners:contribution_delete", args=[contribution.pk])
    client = login(cast.fasilitator)
    response = client.get(url)
    assert response.status_code == 200 and "Dana CSR" in response.content.decode()
    assert Contribution.objects.filter(pk=contribution.pk).exists()
    assert client.post(url).status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert Activity.objects.filter(kind="contribution_deleted", label__contains="Dana CSR").exists()


def test_form_pages_carry_the_program_breadcrumb(cast, login):
    html = login(cast.lead_a).get(add_url(cast)).content.decode()
    assert f'href="{cast.program.get_absolute_url()}">{cast.program.name}</a>' in html
    form = login(cast.lead_a).get(add_url(cast)).context["form"]
    assert form["partner"].value() == cast.partner_a.pk
