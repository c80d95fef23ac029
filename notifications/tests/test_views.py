"""The notifications page, mark as read, preferences and per-program reminder settings."""

import pytest
from django.urls import reverse

from notifications.models import Notification, Preference
from notifications.registry import reminder_kinds
from notifications.tests.factories import NotificationFactory
from partners.reminders import ENDORSEMENT_MISSING
from roadmap.reminders import STALE

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
        {"email": "immediate", "muted_kinds": [STALE, ENDORSEMENT_MISSING]},
    )

    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.staf_a)
    assert preference.email == "immediate"
    assert preference.weekly_digest is False
    assert preference.muted_kinds == [ENDORSEMENT_MISSING, STALE]


def test_preferences_refuse_bad_input_without_saving(cast, login):
    response = login(cast.staf_a).post(
        reverse("notifications:preferences"), {"email": "fax", "muted_kinds": ["no_such_kind"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email", "muted_kinds"}
    assert not Preference.objects.exists()


@pytest.mark.parametrize("muted", [1, 5])
def test_preferences_page_queries_are_constant(cast, login, django_assert_num_queries, muted):
    Preference.objects.create(user=cast.staf_a, muted_kinds=reminder_kinds()[:muted])
    NotificationFactory.create_batch(muted, user=cast.staf_a)
    client = login(cast.staf_a)
    # session, user, preference, unread count, organisation (navbar), session save (3)
    with django_assert_num_queries(8):
        response = client.get(reverse("notifications:preferences"))
    assert response.content.decode().count("checked") >= muted


@pytest.mark.parametrize(
    "hostile", ["' OR 1=1 --", "notifications:preferences", "//evil.example.com/", "javascript:alert(1)"]
)
def test_mark_read_never_treats_next_as_a_view_name_or_another_site(cast, login, hostile):
    """`next` goes through core.http.safe_redirect: a path on this site or the list, never a 500."""
    notification = NotificationFactory(user=cast.staf_a)
    client = login(cast.staf_a)
    client.raise_request_exception = True
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), {"next": hostile})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_mark_read_keeps_a_next_on_this_site(cast, login):
    notification = NotificationFactory(user=cast.staf_a)
    response = login(cast.staf_a).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": "/notifications/?page=2"}
    )
    assert response["Location"] == "/notifications/?page=2"
