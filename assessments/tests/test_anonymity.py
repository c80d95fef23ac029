"""Anonymous means anonymous (issue 12, item 4; docs/security.md).

Health checks: no results below HEALTH_CHECK_MIN_RESPONDENTS answers, anywhere; who has answered is a
count; no activity line names a respondent. Competency assessments: no average lets a reader (a partner
lead knowing their people, a manager knowing who consented, a person knowing themself) subtract their
way to one person's scores.
"""

import pytest
from django.urls import reverse

from assessments import anonymity
from assessments.models import HealthDimension, ResultConsent
from assessments.tests.factories import (
    rate_everyone,
    submitted_assessment,
    submitted_health_check,
    third_person,
)
from partners.models import Activity

pytestmark = pytest.mark.django_db

TOO_FEW = 'data-testid="too-few"'


def health_url(cast):
    return reverse("assessments:health_results", args=[cast.program.pk])


def two_answers(round_, cast):
    submitted_health_check(round_, cast.lead_a, 1, comments="Rahasia: pimpinan A kecewa", partner=cast.partner_a)
    submitted_health_check(round_, cast.lead_b, 5, partner=cast.partner_b)


# Health checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["fasilitator", "admin", "manajer", "lead_a", "staf_b"])
def test_no_health_results_below_three_answers_for_anyone(role, cast, login, round_):
    two_answers(round_, cast)
    response = login(getattr(cast, role)).get(health_url(cast))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison["too_few"] == [round_]
    assert all(cell["avg"] is None and cell["too_few"] for row in comparison["rows"] for cell in row["cells"])
    assert response.context["comments"] == []
    body = response.content.decode()
    assert "Rahasia" not in body and TOO_FEW in body


def test_health_results_appear_from_three_answers(cast, login, round_):
    two_answers(round_, cast)
    submitted_health_check(round_, third_person(cast), 3, partner=cast.partner_a)
    response = login(cast.staf_b).get(health_url(cast))
    rows = response.context["comparison"]["rows"]
    assert rows[0]["latest"]["avg"] == 3.0 and not rows[0]["latest"]["too_few"]
    assert "Rahasia" in response.content.decode()


def test_the_threshold_is_a_setting(cast, login, round_, settings):
    settings.HEALTH_CHECK_MIN_RESPONDENTS = 2
    two_answers(round_, cast)
    assert login(cast.manajer).get(health_url(cast)).context["comparison"]["rows"][0]["latest"]["avg"] == 3.0


def test_drafts_do_not_count_towards_the_threshold(cast, login, round_):
    two_answers(round_, cast)
    submitted_health_check(round_, third_person(cast), 3, partner=cast.partner_a, status="draft")
    assert login(cast.manajer).get(health_url(cast)).context["comparison"]["too_few"] == [round_]


def test_the_round_page_shows_who_has_not_answered_only_as_a_count(cast, login, round_):
    third_person(cast)
    submitted_health_check(round_, cast.lead_a, 4, partner=cast.partner_a)
    submitted_health_check(round_, cast.lead_b, 4, partner=cast.partner_b, status="draft")
    url = reverse("assessments:round_detail", args=[round_.pk])
    for role in ("fasilitator", "manajer", "staf_a"):
        response = login(getattr(cast, role)).get(url)
        assert response.context["health"] == {"respondents": 3, "answered": 1, "waiting": 2, "mine": None}
        assert all("health" not in person for person in response.context["people"])
        assert 'data-testid="health-progress"' in response.content.decode()
    assert login(cast.lead_b).get(url).context["health"]["mine"] == "draft"  # one's own answer only


def test_no_activity_line_names_a_health_check_respondent(cast, login, round_):
    client = login(cast.lead_a)
    data = {f"score_{d.pk}": "4" for d in HealthDimension.objects.all()}
    data.update(comments="", action="submit")
    before = Activity.objects.count()
    response = client.post(reverse("assessments:health_check", args=[round_.pk]), data)
    assert response.status_code == 302
    assert round_.health_checks.get(respondent=cast.lead_a).is_submitted
    assert Activity.objects.count() == before
    client.get(reverse("assessments:index"))  # shows (and so clears) the "submitted" message
    feed = login(cast.manajer).get(reverse("facilitation:activity", args=[cast.program.pk])).content.decode()
    assert str(cast.lead_a) not in feed
    assert "health check" not in feed.lower() and "cek kesehatan" not in feed.lower()


def test_panel_dashboard_and_index_say_not_enough_answers(cast, login, round_):
    two_answers(round_, cast)
    rate_everyone(round_, cast, 4, people=[cast.staf_a, cast.staf_b])  # two people: no average either
    pages = [
        (cast.manajer, reverse("partners:program_detail", args=[cast.program.pk])),
        (cast.fasilitator, reverse("facilitation:dashboard")),
        (cast.staf_a, reverse("assessments:index")),
    ]
    for who, url in pages:
        body = login(who).get(url).content.decode()
        assert body.count(TOO_FEW) >= 2, url  # health and competency
        assert "3,0" not in body and "3.0" not in body, url


# Competency assessments: no subtraction attack ----------------------------------------------------


def test_a_consent_no_longer_gives_away_a_colleague(cast, login, round_):
    """The issue's case: two people in an organisation, one consents; the manager saw the organisation's
    average and the consenting person's scores, and so the other person's."""
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 5)
    submitted_assessment(round_, cast.lead_a, cast.lead_a, 1)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 3)
    ResultConsent.objects.create(program=cast.program, user=cast.staf_a, shares_with_managers=True)
    client = login(cast.manajer)
    summary = client.get(reverse("assessments:program", args=[cast.program.pk])).context["summary"]
    assert summary["organisations"] == [] and summary["rows"] == [] and summary["too_few"]
    a_url = reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk])
    results = client.get(a_url).context["results"]
    assert results["too_few"] and results["rows"] == []
    person = reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk])
    assert client.get(person).status_code == 200  # the consent itself still holds
    lead = reverse("assessments:person_results", args=[cast.program.pk, cast.lead_a.pk])
    assert client.get(lead).status_code == 403


def test_a_consent_that_would_single_out_the_last_person_is_not_honoured(cast, login, round_):
    wakil = third_person(cast)
    rate_everyone(round_, cast, 4, people=[cast.staf_a, cast.lead_a, wakil])  # partner A: three people
    for person in (cast.staf_a, cast.lead_a):
        ResultConsent.objects.create(program=cast.program, user=person, shares_with_managers=True)
    client = login(cast.manajer)
    rows = client.get(reverse("assessments:program", args=[cast.program.pk])).context["summary"]["organisations"]
    assert [o["assessment__partner_id"] for o in rows] == [cast.partner_a.pk]
    seen = {
        person.username: client.get(
            reverse("assessments:person_results", args=[cast.program.pk, person.pk])
        ).status_code
        for person in (cast.staf_a, cast.lead_a, wakil)
    }
    # A's average minus two people's scores would be wakil_c's: only the first consent (by id) holds.
    assert seen == {"staf_a": 200, "lead_a": 403, "wakil_c": 403}


def test_a_lead_cannot_subtract_their_own_people_from_the_program_average(cast, login, round_):
    rate_everyone(round_, cast, 4, people=[cast.staf_a, cast.lead_a, cast.staf_b])
    url = reverse("assessments:program", args=[cast.program.pk])
    for role in ("lead_a", "staf_b", "manajer"):
        assert login(getattr(cast, role)).get(url).context["summary"]["rows"] == [], role
    assert login(cast.fasilitator).get(url).context["summary"]["rows"][0]["all"] == 4.0


def test_program_averages_appear_when_nobody_can_be_singled_out(cast, login, round_):
    rate_everyone(round_, cast, 4)  # two people in each partner
    url = reverse("assessments:program", args=[cast.program.pk])
    for role in ("lead_a", "staf_b", "manajer"):
        summary = login(getattr(cast, role)).get(url).context["summary"]
        assert summary["rows"][0]["all"] == 4.0 and not summary["too_few"], role


def test_self_and_others_columns_are_checked_apart(cast, login, round_):
    for person in (cast.staf_a, cast.lead_a, cast.staf_b, cast.lead_b):
        submitted_assessment(round_, person, person, 4)
    submitted_assessment(round_, cast.staf_b, cast.fasilitator, 1)  # the only facilitator rating
    summary = login(cast.manajer).get(reverse("assessments:program", args=[cast.program.pk])).context["summary"]
    assert summary["rows"] == []  # "others" would be staf_b's one rating


def test_rules_in_isolation():
    k = 3
    assert anonymity.singles_out({1, 2}, set(), k)
    assert not anonymity.singles_out({1, 2, 3}, set(), k)
    assert anonymity.singles_out({1, 2, 3}, {1, 2}, k)
    assert not anonymity.singles_out({1, 2, 3}, {1}, k)
    assert not anonymity.singles_out({1, 2}, {1, 2}, k)  # nothing left to learn
    block = anonymity.Block()
    for person, partner in ((1, "A"), (2, "A"), (3, "A"), (4, "B")):
        block.total["self"].add(person)
        block.orgs[partner]["self"].add(person)
    shown = anonymity.publish(block, k)
    assert shown.orgs == {"A"} and not shown.total  # the total minus A would be person 4
