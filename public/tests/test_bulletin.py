"""The bulletin goes out on its own: once per period and recipient, with a working unsubscribe link."""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from pypdf import PdfReader

from facilitation.tests.factories import DecisionFactory, MeetingFactory
from public import actions
from public.models import BulletinDelivery, BulletinRecipient
from public.tasks import send_bulletins
from public.tokens import SALT, unsubscribe_token

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=JAKARTA), tick=False)


@pytest.fixture
def listed(cast):
    """A quarterly bulletin set up mid-March 2026, for partner A's contact and a villager without an account."""
    cast.org_a.contact_name, cast.org_a.contact_email = "Ibu Kontak", "kontak@mitra-a.example"
    cast.org_a.save()
    cast.staf_a.first_name, cast.staf_a.last_name = "Yohana", "Ratumakin"
    cast.staf_a.save()
    with at(2026, 3, 15, 10):
        actions.do_set_bulletin_schedule(
            cast.fasilitator, cast.program, frequency="quarterly", in_indonesian=True, in_english=True
        )
        actions.do_add_partner_contacts(cast.fasilitator, cast.program)
        cast.warga = actions.do_add_recipient(
            cast.fasilitator, cast.program, name="Pak Kepala Desa", email="kades@desa.example", language="en"
        )
    return cast


def _pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_one_bulletin_per_recipient_per_period_and_nothing_more(listed):
    with at(2026, 4, 2, 7):
        assert send_bulletins()["sent"] == 2
        assert send_bulletins()["sent"] == 0  # a second run (or a second beat) sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == ["kades@desa.example", "kontak@mitra-a.example"]
    assert BulletinDelivery.objects.filter(outcome="sent").count() == 2

    by_address = {m.to[0]: m for m in mail.outbox}
    villager = by_address["kades@desa.example"]
    assert villager.subject.startswith("Partnership bulletin")  # English, as they chose
    assert by_address["kontak@mitra-a.example"].subject.startswith("Buletin kemitraan")
    name, content, mimetype = villager.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    text = _pdf_text(content)
    assert listed.program.name in text
    assert "Yohana" not in text and "Ratumakin" not in text
    assert "/public/unsubscribe/" in villager.body and villager.extra_headers["List-Unsubscribe"]

    mail.outbox.clear()
    with at(2026, 5, 20, 7):  # same quarter still: nothing new
        assert send_bulletins()["sent"] == 0
    with at(2026, 7, 1, 7):  # the next quarter: one more each
        assert send_bulletins()["sent"] == 2
        assert send_bulletins()["sent"] == 0
    assert len(mail.outbox) == 2
    assert BulletinDelivery.objects.count() == 4


def test_no_bulletin_for_periods_before_the_schedule(listed):
    with at(2026, 3, 31, 23):
        assert send_bulletins() == {"planned": 0, "sent": 0}
    assert not mail.outbox


def test_a_claimed_row_is_not_sent_again(listed):
    with at(2026, 4, 2, 7):
        actions.do_plan_bulletin_deliveries(datetime.date(2026, 4, 2))
        first = BulletinDelivery.objects.order_by("pk").first()
        assert actions.do_claim_delivery(first.pk) == 1  # another worker got here first
        assert send_bulletins()["sent"] == 1
    assert len(mail.outbox) == 1


def test_unsubscribe_with_the_signed_link(listed, client):
    url = reverse("public:unsubscribe", args=[unsubscribe_token(listed.warga)])
    page = client.get(url)
    assert page.status_code == 200 and listed.program.name in page.content.decode()
    listed.warga.refresh_from_db()
    assert listed.warga.unsubscribed_at is None  # opening the link asks; it does not act
    client.post(url)
    listed.warga.refresh_from_db()
    assert listed.warga.unsubscribed_at is not None
    with at(2026, 4, 2, 7):
        send_bulletins()
    assert [m.to[0] for m in mail.outbox] == ["kontak@mitra-a.example"]


def test_an_unsubscribe_link_cannot_unsubscribe_someone_else(listed, client):
    other = BulletinRecipient.objects.get(email="kontak@mitra-a.example")
    token = unsubscribe_token(listed.warga)
    # Change the recipient inside the token: the signature no longer matches.
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(f'{{"r":{other.pk},"e":"kontak@mitra-a.example"}}'.encode()).decode() + ":" + rest
    assert client.post(reverse("public:unsubscribe", args=[forged])).status_code == 404
    # A token signed for another purpose does not work either.
    other_salt = signing.dumps({"r": other.pk, "e": other.email}, salt="something-else")
    assert client.post(reverse("public:unsubscribe", args=[other_salt])).status_code == 404
    # A genuine token whose address was since changed by the facilitator no longer applies.
    stale = signing.dumps({"r": other.pk, "e": "old@example.org"}, salt=SALT)
    assert client.post(reverse("public:unsubscribe", args=[stale])).status_code == 404
    other.refresh_from_db()
    assert other.unsubscribed_at is None


def test_facilitator_manages_the_list_and_schedule(cast, login):
    client = login(cast.fasilitator)
    client.post(
        reverse("public:bulletin_schedule", args=[cast.program.pk]),
        {"frequency": "monthly", "in_indonesian": "on"},
    )
    assert cast.program.bulletin_schedule.frequency == "monthly"
    client.post(
        reverse("public:recipient_add", args=[cast.program.pk]),
        {"name": "Ibu Camat", "email": "camat@example.org", "language": "id"},
    )
    client.post(
        reverse("public:recipient_add", args=[cast.program.pk]),
        {"name": "Ibu Camat", "email": "CAMAT@example.org", "language": "id"},
    )
    assert BulletinRecipient.objects.filter(program=cast.program).count() == 1
    bad = client.post(
        reverse("public:recipient_add", args=[cast.program.pk]), {"name": "", "email": "no", "language": "xx"}
    )
    assert bad.status_code == 302 and BulletinRecipient.objects.count() == 1
    none = client.post(reverse("public:bulletin_schedule", args=[cast.program.pk]), {"frequency": "monthly"})
    assert none.status_code == 302
    cast.program.bulletin_schedule.refresh_from_db()
    assert cast.program.bulletin_schedule.in_indonesian  # no language: refused, unchanged
    recipient = BulletinRecipient.objects.get()
    client.post(reverse("public:recipient_remove", args=[recipient.pk]))
    assert not BulletinRecipient.objects.exists()


def test_partners_and_managers_cannot_change_the_list(cast, login):
    recipient = actions.do_add_recipient(cast.fasilitator, cast.program, name="A", email="a@example.org", language="id")
    for user in (cast.lead_a, cast.staf_a, cast.manajer):
        client = login(user)
        url = reverse("public:recipient_add", args=[cast.program.pk])
        assert client.post(url, {"name": "X", "email": "x@example.org", "language": "id"}).status_code == 403
        assert client.post(reverse("public:recipient_remove", args=[recipient.pk])).status_code == 403
    outsider = login(cast.luar)
    assert outsider.post(reverse("public:recipient_remove", args=[recipient.pk])).status_code == 404
    assert BulletinRecipient.objects.count() == 1


def test_printable_pack_holds_the_bulletin_and_the_minutes(cast, login):
    meeting = MeetingFactory(program=cast.program, title="Rapat koordinasi triwulan", date=datetime.date(2026, 2, 10))
    DecisionFactory(meeting=meeting, text="Jadwal pelatihan disepakati")
    MeetingFactory(program=cast.program, title="Rapat di luar periode", date=datetime.date(2026, 5, 10))
    response = login(cast.fasilitator).get(
        reverse("public:bulletin_pack", args=[cast.program.pk]), {"period": "quarter", "year": 2026, "quarter": 1}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert cast.program.name in text
    assert "Rapat koordinasi triwulan" in text and "Jadwal pelatihan disepakati" in text
    assert "Rapat di luar periode" not in text
    assert login(cast.luar).get(reverse("public:bulletin_pack", args=[cast.program.pk])).status_code == 404


def test_minutes_page_has_a_whatsapp_link(cast, login):
    meeting = MeetingFactory(program=cast.program, title="Rapat koordinasi")
    html = login(cast.staf_a).get(reverse("facilitation:meeting_minutes", args=[meeting.pk])).content.decode()
    link = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)
    assert "Rapat%20koordinasi" in link and f"meetings%2F{meeting.pk}%2Fminutes" in link
