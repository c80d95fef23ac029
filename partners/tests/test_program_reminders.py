"""The program's reminder settings page (partners owns the page; the thresholds are notifications')."""

import pytest
from django.urls import reverse

from notifications.models import ReminderSettings
from partners.models import Activity
from partners.tests.factories import MembershipFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_facilitator_changes_the_program_reminder_settings(cast, login):
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    client = login(cast.fasilitator)
    assert client.get(url).status_code == 200

    response = client.post(url, {"due_soon_days": "14, 3 ,1", "stale_after_days": 21, "review_after_days": 2})

    assert response.status_code == 302
    settings = ReminderSettings.objects.get(program=cast.program)
    assert (settings.due_soon_days, settings.stale_after_days, settings.review_after_days) == ("14,3,1", 21, 2)
    assert settings.due_soon_list == [14, 3, 1]
    assert Activity.objects.filter(program=cast.program, kind="reminder_settings_updated").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"due_soon_days": "tujuh", "stale_after_days": 14, "review_after_days": 3},
        {"due_soon_days": "7,1", "stale_after_days": 0, "review_after_days": 3},
        {"due_soon_days": "200", "stale_after_days": 14, "review_after_days": 3},
        {"due_soon_days": "7", "stale_after_days": "", "review_after_days": 3},
    ],
)
def test_bad_program_settings_are_refused_without_saving(cast, login, data):
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ReminderSettings.objects.exists()


def test_the_manager_reads_but_cannot_change_program_settings(cast, login):
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    client = login(cast.manajer)
    page = client.get(url)
    assert page.status_code == 200
    assert (
        page.context["can_manage_program"] is False and 'type="submit"' not in page.content.decode().split("<main")[1]
    )
    response = client.post(url, {"due_soon_days": "3", "stale_after_days": 14, "review_after_days": 3})
    assert response.status_code == 403
    assert not ReminderSettings.objects.exists()


def test_partner_staff_cannot_change_program_settings(cast, login):
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    response = login(cast.staf_a).post(url, {"due_soon_days": "3", "stale_after_days": 14, "review_after_days": 3})
    assert response.status_code == 403


def test_an_outsider_gets_404_for_program_settings(cast, login):
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    assert login(cast.luar).get(url).status_code == 404
    assert login(cast.luar).post(url, {"due_soon_days": "3"}).status_code == 404


@pytest.mark.parametrize("programs", [1, 4])
def test_program_settings_page_queries_are_constant(cast, login, django_assert_num_queries, programs):
    ReminderSettings.objects.create(program=cast.program)
    for _ in range(programs - 1):
        other = ProgramFactory()
        ReminderSettings.objects.create(program=other)
        MembershipFactory(program=other, user=cast.fasilitator, role="facilitator")
    client = login(cast.fasilitator)
    url = reverse("partners:program_reminders", args=[cast.program.pk])
    # session, user, program, membership, settings, unread count, session save (3)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_the_program_page_links_facilitators_to_the_reminder_settings(cast, login):
    url = reverse("partners:program_detail", args=[cast.program.pk])
    settings_url = reverse("partners:program_reminders", args=[cast.program.pk])
    assert settings_url in login(cast.fasilitator).get(url).content.decode()
    assert settings_url not in login(cast.staf_a).get(url).content.decode()
