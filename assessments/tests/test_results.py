"""Results: self against others and the gap, change since the previous round, health flags, suggestions."""

import datetime

from django.urls import reverse

from assessments import selectors
from assessments.models import DevelopmentSuggestion, Round
from assessments.tests.factories import (
    RoundFactory,
    answer_health,
    rate_everyone,
    submitted_assessment,
    submitted_health_check,
    third_person,
)


def second_round(cast):
    return RoundFactory(
        program=cast.program,
        kind=Round.Kind.MIDTERM,
        held_on=datetime.date(2026, 6, 1),
        closes_on=datetime.date(2099, 1, 1),
    )


def test_person_results_show_self_against_others_the_gap_and_the_change(cast, login, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 3)
    submitted_assessment(round_, cast.staf_a, cast.fasilitator, 2)
    later = second_round(cast)
    submitted_assessment(later, cast.staf_a, cast.staf_a, 5)
    submitted_assessment(later, cast.staf_a, cast.fasilitator, 3)
    submitted_assessment(later, cast.staf_a, cast.staf_b, 4, kind="peer")
    response = login(cast.staf_a).get(reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk]))
    results = response.context["results"]
    assert results["round"] == later and results["previous"] == round_
    row = results["rows"][0]
    assert row["self"] == 5.0
    assert row["others"] == 3.5  # facilitator 3 and peer 4
    assert row["gap"] == 1.5
    assert row["previous"] == 2.5 and row["change"] == 1.5  # (5+3+4)/3 - (3+2)/2
    assert response.context["results"]["radar"]["datasets"][0]["data"][0] == 5.0
    assert b'id="radar-data"' in response.content and b"<table" in response.content


def test_drafts_do_not_count(cast, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 1, status="draft")
    submitted_assessment(round_, cast.staf_a, cast.fasilitator, 4)
    row = selectors.person_results(cast.program, cast.staf_a)["rows"][0]
    assert row["self"] is None and row["others"] == 4.0


def test_a_low_score_suggests_development_actions(cast, login, round_):
    submitted_assessment(round_, cast.staf_a, cast.fasilitator, 4, values={"berani-inovasi": 2})
    results = selectors.person_results(cast.program, cast.staf_a)
    rows = {row["code"]: row for row in results["rows"]}
    assert rows["berani-inovasi"]["low"] and not rows["saling-menghormati"]["low"]
    expected = list(DevelopmentSuggestion.objects.filter(competency_code="berani-inovasi"))
    assert expected and rows["berani-inovasi"]["suggestions"] == [s.text for s in expected]
    assert rows["saling-menghormati"]["suggestions"] == []


def test_program_summary_per_competency_and_organisation(cast, login, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 2)
    submitted_assessment(round_, cast.staf_b, cast.fasilitator, 3)
    summary = selectors.program_summary(cast.program, everyone=True)  # as the facilitator sees it
    assert summary["rows"][0]["self"] == 3.0 and summary["rows"][0]["others"] == 3.0
    orgs = {o["assessment__partner__organisation__name"]: o for o in summary["organisations"]}
    assert orgs["Yayasan Mitra A"]["all_avg"] == 4.0 and orgs["Yayasan Mitra A"]["people"] == 1
    assert orgs["PT Mitra B"]["self_avg"] == 2.0 and orgs["PT Mitra B"]["gap"] == -1.0
    assert summary["counts"] == {"submitted": 3, "drafts": 0}


def test_organisation_results_average_its_people(cast, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    submitted_assessment(round_, cast.lead_a, cast.lead_a, 2)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 1)
    results = selectors.organisation_results(cast.program, cast.partner_a, everyone=True)
    assert results["rows"][0]["self"] == 3.0 and results["people"] == 2


def test_health_comparison_flags_a_falling_dimension(cast, login, round_):
    answer_health(round_, cast, 3, values={"kepercayaan-konflik": 4})
    later = second_round(cast)
    submitted_health_check(later, cast.lead_a, 4, values={"kepercayaan-konflik": 2}, partner=cast.partner_a)
    submitted_health_check(later, cast.lead_b, 4, values={"kepercayaan-konflik": 1}, partner=cast.partner_b)
    submitted_health_check(later, third_person(cast), 4, values={"kepercayaan-konflik": 3}, partner=cast.partner_a)
    response = login(cast.manajer).get(reverse("assessments:health_results", args=[cast.program.pk]))
    comparison = response.context["comparison"]
    rows = {row["dimension"].code: row for row in comparison["rows"]}
    assert rows["kepercayaan-konflik"]["fell"] and rows["kepercayaan-konflik"]["latest"]["change"] == -2.0
    assert rows["kepercayaan-konflik"]["latest"]["rag"] == "red"
    assert rows["komunikasi"]["latest"]["rag"] == "green" and not rows["komunikasi"]["fell"]
    assert [row["dimension"].code for row in comparison["falling"]] == ["kepercayaan-konflik"]
    assert b'data-testid="falling"' in response.content


def test_rag_thresholds():
    assert selectors.rag(None) is None
    assert selectors.rag(3.5) == "green"
    assert selectors.rag(3.49) == "amber"
    assert selectors.rag(2.5) == "amber"
    assert selectors.rag(2.49) == "red"


def test_anonymous_health_comments_hide_names(cast, login, round_):
    submitted_health_check(round_, cast.lead_a, 3, comments="Rapat terlalu jarang.", partner=cast.partner_a)
    submitted_health_check(round_, cast.lead_b, 3, partner=cast.partner_b)
    submitted_health_check(round_, third_person(cast), 3, partner=cast.partner_a)
    comments = selectors.health_comments(round_)
    assert comments[0]["who"] == str(cast.lead_a)
    round_.health_anonymous = True
    round_.save()
    response = login(cast.fasilitator).get(reverse("assessments:health_results", args=[cast.program.pk]))
    assert response.context["comments"] == [{"text": "Rapat terlalu jarang.", "who": None, "organisation": None}]
    assert str(cast.lead_a).encode() not in response.content.split(b'id="main"')[1]


def test_latest_scores_for_programs(cast, round_, django_assert_num_queries):
    from partners.tests.factories import ProgramFactory

    other = ProgramFactory()
    empty = ProgramFactory()
    rate_everyone(round_, cast, 4)
    answer_health(round_, cast, 2)
    later = second_round(cast)
    rate_everyone(later, cast, 2)  # the latest round with data wins
    old = RoundFactory(program=other, held_on=datetime.date(2025, 1, 1), closes_on=datetime.date(2025, 1, 5))
    submitted_health_check(old, cast.lead_b, 5)  # one answer: never shown
    submitted_assessment(old, cast.lead_b, cast.lead_b, 5)  # one person: never shown
    with django_assert_num_queries(4):
        result = selectors.latest_scores_for_programs([cast.program.pk, other.pk, empty.pk])
    nothing_hidden = {"competency_too_few": False, "health_too_few": False}
    assert result[cast.program.pk] == {"competency": 2.0, "health": None, "round_date": later.held_on, **nothing_hidden}
    assert result[other.pk] == {
        "competency": None,
        "health": None,
        "round_date": datetime.date(2025, 1, 1),
        "competency_too_few": True,
        "health_too_few": True,
    }
    assert result[empty.pk] == {"competency": None, "health": None, "round_date": None, **nothing_hidden}
    assert selectors.latest_scores_for_programs([]) == {}
    health_only = selectors.latest_scores_for_programs([cast.program.pk])
    assert health_only[cast.program.pk]["competency"] == 2.0


def test_program_trends_for_the_report(cast, round_):
    rate_everyone(round_, cast, 2)
    answer_health(round_, cast, 4)
    later = second_round(cast)
    rate_everyone(later, cast, 4)
    answer_health(later, cast, 3)
    trends = selectors.program_trends(cast.program)
    assert [r["id"] for r in trends["rounds"]] == [round_.pk, later.pk]
    assert trends["competencies"][0]["values"] == [2.0, 4.0]
    assert trends["health"][0]["values"] == [4.0, 3.0] and trends["health"][0]["fell"]
    assert trends["health"][0]["rag"] == ["green", "amber"]


def test_pending_submissions(cast, round_):
    from assessments.models import HealthCheck

    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 4, status="draft")
    submitted_health_check(round_, cast.lead_a, 4)
    HealthCheck.objects.filter(respondent=cast.lead_a).update()
    closed = RoundFactory(program=cast.program, closes_on=datetime.date(2099, 1, 1), status=Round.Status.CLOSED)
    past = RoundFactory(program=cast.program, held_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 1, 2))
    items = set(selectors.pending_submissions(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)))
    due = round_.closes_on
    assert items == {
        (cast.lead_a.pk, round_.pk, "self_assessment", due),
        (cast.staf_b.pk, round_.pk, "self_assessment", due),  # a draft is not submitted
        (cast.lead_b.pk, round_.pk, "self_assessment", due),
        (cast.lead_b.pk, round_.pk, "health_check", due),
    }
    assert not any(item[1] in (closed.pk, past.pk) for item in items)


def test_pending_submissions_query_count(cast, round_, django_assert_num_queries):
    RoundFactory(program=cast.program, closes_on=datetime.date(2099, 1, 1))
    with django_assert_num_queries(4):
        assert len(list(selectors.pending_submissions())) == 12


def test_program_trends_runs_six_queries_with_or_without_data(cast, django_assert_num_queries):
    with django_assert_num_queries(6):
        empty = selectors.program_trends(cast.program)
    assert empty["rounds"] == [] and empty["competencies"] == [] and len(empty["health"]) == 7
    for day in (1, 2, 3):
        r = RoundFactory(program=cast.program, held_on=datetime.date(2026, 1, day), closes_on=datetime.date(2099, 1, 1))
        rate_everyone(r, cast, day)
        answer_health(r, cast, day)
    program = type(cast.program).objects.get(pk=cast.program.pk)  # who was rated is read once per object
    with django_assert_num_queries(6):
        trends = selectors.program_trends(program)
    assert trends["competencies"][0]["values"] == [1.0, 2.0, 3.0]


def test_chart_pages_carry_data_not_inline_code(cast, login, round_):
    import re

    submitted_assessment(round_, cast.staf_a, cast.staf_a, 3)
    submitted_health_check(round_, cast.lead_a, 3)
    later = second_round(cast)
    submitted_assessment(later, cast.staf_a, cast.staf_a, 4)
    submitted_health_check(later, cast.lead_a, 4)
    client = login(cast.fasilitator)
    for url, source in [
        (reverse("assessments:program", args=[cast.program.pk]), "trend-data"),
        (reverse("assessments:health_results", args=[cast.program.pk]), "health-data"),
        (reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk]), "radar-data"),
        (reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk]), "radar-data"),
    ]:
        html = client.get(url).content.decode()
        assert f'data-source="{source}"' in html and f'id="{source}" type="application/json"' in html
        assert "js/assessments-charts.js" in html
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        inline = [attrs for attrs, body in scripts if body.strip() and "application/json" not in attrs]
        assert inline == [], url
        assert " onclick=" not in html


def test_framework_content_follows_the_chosen_language(cast, login, round_):
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 2)
    client = login(cast.staf_a)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("assessments:assess", args=[round_.pk, cast.staf_a.pk])).content.decode()
    assert "Listens to other partners" in html and "can no longer be changed" in html  # submitted: read-only
    html = client.get(reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk])).content.decode()
    assert "Development actions for Mutual respect" in html and "Practise active listening" in html
    client.cookies["django_language"] = "id"
    html = client.get(reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk])).content.decode()
    assert "Tindakan pengembangan untuk Saling menghormati" in html and "Latihan mendengarkan aktif" in html
