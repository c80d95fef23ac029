"""Issue 15, item 11: from health check to action. After a round, the facilitator records an action
plan for each dimension that is red or fell since the previous round (action, owner, due date); the
items are followed like meeting action items (done, overdue reminder, dashboard queue) and the next
round's page shows whether they were done."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.actions import do_add_health_action, do_set_health_action_done
from assessments.models import HealthAction, HealthDimension, Round
from assessments.reminders import HEALTH_ACTION_OVERDUE
from assessments.selectors import plan_dimensions
from assessments.tests.factories import RoundFactory, answer_health
from notifications.models import Notification, Reminder
from notifications.registry import reminder_kinds
from notifications.reminders import run_sweep
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def english(client):
    """These tests read English messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def dim(code):
    return HealthDimension.objects.get(code=code)


@pytest.fixture
def two_rounds(cast):
    """Baseline: everything 4. Mid-term: communication red (2), trust fell to 3 (amber), the rest 4."""
    first = RoundFactory(program=cast.program, held_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 3, 20))
    answer_health(first, cast, 4)
    second = RoundFactory(
        program=cast.program,
        kind=Round.Kind.MIDTERM,
        held_on=datetime.date(2026, 9, 1),
        closes_on=datetime.date(2026, 9, 20),
    )
    answer_health(second, cast, 4, values={"komunikasi": 2, "kepercayaan-konflik": 3})
    return first, second


def add(cast, round_, code="komunikasi", **extra):
    fields = {
        "dimension": dim(code),
        "description": "Rapat koordinasi bulanan dengan notulen dikirim lewat WhatsApp dan surat",
        "owner_partner": cast.partner_a,
        "due_date": datetime.date(2026, 10, 15),
        **extra,
    }
    return do_add_health_action(cast.fasilitator, round_, **fields)


def test_only_red_or_falling_dimensions_are_offered(cast, two_rounds, login):
    first, second = two_rounds
    assert set(
        code for code in HealthDimension.objects.filter(pk__in=plan_dimensions(second)).values_list("code", flat=True)
    ) == {
        "komunikasi",
        "kepercayaan-konflik",
    }
    assert plan_dimensions(first) == {}
    response = login(cast.fasilitator).get(reverse("assessments:health_plan", args=[second.pk]))
    offered = {d.code for d in response.context["form"].fields["dimension"].queryset}
    assert offered == {"komunikasi", "kepercayaan-konflik"}


def test_facilitator_adds_an_action_and_the_owner_is_notified(cast, two_rounds, login):
    _, second = two_rounds
    url = reverse("assessments:health_plan", args=[second.pk])
    response = login(cast.fasilitator).post(
        url,
        {
            "dimension": dim("komunikasi").pk,
            "description": "Jadwal rapat koordinasi tetap setiap bulan",
            "owner_partner": cast.partner_b.pk,
            "due_date": "2026-10-31",
        },
    )
    assert response.status_code == 302
    action = HealthAction.objects.get()
    assert action.owner_partner == cast.partner_b and action.created_by == cast.fasilitator
    assert Notification.objects.filter(user=cast.lead_b, kind="health_action_assigned").count() == 1


def test_a_dimension_that_is_neither_red_nor_falling_is_refused(cast, two_rounds, login):
    _, second = two_rounds
    with pytest.raises(ValidationError, match="red or fell"):
        add(cast, second, code="keberlanjutan")
    url = reverse("assessments:health_plan", args=[second.pk])
    response = login(cast.fasilitator).post(
        url,
        {
            "dimension": dim("keberlanjutan").pk,
            "description": "x",
            "owner_partner": cast.partner_a.pk,
            "due_date": "2026-10-31",
        },
    )
    assert response.status_code == 200 and "dimension" in response.context["form"].errors
    assert not HealthAction.objects.exists()


def test_other_refusals(cast, two_rounds):
    _, second = two_rounds
    with pytest.raises(ValidationError, match="owner"):
        add(cast, second, owner_partner=None)
    with pytest.raises(ValidationError, match="take part"):
        add(cast, second, owner_partner=ProgramPartnerFactory())
    with pytest.raises(ValidationError, match="member of this program"):
        add(cast, second, owner_partner=None, owner_person=cast.luar)
    with pytest.raises(ValidationError, match="before the round"):
        add(cast, second, due_date=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError, match="facilitator"):
        do_add_health_action(
            cast.lead_a,
            second,
            dimension=dim("komunikasi"),
            description="x",
            owner_partner=cast.partner_a,
            due_date=datetime.date(2026, 10, 1),
        )
    assert not HealthAction.objects.exists()


@pytest.mark.parametrize("who", ["lead_a", "staf_a", "manajer"])
def test_only_the_facilitator_adds(cast, two_rounds, login, who):
    _, second = two_rounds
    url = reverse("assessments:health_plan", args=[second.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 200  # every member reads the plan
    response = client.post(url, {"dimension": dim("komunikasi").pk, "description": "x", "due_date": "2026-10-31"})
    assert response.status_code == 403


def test_owner_lead_marks_done_others_are_refused(cast, two_rounds, login):
    _, second = two_rounds
    action = add(cast, second)
    url = reverse("assessments:health_action_done", args=[action.pk])
    assert login(cast.lead_b).post(url, {"done": "1"}).status_code == 403
    assert login(cast.staf_a).post(url, {"done": "1"}).status_code == 403
    assert login(cast.luar).post(url, {"done": "1"}).status_code == 404
    assert login(cast.lead_a).post(url, {"done": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.is_done and action.done_on is not None
    assert login(cast.fasilitator).post(url, {"done": "0"}).status_code == 302
    action.refresh_from_db()
    assert not action.is_done


def test_next_round_shows_whether_the_plan_was_done(cast, two_rounds, login):
    _, second = two_rounds
    done = add(cast, second, description="Grup pesan dan buletin bulanan")
    add(cast, second, code="kepercayaan-konflik", description="Pertemuan klarifikasi dana transport")
    do_set_health_action_done(cast.fasilitator, done, True)
    third = RoundFactory(program=cast.program, kind=Round.Kind.END, held_on=datetime.date(2026, 12, 1))
    response = login(cast.manajer).get(reverse("assessments:round_detail", args=[third.pk]))
    body = response.content.decode()
    assert 'data-testid="previous-plan"' in body
    assert response.context["previous_done"] == 1 and len(response.context["previous_plan"]) == 2
    assert 'data-status="done"' in body and "Pertemuan klarifikasi dana transport" in body


def test_an_overdue_action_reminds_its_owner_and_the_facilitator_once(cast, two_rounds, time_machine):
    time_machine.move_to(NOW, tick=False)
    _, second = two_rounds
    late = add(cast, second, due_date=TODAY - datetime.timedelta(days=3))
    add(cast, second, code="kepercayaan-konflik", due_date=TODAY + datetime.timedelta(days=3))
    finished = add(cast, second, description="Selesai", due_date=TODAY - datetime.timedelta(days=5))
    do_set_health_action_done(cast.fasilitator, finished, True)
    run_sweep(NOW)
    run_sweep(NOW + datetime.timedelta(hours=1))
    rows = sorted(
        Reminder.objects.filter(kind=HEALTH_ACTION_OVERDUE).values_list("user__username", "object_id", "period")
    )
    assert rows == [("fasilitator", late.pk, "2026-11-22"), ("lead_a", late.pk, "2026-11-22")]
    assert HEALTH_ACTION_OVERDUE in reminder_kinds()


def test_an_overdue_action_is_in_the_dashboard_queue(cast, two_rounds, login, time_machine):
    time_machine.move_to(NOW, tick=False)
    _, second = two_rounds
    add(cast, second, due_date=TODAY - datetime.timedelta(days=3), description="Tindak lanjut komunikasi")
    response = login(cast.fasilitator).get(reverse("facilitation:dashboard"))
    titles = [row.title for row in response.context["queue"]]
    assert any("Tindak lanjut komunikasi" in title for title in titles)


def test_plan_page_queries_are_constant(cast, two_rounds, login, django_assert_num_queries):
    _, second = two_rounds
    client = login(cast.fasilitator)
    url = reverse("assessments:health_plan", args=[second.pk])
    add(cast, second)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for i in range(5):
        add(cast, second, description=f"Aksi {i}", owner_partner=None, owner_person=cast.staf_b)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_a_health_action_notice_names_the_program_and_is_done_with_the_action(cast, two_rounds):
    """Issue 16, item 13."""
    from notifications.registry import done_ids

    action = add(cast, two_rounds[1], owner_partner=None, owner_person=cast.staf_a)
    note = Notification.objects.get(user=cast.staf_a, kind="health_action_assigned")
    assert cast.program.name in note.label
    assert done_ids("health_action", {action.pk}) == set()
    do_set_health_action_done(cast.fasilitator, action, True)
    note.refresh_from_db()
    assert note.read_at is not None and done_ids("health_action", {action.pk}) == {action.pk}
