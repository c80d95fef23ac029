import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.actions import do_save_agreement
from governance.models import PartneringAgreement
from governance.tests.factories import SECTION_TEXT
from partners.models import Activity, Program
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def page(program):
    return reverse("governance:agreement", args=[program.pk])


def edit(program):
    return reverse("governance:agreement_edit", args=[program.pk])


def test_save_agreement_records_sections_goals_and_activity(cast):
    agreement = do_save_agreement(
        cast.fasilitator,
        cast.program,
        sections={"shared_goals": "  Tujuan bersama. "},
        partner_goals={cast.partner_a.pk: "Tujuan A"},
    )
    assert agreement.shared_goals == "Tujuan bersama."
    assert [name for name, _label in agreement.empty_sections()][0] == "committed_contributions"
    assert agreement.partner_goals.get().goals == "Tujuan A"
    do_save_agreement(cast.fasilitator, cast.program, sections={}, partner_goals={cast.partner_a.pk: "Baru"})
    assert agreement.partner_goals.get().goals == "Baru"
    kinds = list(Activity.objects.filter(program=cast.program).values_list("kind", flat=True))
    assert sorted(kinds) == ["agreement_recorded", "agreement_updated"]


def test_goals_for_a_foreign_partner_refused(cast):
    with pytest.raises(ValidationError):
        do_save_agreement(cast.fasilitator, cast.program, sections={}, partner_goals={ProgramPartnerFactory().pk: "x"})
    assert not PartneringAgreement.objects.exists()


def test_closed_program_refused(cast):
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    cast.program.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        do_save_agreement(cast.fasilitator, cast.program, sections={}, partner_goals={})


def test_facilitator_edits_through_the_page(cast, login):
    client = login(cast.fasilitator)
    response = client.get(edit(cast.program))
    assert response.status_code == 200
    data = {**SECTION_TEXT, f"goal_{cast.partner_a.pk}": "A", f"goal_{cast.partner_b.pk}": "B", "agreed_on": ""}
    response = client.post(edit(cast.program), data)
    assert response.status_code == 302
    agreement = PartneringAgreement.objects.get()
    assert agreement.empty_sections() == []
    assert agreement.partner_goals.count() == 2


def test_future_agreement_date_is_a_form_error(cast, login):
    response = login(cast.fasilitator).post(edit(cast.program), {**SECTION_TEXT, "agreed_on": "2999-01-01"})
    assert response.status_code == 200 and response.context["form"].errors["agreed_on"]
    assert not PartneringAgreement.objects.exists()


@pytest.mark.parametrize("who", ["fasilitator", "staf_a", "lead_b", "manajer", "admin"])
def test_members_read_the_agreement(cast, login, full_agreement, who):
    response = login(getattr(cast, who)).get(page(cast.program))
    assert response.status_code == 200
    assert SECTION_TEXT["exit_strategy"] in response.content.decode()


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
def test_edit_403_for_read_only_roles(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(edit(cast.program)).status_code == 403
    assert client.post(edit(cast.program), SECTION_TEXT).status_code == 403
    assert not PartneringAgreement.objects.exists()


@pytest.mark.parametrize("name", ["agreement", "agreement_edit"])
def test_outsider_404(cast, login, name):
    assert login(cast.luar).get(reverse(f"governance:{name}", args=[cast.program.pk])).status_code == 404


def test_agreement_page_query_count_is_constant(cast, scoping, login, full_agreement, django_assert_num_queries):
    # 12: the sign-offs of the current version (issue 15, item 3) are one more query.
    client = login(cast.manajer)
    with django_assert_num_queries(12):
        client.get(page(cast.program))
    for _ in range(4):
        ProgramPartnerFactory(program=cast.program)
    with django_assert_num_queries(12):
        client.get(page(cast.program))


def test_edit_page_query_count_is_constant(cast, login, full_agreement, django_assert_num_queries):
    client = login(cast.fasilitator)
    with django_assert_num_queries(11):
        client.get(edit(cast.program))
    for _ in range(4):
        ProgramPartnerFactory(program=cast.program)
    with django_assert_num_queries(11):
        client.get(edit(cast.program))
