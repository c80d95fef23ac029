"""A submitted health check is read-only until the facilitator returns it (issue 16, item 4)."""

import pytest
from django.urls import reverse

from assessments.models import HealthCheck, HealthDimension
from assessments.tests.test_rounds import health_answers
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def health_url(round_):
    return reverse("assessments:health_check", args=[round_.pk])


def return_url(round_, user):
    return reverse("assessments:health_check_return", args=[round_.pk, user.pk])


@pytest.fixture
def named_round(round_):
    round_.health_anonymous = False
    round_.save(update_fields=["health_anonymous"])
    return round_


def test_a_submitted_health_check_is_read_only_and_a_draft_save_is_refused(cast, login, round_):
    client = login(cast.lead_a)
    client.post(health_url(round_), health_answers(4))
    page = client.get(health_url(round_))
    assert page.context["read_only"]
    assert b'value="draft"' not in page.content and b'value="submit"' not in page.content
    first = HealthDimension.objects.first()
    response = client.post(health_url(round_), {"action": "draft", f"score_{first.pk}": "1"}, follow=True)
    check = HealthCheck.objects.get(round=round_, respondent=cast.lead_a)
    assert check.is_submitted and set(check.scores.values_list("value", flat=True)) == {4}
    assert "dikembalikan" in str(list(response.context["messages"])[0])
    # A second full submission changes nothing either.
    client.post(health_url(round_), health_answers(2, comments="Lain"))
    check.refresh_from_db()
    assert set(check.scores.values_list("value", flat=True)) == {4} and check.comments == "Komunikasi membaik."


def test_the_facilitator_returns_a_health_check_and_its_respondent_changes_it(cast, login, named_round):
    round_ = named_round
    login(cast.lead_a).post(health_url(round_), health_answers(4))
    page = login(cast.fasilitator).get(round_.get_absolute_url()).content.decode()
    assert return_url(round_, cast.lead_a) in page
    assert login(cast.manajer).post(return_url(round_, cast.lead_a)).status_code == 403
    assert login(cast.lead_b).post(return_url(round_, cast.lead_a)).status_code == 403
    assert login(cast.luar).post(return_url(round_, cast.lead_a)).status_code == 404
    assert HealthCheck.objects.get(respondent=cast.lead_a).is_submitted
    login(cast.fasilitator).post(return_url(round_, cast.lead_a))
    check = HealthCheck.objects.get(respondent=cast.lead_a)
    assert check.status == "draft" and check.submitted_at is None
    note = Notification.objects.get(user=cast.lead_a, kind="health_check_returned")
    assert cast.program.name in note.label
    login(cast.fasilitator).post(return_url(round_, cast.lead_a))  # a second click notifies nobody again
    assert Notification.objects.filter(kind="health_check_returned").count() == 1
    # The respondent changes it and submits again: the "returned" notification is done.
    login(cast.lead_a).post(health_url(round_), health_answers(3))
    check.refresh_from_db()
    assert check.is_submitted and set(check.scores.values_list("value", flat=True)) == {3}
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_anonymous_health_check_cannot_be_returned(cast, login, round_):
    round_.health_anonymous = True
    round_.save(update_fields=["health_anonymous"])
    login(cast.lead_a).post(health_url(round_), health_answers(4))
    assert (
        return_url(round_, cast.lead_a) not in login(cast.fasilitator).get(round_.get_absolute_url()).content.decode()
    )
    assert login(cast.fasilitator).post(return_url(round_, cast.lead_a)).status_code == 403
    assert HealthCheck.objects.get(respondent=cast.lead_a).is_submitted


def test_returning_a_draft_changes_nothing(cast, login, named_round):
    data = health_answers(4, action="draft")
    login(cast.lead_a).post(health_url(named_round), data)
    login(cast.fasilitator).post(return_url(named_round, cast.lead_a))
    assert not Notification.objects.filter(kind="health_check_returned").exists()
    assert login(cast.fasilitator).post(return_url(named_round, cast.lead_b)).status_code == 404


# Notifications (issue 16, item 13) -----------------------------------------------------------------


def test_the_round_notification_names_the_program_and_is_done_when_the_person_submits(cast, login, round_):
    from assessments.actions import _notify_assessed, do_close_round
    from assessments.tests.test_rounds import assess_url, full_answers
    from notifications.registry import done_ids

    _notify_assessed(round_)
    note = Notification.objects.get(user=cast.staf_a, kind="assessment_round_opened")
    assert cast.program.name in note.label
    login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 4))
    note.refresh_from_db()
    assert note.read_at is not None
    assert Notification.objects.get(user=cast.staf_b, kind="assessment_round_opened").read_at is None
    assert done_ids("assessment_round", {round_.pk}) == set()
    do_close_round(cast.fasilitator, round_)
    assert done_ids("assessment_round", {round_.pk}) == {round_.pk}
    assert done_ids("self_assessment", {round_.pk}) == {round_.pk}


def test_a_returned_self_assessment_notice_is_done_when_it_is_submitted_again(cast, login, round_):
    from assessments.models import Assessment
    from assessments.tests.test_rounds import assess_url, full_answers
    from notifications.registry import done_ids

    login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 4))
    login(cast.fasilitator).post(reverse("assessments:assessment_return", args=[round_.pk, cast.staf_a.pk]))
    note = Notification.objects.get(user=cast.staf_a, kind="assessment_returned")
    assessment = Assessment.objects.get(round=round_, subject=cast.staf_a)
    assert cast.program.name in note.label and note.read_at is None
    assert done_ids("assessment_returned", {assessment.pk}) == set()
    login(cast.staf_a).post(assess_url(round_, cast.staf_a), full_answers(round_.framework, 3))
    note.refresh_from_db()
    assert note.read_at is not None
    assert done_ids("assessment_returned", {assessment.pk}) == {assessment.pk}
