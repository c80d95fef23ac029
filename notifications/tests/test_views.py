"""The notifications page, mark as read, preferences and per-program reminder settings."""

import pytest
from django.urls import reverse

from notifications import kinds
from notifications.models import Notification, Preference, ReminderSettings
from notifications.tests.factories import NotificationFactory
from partners.models import Activity

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_notifications_only_and_the_navbar_counts_unread(cast, login):
    NotificationFactory(user=cast.staf_a, label="Survei data dasar")
    NotificationFactory(user=cast.staf_a, label="Sudah dibaca", read_at="2026-11-20T10:00:00+07:00")
    NotificationFactory(user=cast.staf_b, label="Punya orang lain")

    response = login(cast.staf_a).get(reverse("notifications:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Survei data dasar" in html and "Sudah dibaca" in html
    assert "Punya orang lain" not in html
    assert 'data-testid="unread-count">1<' in html
    assert html.count('data-testid="notification"') == 2


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_runs_a_constant_number_of_queries(cast, login, django_assert_num_queries, count):
    NotificationFactory.create_batch(count, user=cast.staf_a)
    client = login(cast.staf_a)
    # session, user, unread count and organisation (navbar), paginator count, page rows,
    # session save (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client.get(reverse("notifications:list"))
    assert response.content.decode().count('data-testid="notification"') == count


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_mark_one_read(cast, login):
    notification = NotificationFactory(user=cast.staf_a)

    response = login(cast.staf_a).post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_marks_read_and_follows_the_link(cast, login):
    notification = NotificationFactory(user=cast.staf_a, url="/partners/programs/")

    response = login(cast.staf_a).post(reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"})

    assert response["Location"] == "/partners/programs/"
    assert Notification.unread_count(cast.staf_a) == 0


def test_someone_elses_notification_is_a_404(cast, login):
    notification = NotificationFactory(user=cast.staf_b)

    response = login(cast.staf_a).post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_needs_post(cast, login):
    notification = NotificationFactory(user=cast.staf_a)
    assert login(cast.staf_a).get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405


def test_mark_read_ignores_an_offsite_next(cast, login):
    notification = NotificationFactory(user=cast.staf_a)
    url = reverse("notifications:mark_read", args=[notification.pk])
    response = login(cast.staf_a).post(url, {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_touches_only_mine(cast, login):
    NotificationFactory.create_batch(3, user=cast.staf_a)
    NotificationFactory(user=cast.staf_b)

    response = login(cast.staf_a).post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert Notification.unread_count(cast.staf_a) == 0
    assert Notification.unread_count(cast.staf_b) == 1


def test_preferences_page_saves_my_choices(cast, login):
    client = login(cast.staf_a)
    assert client.get(reverse("notifications:preferences")).status_code == 200

    response = client.post(
        reverse("notifications:preferences"),
        {"email": "immediate", "muted_kinds": [kinds.STALE, kinds.ENDORSEMENT_MISSING]},
    )

    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.staf_a)
    assert preference.email == "immediate"
    assert preference.weekly_digest is False
    assert preference.muted_kinds == [kinds.ENDORSEMENT_MISSING, kinds.STALE]


def test_preferences_refuse_bad_input_without_saving(cast, login):
    response = login(cast.staf_a).post(
        reverse("notifications:preferences"), {"email": "fax", "muted_kinds": ["no_such_kind"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email", "muted_kinds"}
    assert not Preference.objects.exists()


@pytest.mark.parametrize("muted", [1, 5])
def test_preferences_page_queries_are_constant(cast, login, django_assert_num_queries, muted):
    Preference.objects.create(user=cast.staf_a, muted_kinds=kinds.REMINDER_KINDS[:muted])
    NotificationFactory.create_batch(muted, user=cast.staf_a)
    client = login(cast.staf_a)
    # session, user, preference, unread count, organisation (navbar), session save (3)
    with django_assert_num_queries(8):
        response = client.get(reverse("notifications:preferences"))
    assert response.content.decode().count("checked") >= muted


def test_facilitator_changes_the_program_reminder_settings(cast, login):
    url = reverse("notifications:program_settings", args=[cast.program.pk])
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
    url = reverse("notifications:program_settings", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ReminderSettings.objects.exists()


def test_the_manager_reads_but_cannot_change_program_settings(cast, login):
    url = reverse("notifications:program_settings", args=[cast.program.pk])
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
    url = reverse("notifications:program_settings", args=[cast.program.pk])
    response = login(cast.staf_a).post(url, {"due_soon_days": "3", "stale_after_days": 14, "review_after_days": 3})
    assert response.status_code == 403


def test_an_outsider_gets_404_for_program_settings(cast, login):
    url = reverse("notifications:program_settings", args=[cast.program.pk])
    assert login(cast.luar).get(url).status_code == 404
    assert login(cast.luar).post(url, {"due_soon_days": "3"}).status_code == 404


@pytest.mark.parametrize("programs", [1, 4])
def test_program_settings_page_queries_are_constant(cast, login, django_assert_num_queries, programs):
    from partners.tests.factories import MembershipFactory, ProgramFactory

    ReminderSettings.objects.create(program=cast.program)
    for _ in range(programs - 1):
        other = ProgramFactory()
        ReminderSettings.objects.create(program=other)
        MembershipFactory(program=other, user=cast.fasilitator, role="facilitator")
    client = login(cast.fasilitator)
    url = reverse("notifications:program_settings", args=[cast.program.pk])
    # session, user, program, membership, settings, unread count, session save (3)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_the_program_page_links_facilitators_to_the_reminder_settings(cast, login):
    url = reverse("partners:program_detail", args=[cast.program.pk])
    settings_url = reverse("notifications:program_settings", args=[cast.program.pk])
    assert settings_url in login(cast.fasilitator).get(url).content.decode()
    assert settings_url not in login(cast.staf_a).get(url).content.decode()
