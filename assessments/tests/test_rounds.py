"""Opening and closing rounds, filling in assessments and health checks, and the refusals."""

import datetime

from django.urls import reverse

from assessments.models import Assessment, Behaviour, Framework, HealthCheck, HealthDimension, Round, Score
from assessments.tests.factories import RoundFactory
from partners.models import Activity


def full_answers(framework, value=4, **extra):
    data = {"action": "submit", **extra}
    for behaviour in Behaviour.objects.filter(competency__framework=framework):
        data[f"score_{behaviour.pk}"] = str(value)
        data[f"evidence_{behaviour.pk}"] = "Memimpin rapat desa dengan adil."
    return data


def health_answers(value=4, **extra):
    data = {"action": "submit", "comments": "Komunikasi membaik.", **extra}
    for dimension in HealthDimension.objects.all():
        data[f"score_{dimension.pk}"] = str(value)
    return data


def assess_url(round_, user):
    return reverse("assessments:assess", args=[round_.pk, user.pk])


# Opening a round


def test_the_facilitator_opens_a_round_and_freezes_the_framework(cast, login):
    response = login(cast.fasilitator).post(
        reverse("assessments:round_create", args=[cast.program.pk]),
        {"kind": "baseline", "held_on": "2026-02-01", "closes_on": "2026-02-15", "health_anonymous": "on"},
    )
    round_ = Round.objects.get(program=cast.program)
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.framework.is_frozen
    assert round_.health_anonymous and round_.is_open
    assert Activity.objects.filter(program=cast.program, kind="assessment_round_opened").exists()
    from notifications.models import Notification

    notified = set(Notification.objects.filter(kind="assessment_round_opened").values_list("user_id", flat=True))
    assert notified == {cast.staf_a.pk, cast.lead_a.pk, cast.staf_b.pk, cast.lead_b.pk}


def test_a_round_with_facilitators_uses_the_facilitator_framework_too(cast, login):
    login(cast.fasilitator).post(
        reverse("assessments:round_create", args=[cast.program.pk]),
        {"kind": "adhoc", "held_on": "2026-02-01", "closes_on": "2026-02-15", "include_facilitators": "on"},
    )
    round_ = Round.objects.get(program=cast.program)
    assert round_.facilitator_framework.kind == Framework.Kind.FACILITATOR


def test_a_due_date_before_the_round_is_refused(cast, login):
    response = login(cast.fasilitator).post(
        reverse("assessments:round_create", args=[cast.program.pk]),
        {"kind": "baseline", "held_on": "2026-02-15", "closes_on": "2026-02-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Round.objects.exists()


def test_partners_and_managers_cannot_open_rounds(cast, login):
    url = reverse("assessments:round_create", args=[cast.program.pk])
    for person in (cast.lead_a, cast.staf_a, cast.manajer):
        assert login(person).get(url).status_code == 403
    assert login(cast.luar).get(url).status_code == 404


def test_closing_and_reopening(cast, login, round_):
    client = login(cast.fasilitator)
    client.post(reverse("assessments:round_close", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED and round_.closed_at
    client.post(reverse("assessments:round_reopen", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.is_open


def test_only_the_facilitator_closes(cast, login, round_):
    assert login(cast.lead_a).post(reverse("assessments:round_close", args=[round_.pk])).status_code == 403
    assert login(cast.manajer).post(reverse("assessments:round_close", args=[round_.pk])).status_code == 403
    assert login(cast.luar).post(reverse("assessments:round_close", args=[round_.pk])).status_code == 404
    round_.refresh_from_db()
    assert round_.is_open


def test_round_detail_shows_states(cast, login, round_):
    response = login(cast.staf_a).get(round_.get_absolute_url())
    assert response.status_code == 200
    people = {p["membership"].user_id: p for p in response.context["people"]}
    assert set(people) == {cast.staf_a.pk, cast.lead_a.pk, cast.staf_b.pk, cast.lead_b.pk}
    assert people[cast.staf_a.pk]["can_rate"]  # their own self-assessment
    assert people[cast.staf_b.pk]["can_rate"]  # a peer from another partner
    assert not people[cast.lead_a.pk]["can_rate"]  # same partner: no peer rating


# Self-assessment, ratings, drafts


def test_a_person_submits_their_self_assessment(cast, login, round_):
    response = login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework))
    assert response.status_code == 302
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert assessment.kind == "self" and assessment.is_submitted
    assert assessment.partner == cast.partner_a
    assert assessment.scores.count() == Behaviour.objects.filter(competency__framework=round_.framework).count()
    assert assessment.scores.first().evidence == "Memimpin rapat desa dengan adil."


def test_a_draft_can_be_finished_later(cast, login, round_):
    client = login(cast.staf_a)
    first = Behaviour.objects.filter(competency__framework=round_.framework).first()
    client.post(assess_url(round_, cast.staf_a), {"action": "draft", f"score_{first.pk}": "3"})
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert assessment.status == "draft" and assessment.scores.get().value == 3
    page = client.get(assess_url(round_, cast.staf_a))
    assert page.context["form"][f"score_{first.pk}"].value() == "3"
    client.post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 5))
    assessment.refresh_from_db()
    assert assessment.is_submitted and set(assessment.scores.values_list("value", flat=True)) == {5}


def test_an_incomplete_submission_stays_a_draft(cast, login, round_):
    data = full_answers(round_.framework)
    data.pop(next(k for k in data if k.startswith("score_")))
    response = login(cast.staf_a).post(assess_url(round_, cast.staf_a), data, follow=True)
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert assessment.status == "draft" and assessment.submitted_at is None
    assert "draft" in str(list(response.context["messages"])[0]).lower() or "draf" in str(
        list(response.context["messages"])[0]
    )


def test_scores_outside_one_to_five_are_refused(cast, login, round_):
    client = login(cast.staf_a)
    for bad in ("0", "6", "-1", "abc"):
        response = client.post(assess_url(round_, cast.staf_a), full_answers(round_.framework, bad))
        assert response.status_code == 400
    assert not Assessment.objects.exists() and not Score.objects.exists()


def test_the_action_refuses_out_of_range_scores_too(cast, round_):
    import pytest
    from django.core.exceptions import ValidationError

    from assessments.actions import do_save_assessment
    from partners.models import Membership

    subject = Membership.objects.get(program=cast.program, user=cast.staf_a)
    behaviour = Behaviour.objects.filter(competency__framework=round_.framework).first()
    with pytest.raises(ValidationError):
        do_save_assessment(cast.staf_a, round_, subject, "self", {behaviour.pk: (9, "")}, submit=True)
    assert not Assessment.objects.exists()


def test_a_closed_round_refuses_edits_with_a_message(cast, login, round_):
    round_.status = Round.Status.CLOSED
    round_.save()
    response = login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework), follow=True)
    assert response.status_code == 200
    assert any("closed" in str(m).lower() or "ditutup" in str(m).lower() for m in response.context["messages"])
    assert not Assessment.objects.exists()


def test_the_facilitator_rates_a_person(cast, login, round_):
    login(cast.fasilitator).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 3))
    assert Assessment.objects.get(subject=cast.staf_a, rater=cast.fasilitator).kind == "facilitator"


def test_a_peer_from_another_partner_rates(cast, login, round_):
    login(cast.staf_b).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 3))
    assert Assessment.objects.get(subject=cast.staf_a, rater=cast.staf_b).kind == "peer"


def test_a_colleague_of_the_same_partner_cannot_rate(cast, login, round_):
    assert login(cast.lead_a).get(assess_url(round_, cast.staf_a)).status_code == 403


def test_facilitators_are_not_assessed_unless_the_round_says_so(cast, login, round_):
    assert login(cast.fasilitator).get(assess_url(round_, cast.fasilitator)).status_code == 403
    round_.include_facilitators = True
    round_.facilitator_framework = Framework.current(Framework.Kind.FACILITATOR)
    round_.save()
    response = login(cast.fasilitator).post(
        assess_url(round_, cast.fasilitator), full_answers(round_.facilitator_framework, 4)
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(subject=cast.fasilitator)
    assert assessment.is_submitted and assessment.framework.kind == "facilitator"
    # partners may rate the facilitator as peers
    login(cast.lead_b).post(assess_url(round_, cast.fasilitator), full_answers(round_.facilitator_framework, 3))
    assert Assessment.objects.get(subject=cast.fasilitator, rater=cast.lead_b).kind == "peer"


# Health check


def test_a_partner_representative_submits_the_health_check(cast, login, round_):
    url = reverse("assessments:health_check", args=[round_.pk])
    response = login(cast.lead_a).post(url, health_answers(4))
    assert response.status_code == 302
    check = HealthCheck.objects.get(round=round_, respondent=cast.lead_a)
    assert check.is_submitted and check.partner == cast.partner_a
    assert check.scores.count() == HealthDimension.objects.count() == 7


def test_an_incomplete_health_check_stays_a_draft(cast, login, round_):
    data = health_answers(4)
    data.pop(next(k for k in data if k.startswith("score_")))
    login(cast.lead_a).post(reverse("assessments:health_check", args=[round_.pk]), data)
    assert HealthCheck.objects.get(respondent=cast.lead_a).status == "draft"


def test_health_check_refusals(cast, login, round_):
    url = reverse("assessments:health_check", args=[round_.pk])
    assert login(cast.staf_a).get(url).status_code == 403  # not a representative
    assert login(cast.manajer).get(url).status_code == 403
    assert login(cast.luar).get(url).status_code == 404
    assert login(cast.lead_a).post(url, health_answers(7)).status_code == 400
    assert not HealthCheck.objects.exists()
    round_.status = Round.Status.CLOSED
    round_.save()
    login(cast.lead_a).post(url, health_answers(4))
    assert not HealthCheck.objects.exists()


def test_consent_is_saved_by_the_person(cast, login):
    from assessments.models import ResultConsent

    url = reverse("assessments:consent", args=[cast.program.pk])
    login(cast.staf_a).post(url, {"shares_with_managers": "on"})
    assert ResultConsent.objects.get(user=cast.staf_a).shares_with_managers
    login(cast.staf_a).post(url, {})
    assert not ResultConsent.objects.get(user=cast.staf_a).shares_with_managers
    assert login(cast.manajer).post(url, {}).status_code == 403
    assert login(cast.luar).post(url, {}).status_code == 404


def test_round_dates_constraint(cast):
    import pytest
    from django.db import IntegrityError

    from assessments.tests.factories import RoundFactory

    with pytest.raises(IntegrityError):
        RoundFactory(program=cast.program, held_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 2, 1))


def test_the_index_lists_my_open_rounds_and_my_state(cast, login, round_):
    from assessments.tests.factories import submitted_assessment

    closed = RoundFactory(program=cast.program, closes_on=datetime.date(2099, 1, 1), status=Round.Status.CLOSED)
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4, status="draft")
    response = login(cast.staf_a).get(reverse("assessments:index"))
    items = response.context["open_rounds"]
    assert [item["round"] for item in items] == [round_] and closed not in [i["round"] for i in items]
    assert items[0]["self"] == "draft" and items[0]["health"] is None
    assert login(cast.luar).get(reverse("assessments:index")).context["open_rounds"] == []


# Issue 16, item 4: a submitted self-assessment is read-only until the facilitator returns it


def test_a_submitted_self_assessment_is_read_only_and_a_draft_save_is_refused(cast, login, round_):
    client = login(cast.staf_a)
    client.post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 4))
    page = client.get(assess_url(round_, cast.staf_a))
    assert page.context["read_only"]
    assert b'value="draft"' not in page.content and b'value="submit"' not in page.content
    first = Behaviour.objects.filter(competency__framework=round_.framework).first()
    response = client.post(assess_url(round_, cast.staf_a), {"action": "draft", f"score_{first.pk}": "1"}, follow=True)
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert assessment.is_submitted and set(assessment.scores.values_list("value", flat=True)) == {4}
    assert "dikembalikan" in str(list(response.context["messages"])[0])
    # A second full submission does not change it either.
    client.post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 2))
    assert set(assessment.scores.values_list("value", flat=True)) == {4}


def test_the_facilitator_returns_a_self_assessment_and_its_author_changes_it(cast, login, round_):
    from notifications.models import Notification

    login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 4))
    url = reverse("assessments:assessment_return", args=[round_.pk, cast.staf_a.pk])
    assert login(cast.manajer).post(url).status_code == 403
    assert login(cast.staf_b).post(url).status_code == 403
    assert login(cast.luar).post(url).status_code == 404
    assert Assessment.objects.get(round=round_, subject=cast.staf_a).is_submitted
    login(cast.fasilitator).post(url)
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert assessment.status == "draft" and assessment.submitted_at is None
    assert Notification.objects.filter(user=cast.staf_a, kind="assessment_returned").count() == 1
    login(cast.fasilitator).post(url)  # a second click changes nothing and notifies nobody again
    assert Notification.objects.filter(user=cast.staf_a, kind="assessment_returned").count() == 1
    client = login(cast.staf_a)
    assert not client.get(assess_url(round_, cast.staf_a)).context["read_only"]
    client.post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 5))
    assessment.refresh_from_db()
    assert assessment.is_submitted and set(assessment.scores.values_list("value", flat=True)) == {5}


def test_returning_needs_a_submitted_self_assessment(cast, login, round_):
    url = reverse("assessments:assessment_return", args=[round_.pk, cast.staf_a.pk])
    assert login(cast.fasilitator).post(url).status_code == 404


def test_the_form_counts_the_questions_answered(cast, login, round_):
    """Issue 16, item 14: the long form says how far along it is; the server's count is right
    without JavaScript (a saved draft with one answer reads "1 of N")."""
    client = login(cast.staf_a)
    behaviours = list(Behaviour.objects.filter(competency__framework=round_.framework))
    total = len(behaviours)
    page = client.get(assess_url(round_, cast.staf_a))
    assert page.context["form"].progress() == {"answered": 0, "total": total}
    client.post(assess_url(round_, cast.staf_a), {"action": "draft", f"score_{behaviours[0].pk}": "3"})
    html = client.get(assess_url(round_, cast.staf_a)).content.decode()
    counter = html.split('data-testid="answer-progress"', 1)[1].split("</div>\n</div>", 1)[0]
    assert 'aria-live="polite"' in counter
    assert 'aria-valuenow="1"' in counter and f'aria-valuemax="{total}"' in counter
    assert f"1 dari {total} pertanyaan terjawab" in counter  # Indonesian, the default language
