"""Issue 15, item 13: recognition from the community. The facilitator records one on a partner's
behalf; a partner's lead proposes one for their own partner and the facilitator confirms or declines
it (with a reason). Only confirmed recognitions are shown on the partner, program and public pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.actions import do_add_recognition, do_decide_recognition, do_propose_recognition
from governance.models import Recognition
from governance.tests.factories import RecognitionFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def fields(partner, **extra):
    return {
        "partner": partner,
        "title": "Piagam Desa Peduli",
        "description": "Kelompok tenun dampingan kini melatih desa tetangga.",
        "date": datetime.date(2026, 10, 1),
        "awarded_by": "Kepala Desa Oelnasi",
        "given_by": "village",
        **extra,
    }


def post_data(partner, **extra):
    data = fields(partner, **extra)
    data["partner"] = partner.pk
    data["date"] = data["date"].isoformat()
    return data


def test_lead_proposes_for_own_partner_and_the_facilitator_is_notified(cast, login):
    url = reverse("governance:recognition_propose", args=[cast.program.pk])
    response = login(cast.lead_a).post(url, post_data(cast.partner_a))
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.status == Recognition.Status.PROPOSED
    assert recognition.recorded_by == cast.lead_a
    assert Notification.objects.filter(user=cast.fasilitator, kind="recognition_proposed").count() == 1


def test_lead_cannot_propose_for_another_partner(cast, login):
    url = reverse("governance:recognition_propose", args=[cast.program.pk])
    response = login(cast.lead_a).post(url, post_data(cast.partner_b))
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    with pytest.raises(ValidationError, match="own organisation"):
        do_propose_recognition(cast.lead_a, cast.program, **fields(cast.partner_b))
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "manajer", "fasilitator"])
def test_only_partner_leads_propose(cast, login, who):
    url = reverse("governance:recognition_propose", args=[cast.program.pk])
    assert login(getattr(cast, who)).get(url).status_code == 403


def test_a_proposal_is_hidden_until_confirmed(cast, login):
    proposed = do_propose_recognition(cast.lead_a, cast.program, **fields(cast.partner_a))
    url = reverse("governance:recognitions", args=[cast.program.pk])
    # The other partner and the manager do not see a proposal; the proposing partner and the facilitator do.
    assert "Piagam Desa Peduli" not in login(cast.staf_b).get(url).content.decode()
    assert "Piagam Desa Peduli" not in login(cast.manajer).get(url).content.decode()
    assert "Piagam Desa Peduli" in login(cast.staf_a).get(url).content.decode()
    body = login(cast.fasilitator).get(url).content.decode()
    assert reverse("governance:recognition_decide", args=[proposed.pk]) in body
    program_page = login(cast.fasilitator).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert 'data-testid="recognitions-waiting"' in program_page.content.decode()
    # Its file is not served to people who may not see it.
    decide = reverse("governance:recognition_decide", args=[proposed.pk])
    assert login(cast.staf_b).post(decide, {"decision": "confirm"}).status_code == 404


def test_facilitator_confirms_and_it_shows_everywhere(cast, login):
    proposed = do_propose_recognition(cast.lead_a, cast.program, **fields(cast.partner_a))
    decide = reverse("governance:recognition_decide", args=[proposed.pk])
    assert login(cast.fasilitator).post(decide, {"decision": "confirm"}).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Recognition.Status.CONFIRMED and proposed.decided_by == cast.fasilitator
    assert Notification.objects.filter(user=cast.lead_a, kind="recognition_confirmed").count() == 1
    assert (
        "Piagam Desa Peduli"
        in login(cast.staf_b).get(reverse("governance:recognitions", args=[cast.program.pk])).content.decode()
    )
    org_page = login(cast.staf_b).get(reverse("partners:organisation_detail", args=[cast.org_a.pk]))
    assert "Piagam Desa Peduli" in org_page.content.decode()
    program_page = login(cast.manajer).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert "Piagam Desa Peduli" in program_page.content.decode()


def test_declining_needs_a_reason_and_is_final(cast, login):
    proposed = do_propose_recognition(cast.lead_a, cast.program, **fields(cast.partner_a))
    decide = reverse("governance:recognition_decide", args=[proposed.pk])
    client = login(cast.fasilitator)
    client.post(decide, {"decision": "decline", "reason": ""})
    proposed.refresh_from_db()
    assert proposed.status == Recognition.Status.PROPOSED
    with pytest.raises(ValidationError, match="why"):
        do_decide_recognition(cast.fasilitator, proposed, confirm=False, reason="  ")
    client.post(
        decide, {"decision": "decline", "reason": "Bukan pengakuan dari masyarakat, tetapi dari mitra sendiri."}
    )
    proposed.refresh_from_db()
    assert proposed.status == Recognition.Status.DECLINED
    assert proposed.decline_reason.startswith("Bukan pengakuan")
    assert Notification.objects.filter(user=cast.lead_a, kind="recognition_declined").count() == 1
    with pytest.raises(ValidationError, match="already"):
        do_decide_recognition(cast.fasilitator, proposed, confirm=True)
    # The lead sees why; the other partner does not see it at all.
    url = reverse("governance:recognitions", args=[cast.program.pk])
    assert "Bukan pengakuan" in login(cast.lead_a).get(url).content.decode()
    assert "Piagam Desa Peduli" not in login(cast.lead_b).get(url).content.decode()


@pytest.mark.parametrize("who", ["lead_a", "staf_a", "manajer"])
def test_only_the_facilitator_decides(cast, login, who):
    proposed = do_propose_recognition(cast.lead_a, cast.program, **fields(cast.partner_a))
    decide = reverse("governance:recognition_decide", args=[proposed.pk])
    status = login(getattr(cast, who)).post(decide, {"decision": "confirm"}).status_code
    assert status == (404 if who == "manajer" else 403)
    with pytest.raises(ValidationError, match="facilitator"):
        do_decide_recognition(getattr(cast, who), proposed, confirm=True)
    proposed.refresh_from_db()
    assert proposed.status == Recognition.Status.PROPOSED


def test_facilitator_records_with_a_photo_confirmed_at_once(cast, login):
    url = reverse("governance:recognition_create", args=[cast.program.pk])
    photo = SimpleUploadedFile("serah terima.png", PNG, content_type="image/png")
    response = login(cast.fasilitator).post(url, {**post_data(cast.partner_b), "file": photo})
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.is_confirmed and recognition.file_size == len(PNG)
    assert recognition.file_name == "serah terima.png"
    download = login(cast.staf_a).get(reverse("governance:recognition_file", args=[recognition.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_a_file_that_is_not_a_pdf_or_image_is_refused(cast, login):
    url = reverse("governance:recognition_create", args=[cast.program.pk])
    page = SimpleUploadedFile("piagam.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = login(cast.fasilitator).post(url, {**post_data(cast.partner_a), "file": page})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Recognition.objects.exists()


def test_a_file_over_the_quota_saves_nothing(cast, settings):
    cast.program.storage_quota_mb = 0
    cast.program.save()
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError, match="storage is full"):
        do_add_recognition(cast.fasilitator, cast.program, **fields(cast.partner_a, file=photo))
    assert not Recognition.objects.exists()


def test_facilitator_action_refuses_others(cast):
    with pytest.raises(ValidationError, match="facilitator"):
        do_add_recognition(cast.lead_a, cast.program, **fields(cast.partner_a))


@pytest.mark.parametrize("who", ["fasilitator", "lead_a"])
def test_recognition_list_queries_are_constant(cast, login, django_assert_num_queries, who):
    client = login(getattr(cast, who))
    url = reverse("governance:recognitions", args=[cast.program.pk])

    def grow(n):
        for _ in range(n):
            for status in ("confirmed", "proposed", "declined"):
                RecognitionFactory(program=cast.program, partner=cast.partner_a, status=status, recorded_by=cast.lead_a)

    grow(1)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    grow(4)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_organisation_page_queries_are_constant(cast, login, django_assert_num_queries):
    client = login(cast.staf_b)
    url = reverse("partners:organisation_detail", args=[cast.org_a.pk])
    RecognitionFactory(program=cast.program, partner=cast.partner_a)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for _ in range(5):
        RecognitionFactory(program=cast.program, partner=cast.partner_a)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
