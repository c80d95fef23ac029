import pytest
from django.urls import reverse

from facilitation.tests.factories import MeetingFactory
from partners.actions import record_activity
from partners.activity import KINDS
from partners.models import Activity

pytestmark = pytest.mark.django_db

MEMBERS = ["fasilitator", "staf_a", "lead_a", "staf_b", "lead_b", "manajer", "admin"]


def test_facilitation_kinds_are_registered():
    for kind in ["meeting_planned", "meeting_held", "decisions_recorded", "mediation_opened", "mediation_resolved"]:
        assert kind in KINDS


@pytest.mark.parametrize("who", MEMBERS)
def test_every_member_reads_the_activity_feed(cast, login, who):
    record_activity(cast.program, cast.staf_a, "partner_added", "Koperasi Baru", "/x/")
    record_activity(cast.program, cast.fasilitator, "meeting_held", "Rapat koordinasi (01-11-2026)", "/y/")
    response = login(getattr(cast, who)).get(reverse("facilitation:activity", args=[cast.program.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "recorded a meeting" in body and "Rapat koordinasi (01-11-2026)" in body and "Koperasi Baru" in body


def test_outsider_gets_404_on_the_feed(cast, login):
    assert login(cast.luar).get(reverse("facilitation:activity", args=[cast.program.pk])).status_code == 404


def test_the_feed_shows_only_this_program(cast, login):
    other = cast.luar.memberships.get().program
    record_activity(other, cast.luar, "meeting_held", "Rapat program lain")
    body = login(cast.staf_a).get(reverse("facilitation:activity", args=[cast.program.pk])).content.decode()
    assert "Rapat program lain" not in body


def test_the_feed_is_paginated_newest_first(cast, login):
    for i in range(35):
        record_activity(cast.program, cast.fasilitator, "meeting_held", f"Rapat {i:02d}")
    client = login(cast.staf_b)
    url = reverse("facilitation:activity", args=[cast.program.pk])
    first = client.get(url).context["page"]
    assert len(first) == 30 and first[0].label == "Rapat 34"
    second = client.get(url, {"page": 2}).context["page"]
    assert [a.label for a in second] == ["Rapat 04", "Rapat 03", "Rapat 02", "Rapat 01", "Rapat 00"]
    assert client.get(url, {"page": "zzz"}).status_code == 200


def test_activity_feed_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    url = reverse("facilitation:activity", args=[cast.program.pk])
    for _i in range(3):
        record_activity(cast.program, cast.staf_a, "partner_added", "x")
    # overhead 6; program, membership, page count, rows with actors
    with django_assert_num_queries(10):
        client.get(url)
    for user in [cast.staf_b, cast.lead_a, cast.lead_b, cast.manajer] * 5:
        record_activity(cast.program, user, "partner_added", "y")
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["page"]) == 23


def test_the_program_page_shows_the_facilitation_panel(cast, login):
    MeetingFactory(program=cast.program, title="Rapat lalu")
    MeetingFactory(program=cast.program, title="Rapat berikut", status="planned", date="2099-01-01")
    for i in range(7):
        record_activity(cast.program, cast.fasilitator, "meeting_updated", f"Baris {i}")
    response = login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk]))
    body = response.content.decode()
    assert 'data-testid="facilitation-panel"' in body
    assert "Rapat lalu" in body and "Rapat berikut" in body
    assert "Baris 6" in body and "Baris 2" in body and "Baris 1" not in body


def test_the_panel_runs_a_constant_number_of_queries(cast, rf, django_assert_num_queries):
    from facilitation.panels import facilitation_panel

    request = rf.get("/")
    request.user = cast.staf_a
    # 3, and 3 for who holds the facilitation (institution, facilitators, last hand-over; issue 15, item 7)
    with django_assert_num_queries(6):
        facilitation_panel(request, cast.program)
    for _i in range(5):
        MeetingFactory(program=cast.program)
        Activity.objects.create(program=cast.program, actor=cast.staf_b, kind="partner_added")
    with django_assert_num_queries(6):
        context = facilitation_panel(request, cast.program)
    assert len(context["activities"]) == 5
