"""The public page per program: opt-in, agreed by every partner, and never a private word."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from assessments.tests.factories import RoundFactory, answer_health, rate_everyone
from facilitation.tests.factories import DecisionFactory, MediationCaseFactory, MeetingFactory
from governance.tests.factories import RecognitionFactory
from partners.tests.factories import ProgramPartnerFactory
from public.actions import do_publish_program, do_unpublish_program, do_withdraw_public_consent
from public.selectors import latest_bulletin_period
from public.tests.factories import publish_with_consent
from roadmap.models import Revision
from roadmap.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

MARKERS = {
    "first_name": "Yohana",
    "last_name": "Ratumakin",
    "email": "yohana.rahasia@example.org",
    "contact": "Kontak Pribadi Benediktus",
    "contact_email": "kontak.rahasia@example.org",
    "mediation": "RAHASIA-MEDIASI perselisihan dana transport",
    "health": "RAHASIA-KESEHATAN komentar kemitraan",
    "narrative": "RAHASIA-LAPORAN narasi internal",
    "decision": "RAHASIA-KEPUTUSAN rapat",
    "revision": "RAHASIA-REVISI alasan perubahan",
    "recognition_note": "RAHASIA-PENGHARGAAN catatan",
    "proposed": "RAHASIA-USULAN penghargaan belum dikonfirmasi",
    "declined": "RAHASIA-DITOLAK penghargaan",
    "milestone_note": "RAHASIA-TONGGAK deskripsi",
}


@pytest.fixture
def world(cast):
    """The cast's program, published, with private material seeded everywhere around it."""
    for user in (cast.staf_a, cast.lead_a, cast.fasilitator):
        user.first_name, user.last_name, user.email = MARKERS["first_name"], MARKERS["last_name"], MARKERS["email"]
        user.save()
    cast.org_a.contact_name = MARKERS["contact"]
    cast.org_a.contact_email = MARKERS["contact_email"]
    cast.org_a.save()
    outcome = OutcomeFactory(program=cast.program, statement="Pendapatan naik")
    output = OutputFactory(outcome=outcome)
    milestone = MilestoneFactory(output=output, owner=cast.partner_a, description=MARKERS["milestone_note"])
    ProgressUpdateFactory(milestone=milestone, author=cast.staf_a, narrative=MARKERS["narrative"])
    Revision.objects.create(
        program=cast.program,
        actor=cast.fasilitator,
        item_type="milestone",
        item_id=milestone.pk,
        item_label=milestone.title,
        field="due_date",
        old_value="a",
        new_value="b",
        reason=MARKERS["revision"],
    )
    MediationCaseFactory(program=cast.program, title=MARKERS["mediation"], issue=MARKERS["mediation"])
    meeting = MeetingFactory(program=cast.program)
    DecisionFactory(meeting=meeting, text=MARKERS["decision"])
    round_ = RoundFactory(program=cast.program)
    rate_everyone(round_, cast, 3)
    answer_health(round_, cast, 4, comments=MARKERS["health"])
    RecognitionFactory(
        program=cast.program,
        partner=cast.partner_a,
        title="Desa Tangguh",
        awarded_by="Kepala Desa Oelnasi",
        description=MARKERS["recognition_note"],
        recorded_by=cast.lead_a,
    )
    # Issue 15, item 13: a proposal or a declined recognition is not a recognition yet.
    RecognitionFactory(program=cast.program, partner=cast.partner_a, title=MARKERS["proposed"], status="proposed")
    RecognitionFactory(program=cast.program, partner=cast.partner_b, title=MARKERS["declined"], status="declined")
    page = publish_with_consent(cast)
    cast.page = page
    return cast


def _assert_nothing_private(text):
    for marker in MARKERS.values():
        assert marker not in text, marker
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text), "an email address"


def test_anonymous_visitor_sees_published_program_and_no_private_data(world, client):
    listing = client.get(reverse("public:index"))
    assert listing.status_code == 200
    assert world.program.name in listing.content.decode()
    page_url = reverse("public:program", args=[world.page.slug])
    assert page_url in listing.content.decode()

    response = client.get(page_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert world.program.goal in html
    assert "Yayasan Mitra A" in html and "PT Mitra B" in html
    assert "Pendapatan naik" in html
    assert "Desa Tangguh" in html
    assert "Kepala Desa Oelnasi" in html  # the recognising body, as recorded
    assert reverse("public:bulletin", args=[world.page.slug]) in html
    _assert_nothing_private(html)
    assert len(response.content) < 100 * 1024
    assert "sessionid" not in response.cookies  # no session for an anonymous visitor


def test_linked_bulletin_and_json_hold_nothing_private(world, client):
    bulletin = client.get(reverse("public:bulletin", args=[world.page.slug]))
    assert bulletin.status_code == 200
    html = bulletin.content.decode()
    assert world.program.name in html
    assert "https://wa.me/?text=" in html
    _assert_nothing_private(html)

    data = client.get(reverse("public:program_json", args=[world.page.slug]))
    assert data["Content-Type"] == "application/json"
    payload = json.loads(data.content)
    assert payload["name"] == world.program.name
    assert {p["name"] for p in payload["partners"]} == {"Yayasan Mitra A", "PT Mitra B"}
    _assert_nothing_private(data.content.decode())


def test_both_languages(world, client):
    en = client.get(reverse("public:program", args=[world.page.slug]), {"lang": "en"}).content.decode()
    ind = client.get(reverse("public:program", args=[world.page.slug]), {"lang": "id"}).content.decode()
    assert "Shared goal" in en
    assert "Shared goal" not in ind
    assert 'lang="id"' in ind and 'lang="en"' in en


def test_unpublished_program_is_404(cast, client):
    page = do_publish_program(cast.fasilitator, cast.program)
    # Published by the facilitator, but no partner has agreed yet.
    assert client.get(reverse("public:program", args=[page.slug])).status_code == 404
    assert cast.program.name not in client.get(reverse("public:index")).content.decode()


def test_every_partner_must_agree(world, client):
    url = reverse("public:program", args=[world.page.slug])
    assert client.get(url).status_code == 200
    ProgramPartnerFactory(program=world.program)  # a new partner, who has not agreed
    assert client.get(url).status_code == 404


def test_a_partner_that_left_neither_blocks_nor_shows(world, client):
    url = reverse("public:program", args=[world.page.slug])
    gone = ProgramPartnerFactory(program=world.program)
    assert client.get(url).status_code == 404
    gone.left_on = datetime.date(2026, 1, 1)
    gone.save()
    response = client.get(url)
    assert response.status_code == 200
    assert gone.organisation.name not in response.content.decode()


def test_withdrawn_agreement_takes_the_page_down_at_once_even_when_cached(world, client):
    url = reverse("public:program", args=[world.page.slug])
    first = client.get(url)
    assert first.status_code == 200
    do_withdraw_public_consent(world.lead_b, world.partner_b)
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:bulletin", args=[world.page.slug])).status_code == 404
    assert client.get(reverse("public:program_json", args=[world.page.slug])).status_code == 404
    assert world.program.name not in client.get(reverse("public:index")).content.decode()


def test_unpublishing_takes_the_page_down(world, client):
    do_unpublish_program(world.fasilitator, world.program)
    assert client.get(reverse("public:program", args=[world.page.slug])).status_code == 404


def test_cache_headers_and_conditional_get(world, client):
    url = reverse("public:program", args=[world.page.slug])
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_cached_page_is_served_then_invalidated_on_change(
    world, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("public:program", args=[world.page.slug])
    client.get(url)
    # Cached: only the publication check reads the database.
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
    world.program.goal = "Tujuan baru yang jelas"
    with django_capture_on_commit_callbacks(execute=True):
        world.program.save()
    assert "Tujuan baru yang jelas" in client.get(url).content.decode()


def test_public_pages_do_not_follow_the_login(world, login):
    html = login(world.fasilitator).get(reverse("public:program", args=[world.page.slug])).content.decode()
    _assert_nothing_private(html)


def test_listing_query_count_is_flat(cast, client, django_assert_num_queries):
    publish_with_consent(cast)
    with django_assert_num_queries(2):  # pages + regions, whatever the number of programs
        client.get(reverse("public:index"))


def test_bulletin_period_is_the_last_complete_quarter():
    period = latest_bulletin_period(datetime.date(2026, 2, 10))
    assert (period.start, period.end) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
