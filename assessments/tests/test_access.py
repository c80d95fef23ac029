"""The who-sees-what rule, one row at a time (docs/assessments.md states it)."""

import pytest
from django.urls import reverse

from assessments.models import ResultConsent
from assessments.tests.factories import CapacityPlanFactory, submitted_assessment, third_person


def person_url(cast, user):
    return reverse("assessments:person_results", args=[cast.program.pk, user.pk])


@pytest.fixture
def scored(cast, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    submitted_assessment(round_, cast.staf_a, cast.fasilitator, 2)
    return round_


def test_a_person_sees_their_own_results(cast, login, scored):
    response = login(cast.staf_a).get(person_url(cast, cast.staf_a))
    assert response.status_code == 200
    assert response.context["results"]["rows"][0]["self"] == 4.0


def test_a_person_does_not_see_a_colleague_of_another_partner(cast, login, scored):
    assert login(cast.staf_b).get(person_url(cast, cast.staf_a)).status_code == 403


def test_staff_do_not_see_their_own_lead(cast, login, scored):
    assert login(cast.staf_a).get(person_url(cast, cast.lead_a)).status_code == 403


def test_the_partner_lead_sees_their_organisations_people(cast, login, scored):
    assert login(cast.lead_a).get(person_url(cast, cast.staf_a)).status_code == 200


def test_the_partner_lead_does_not_see_another_organisations_people(cast, login, scored):
    assert login(cast.lead_b).get(person_url(cast, cast.staf_a)).status_code == 403


def test_the_facilitator_sees_everyone_in_their_program(cast, login, scored):
    client = login(cast.fasilitator)
    for person in (cast.staf_a, cast.lead_a, cast.staf_b, cast.lead_b):
        assert client.get(person_url(cast, person)).status_code == 200


def test_the_manager_sees_no_individual_scores_without_consent(cast, login, scored):
    assert login(cast.manajer).get(person_url(cast, cast.staf_a)).status_code == 403


def test_the_manager_sees_individual_scores_once_the_person_agreed(cast, login, scored):
    ResultConsent.objects.create(program=cast.program, user=cast.staf_a, shares_with_managers=True)
    assert login(cast.manajer).get(person_url(cast, cast.staf_a)).status_code == 200
    assert login(cast.manajer).get(person_url(cast, cast.staf_b)).status_code == 403


def test_the_manager_sees_the_aggregates(cast, login, scored):
    for person in (cast.lead_a, cast.staf_b, cast.lead_b):
        submitted_assessment(scored, person, person, 4)
        submitted_assessment(scored, person, cast.fasilitator, 2)
    response = login(cast.manajer).get(reverse("assessments:program", args=[cast.program.pk]))
    assert response.status_code == 200
    assert response.context["summary"]["rows"][0]["all"] == 3.0
    assert response.context["people"] == []  # no names to click through to


def test_outsiders_get_404(cast, login, scored):
    client = login(cast.luar)
    assert client.get(person_url(cast, cast.staf_a)).status_code == 404
    assert client.get(reverse("assessments:program", args=[cast.program.pk])).status_code == 404
    assert client.get(reverse("assessments:round_detail", args=[scored.pk])).status_code == 404


def test_someone_not_in_the_program_is_404_even_for_the_facilitator(cast, login, scored):
    assert login(cast.fasilitator).get(person_url(cast, cast.luar)).status_code == 404


def test_nobody_may_edit_another_persons_self_assessment(cast, login, round_):
    # The only way to write someone's self-assessment is to be them: others get a rating of their own kind,
    # and the self-assessment row stays untouched.
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    from assessments.access import rating_kind
    from partners.models import Membership

    subject = Membership.objects.get(program=cast.program, user=cast.staf_a)
    lead_membership = Membership.objects.get(program=cast.program, user=cast.lead_a)
    assert rating_kind(cast.lead_a, lead_membership, subject) is None
    response = login(cast.lead_a).post(
        reverse("assessments:assess", args=[round_.pk, cast.staf_a.pk]), {"action": "submit"}
    )
    assert response.status_code == 403
    assert login(cast.manajer).post(reverse("assessments:assess", args=[round_.pk, cast.staf_a.pk])).status_code == 403


def test_organisation_results_rule(cast, login, scored):
    url = reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk])
    assert login(cast.fasilitator).get(url).status_code == 200
    assert login(cast.manajer).get(url).status_code == 200
    assert login(cast.lead_a).get(url).status_code == 200
    assert login(cast.staf_a).get(url).status_code == 403
    assert login(cast.lead_b).get(url).status_code == 403
    assert login(cast.luar).get(url).status_code == 404


def test_capacity_plans_follow_the_person_rule(cast, login):
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    url = reverse("assessments:plan_detail", args=[plan.pk])
    assert login(cast.staf_a).get(url).status_code == 200
    assert login(cast.lead_a).get(url).status_code == 200
    assert login(cast.fasilitator).get(url).status_code == 200
    assert login(cast.staf_b).get(url).status_code == 403
    assert login(cast.manajer).get(url).status_code == 403
    assert login(cast.luar).get(url).status_code == 404


def test_organisation_plans_are_seen_by_its_people_and_the_manager(cast, login):
    plan = CapacityPlanFactory(program=cast.program, partner=cast.partner_a)
    url = reverse("assessments:plan_detail", args=[plan.pk])
    assert login(cast.staf_a).get(url).status_code == 200
    assert login(cast.manajer).get(url).status_code == 200
    assert login(cast.staf_b).get(url).status_code == 403


def test_outsiders_get_404_on_every_program_page(cast, login, scored):
    client = login(cast.luar)
    for name in ("health_results", "plan_list", "plan_create", "round_create"):
        assert client.get(reverse(f"assessments:{name}", args=[cast.program.pk])).status_code == 404, name
    assert client.get(reverse("assessments:health_check", args=[scored.pk])).status_code == 404
    assert client.get(reverse("assessments:assess", args=[scored.pk, cast.staf_a.pk])).status_code == 404


def test_program_members_see_the_health_results(cast, login, scored):
    for person in (cast.staf_a, cast.lead_b, cast.manajer, cast.fasilitator):
        assert login(person).get(reverse("assessments:health_results", args=[cast.program.pk])).status_code == 200


def test_the_program_summary_shows_organisation_rows_by_the_organisation_rule(cast, login, round_):
    for person in (cast.staf_a, cast.lead_a, third_person(cast)):  # partner A: three people
        submitted_assessment(round_, person, person, 4)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 2)  # partner B: one person
    url = reverse("assessments:program", args=[cast.program.pk])

    def organisations(user):
        return [o["assessment__partner_id"] for o in login(user).get(url).context["summary"]["organisations"]]

    assert sorted(organisations(cast.fasilitator)) == sorted([cast.partner_a.pk, cast.partner_b.pk])
    assert organisations(cast.manajer) == [cast.partner_a.pk]  # B's average would be its one person
    assert organisations(cast.lead_a) == [cast.partner_a.pk]
    assert organisations(cast.lead_b) == []  # not B's own either: one person is no average
    assert organisations(cast.staf_a) == []


def test_managers_see_no_organisation_average_that_reveals_one_person(cast, login, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    submitted_assessment(round_, cast.lead_a, cast.lead_a, 2)
    submitted_assessment(round_, third_person(cast), third_person(cast), 3)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 5)  # partner B: one person only
    summary_url = reverse("assessments:program", args=[cast.program.pk])
    rows = login(cast.manajer).get(summary_url).context["summary"]["organisations"]
    assert [o["assessment__partner_id"] for o in rows] == [cast.partner_a.pk]
    b_url = reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_b.pk])
    response = login(cast.manajer).get(b_url)
    assert response.context["results"]["too_few"] and response.context["results"]["rows"] == []
    a_url = reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk])
    assert login(cast.manajer).get(a_url).context["results"]["rows"][0]["self"] == 3.0
    assert login(cast.fasilitator).get(b_url).context["results"]["rows"][0]["self"] == 5.0
