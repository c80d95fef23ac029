import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.actions import do_add_recognition, do_save_sustainability_plan
from governance.models import Recognition, SustainabilityPlan
from governance.selectors import dependency_is_high, dependency_series, programs_with_plan
from governance.tests.factories import RecognitionFactory
from partners.models import Program
from partners.tests.factories import ContributionFactory, ProgramFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def contribute(partner, value, date):
    return ContributionFactory(partner=partner, value_idr=value, date=date)


# Dependency indicator ---------------------------------------------------------------------


def test_dependency_series_per_quarter_with_shares(cast, django_assert_num_queries):
    # partner_b is the initial funder in the cast.
    contribute(cast.partner_b, 300, datetime.date(2026, 1, 10))
    contribute(cast.partner_a, 100, datetime.date(2026, 2, 20))
    contribute(cast.partner_b, 100, datetime.date(2026, 5, 1))
    contribute(cast.partner_a, 300, datetime.date(2026, 6, 30))
    ContributionFactory(partner=cast.partner_a, kind="expertise", value_idr=None, date=datetime.date(2026, 6, 1))
    contribute(ProgramPartnerFactory(is_initial_funder=True), 999, datetime.date(2026, 1, 1))  # another program
    with django_assert_num_queries(1):
        series = dependency_series(cast.program)
    assert [(r["label"], r["total"], r["initial"]) for r in series] == [
        ("2026 Q1", Decimal(400), Decimal(300)),
        ("2026 Q2", Decimal(400), Decimal(100)),
    ]
    assert [r["share"] for r in series] == [0.75, 0.25]
    assert [r["cumulative_share"] for r in series] == [0.75, 0.5]
    assert dependency_is_high(series) is False


def test_dependency_warning_when_share_stays_high(cast):
    contribute(cast.partner_b, 900, datetime.date(2026, 1, 10))
    contribute(cast.partner_a, 100, datetime.date(2026, 1, 11))
    contribute(cast.partner_b, 500, datetime.date(2026, 4, 10))
    assert dependency_is_high(dependency_series(cast.program)) is True
    assert dependency_is_high([]) is False


def test_programs_with_plan_one_query(cast, django_assert_num_queries):
    other = ProgramFactory()
    do_save_sustainability_plan(cast.fasilitator, cast.program, path="carried_on", carrying_partner=cast.partner_a)
    with django_assert_num_queries(1):
        plans = programs_with_plan([cast.program.pk, other.pk])
        assert plans[cast.program.pk].carrying_partner.organisation.name == "Yayasan Mitra A"
    assert other.pk not in plans


# Plan actions -----------------------------------------------------------------------------


def test_carried_on_needs_a_partner_of_the_program(cast):
    with pytest.raises(ValidationError, match="Name the partner"):
        do_save_sustainability_plan(cast.fasilitator, cast.program, path="carried_on")
    with pytest.raises(ValidationError, match="partner in this program"):
        do_save_sustainability_plan(
            cast.fasilitator, cast.program, path="carried_on", carrying_partner=ProgramPartnerFactory()
        )
    assert not SustainabilityPlan.objects.exists()


def test_swakelola_drops_the_carrying_partner_and_links_milestones(cast, roadmap):
    plan = do_save_sustainability_plan(
        cast.fasilitator,
        cast.program,
        path="swakelola",
        carrying_partner=cast.partner_a,
        transition_milestones=[roadmap.first],
    )
    assert plan.carrying_partner is None
    assert list(plan.transition_milestones.all()) == [roadmap.first]


def test_plan_on_closed_program_refused(cast):
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    cast.program.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        do_save_sustainability_plan(cast.fasilitator, cast.program, path="end")


# Pages ------------------------------------------------------------------------------------


def page(program):
    return reverse("governance:sustainability", args=[program.pk])


def edit(program):
    return reverse("governance:sustainability_edit", args=[program.pk])


def test_page_shows_plan_chart_data_table_and_warning(cast, login):
    do_save_sustainability_plan(cast.fasilitator, cast.program, path="carried_on", carrying_partner=cast.partner_a)
    contribute(cast.partner_b, 900, datetime.date(2026, 1, 10))
    response = login(cast.staf_a).get(page(cast.program))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="dependency-data"' in body and "governance-dependency.js" in body
    assert 'data-table="dependency"' in body and "2026 Q1" in body
    assert 'data-dependency="high"' in body
    assert response.context["chart"]["share"] == [100.0]
    assert "<script>" not in body.replace("<script src=", "")


def test_edit_page_saves_plan(cast, roadmap, login):
    response = login(cast.fasilitator).post(
        edit(cast.program),
        {
            "path": "carried_on",
            "carrying_partner": cast.partner_b.pk,
            "notes": "Bank melanjutkan.",
            "transition_milestones": [roadmap.second.pk],
        },
    )
    assert response.status_code == 302
    plan = SustainabilityPlan.objects.get()
    assert plan.carrying_partner == cast.partner_b and list(plan.transition_milestones.all()) == [roadmap.second]


def test_edit_page_refuses_foreign_milestone_and_missing_partner(cast, roadmap, login):
    client = login(cast.fasilitator)
    response = client.post(edit(cast.program), {"path": "carried_on"})
    assert response.status_code == 200 and response.context["form"].errors["carrying_partner"]
    response = client.post(edit(cast.program), {"path": "end", "carrying_partner": ProgramPartnerFactory().pk})
    assert response.context["form"].errors["carrying_partner"]
    assert not SustainabilityPlan.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
def test_edit_403_for_non_facilitators(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(edit(cast.program)).status_code == 403
    assert client.post(edit(cast.program), {"path": "end"}).status_code == 403
    assert not SustainabilityPlan.objects.exists()


@pytest.mark.parametrize("name", ["sustainability", "sustainability_edit", "recognitions", "recognition_create"])
def test_outsider_404(cast, login, name):
    assert login(cast.luar).get(reverse(f"governance:{name}", args=[cast.program.pk])).status_code == 404


def test_sustainability_page_query_count_is_constant(cast, roadmap, login, django_assert_num_queries):
    do_save_sustainability_plan(
        cast.fasilitator, cast.program, path="end", transition_milestones=[roadmap.first, roadmap.second]
    )
    contribute(cast.partner_b, 100, datetime.date(2026, 1, 1))
    contribute(cast.partner_a, 100, datetime.date(2026, 4, 1))
    client = login(cast.manajer)
    with django_assert_num_queries(11):
        client.get(page(cast.program))
    for month in (7, 10):
        contribute(cast.partner_a, 100, datetime.date(2026, month, 1))
        contribute(cast.partner_b, 100, datetime.date(2025, month, 1))
    SustainabilityPlan.objects.get().transition_milestones.add(roadmap.other)
    with django_assert_num_queries(11):
        client.get(page(cast.program))


# Recognition ------------------------------------------------------------------------------


def test_recognition_recorded_and_listed(cast, login):
    client = login(cast.fasilitator)
    response = client.post(
        reverse("governance:recognition_create", args=[cast.program.pk]),
        {
            "partner": cast.partner_a.pk,
            "title": "Replikasi model lumbung",
            "description": "Diadopsi tiga kabupaten lain.",
            "date": "2026-01-15",
            "awarded_by": "Gubernur NTT",
            "given_by": "local_government",
        },
    )
    assert response.status_code == 302
    response = login(cast.staf_b).get(reverse("governance:recognitions", args=[cast.program.pk]))
    assert "Replikasi model lumbung" in response.content.decode()


def test_recognition_in_future_or_for_foreign_partner_refused(cast):
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="future"):
        do_add_recognition(
            cast.fasilitator,
            cast.program,
            partner=cast.partner_a,
            title="t",
            description="d",
            date=future,
            awarded_by="x",
        )
    with pytest.raises(ValidationError, match="this program"):
        do_add_recognition(
            cast.fasilitator,
            cast.program,
            partner=ProgramPartnerFactory(),
            title="t",
            description="d",
            date=datetime.date(2026, 1, 1),
            awarded_by="x",
        )
    assert not Recognition.objects.exists()


def test_recognition_form_refuses_future_date(cast, login):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = login(cast.fasilitator).post(
        reverse("governance:recognition_create", args=[cast.program.pk]),
        {"partner": cast.partner_a.pk, "title": "t", "description": "d", "date": future, "awarded_by": "x"},
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
def test_recognition_create_403(cast, login, who):
    url = reverse("governance:recognition_create", args=[cast.program.pk])
    assert login(getattr(cast, who)).get(url).status_code == 403


def test_recognition_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.manajer)
    url = reverse("governance:recognitions", args=[cast.program.pk])
    for partner in (cast.partner_a, cast.partner_b):
        RecognitionFactory(program=cast.program, partner=partner, recorded_by=cast.fasilitator)
    with django_assert_num_queries(9):
        client.get(url)
    for partner in (cast.partner_a, cast.partner_b) * 3:
        RecognitionFactory(program=cast.program, partner=partner, recorded_by=cast.fasilitator)
    with django_assert_num_queries(9):
        client.get(url)
