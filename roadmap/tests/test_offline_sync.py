"""Progress reports written offline and sent later (issue 17, part 1; static/js/offline.js).

The device posts each draft to `roadmap:update_sync` with its client id (a UUID made on the
device) and the milestone version it saw. The server runs the report form's validation and the
same action as "Submit"; it keeps the client id unique, so a replayed sync returns the report
already made; conflicts, refusals and bad input come back as JSON messages and save nothing.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partners.models import Membership
from roadmap import actions
from roadmap.models import Evidence, Milestone, MilestoneStatus, ProgressUpdate
from roadmap.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def draft(milestone, client_id=None, **overrides):
    data = {
        "client_id": str(client_id or uuid.uuid4()),
        "seen_version": str(milestone.version),
        "new_status": "in_progress",
        "progress": "40",
        "narrative": "Survei di tiga desa selesai; data sedang diolah.",
    }
    return data | overrides


def sync(client, milestone, data):
    return client.post(reverse("roadmap:update_sync", args=[milestone.pk]), data)


def test_a_draft_is_saved_and_submitted_for_review_with_its_photo(cast, roadmap, login):
    data = draft(roadmap.first) | {"evidence": SimpleUploadedFile("foto.png", PNG, content_type="image/png")}
    response = sync(login(cast.staf_a), roadmap.first, data)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "saved"
    update = ProgressUpdate.objects.get()
    assert body["id"] == update.pk
    assert str(update.client_id) == data["client_id"]
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert update.author == cast.staf_a
    assert update.progress == 40
    assert Evidence.objects.get(update=update).original_name == "foto.png"
    # The facilitator's review queue has it.
    queue = login(cast.fasilitator).get(reverse("roadmap:review_queue"))
    assert roadmap.first.title in queue.content.decode()


def test_a_replayed_draft_creates_no_second_report(cast, roadmap, login):
    client = login(cast.staf_a)
    data = draft(roadmap.first)
    assert sync(client, roadmap.first, data).status_code == 201
    # The answer was lost on the way back; the device sends the same draft again (the milestone's
    # version has not moved: a report only changes it when approved).
    again = sync(client, roadmap.first, data)
    assert again.status_code == 200
    assert again.json()["status"] == "already_saved"
    assert ProgressUpdate.objects.count() == 1
    assert again.json()["id"] == ProgressUpdate.objects.get().pk


def test_a_replay_after_the_report_was_approved_is_still_already_saved(cast, roadmap, login):
    client = login(cast.staf_a)
    data = draft(roadmap.first)
    sync(client, roadmap.first, data)
    actions.do_approve_update(cast.fasilitator, ProgressUpdate.objects.get())
    again = sync(client, roadmap.first, data)
    assert again.json()["status"] == "already_saved"
    assert ProgressUpdate.objects.count() == 1


def test_another_persons_client_id_is_refused(cast, roadmap, login):
    data = draft(roadmap.first)
    sync(login(cast.staf_a), roadmap.first, data)
    # lead_a may report on the milestone too, but the id is staf_a's report: a forged draft.
    response = sync(login(cast.lead_a), roadmap.first, data | {"narrative": "Dipalsukan"})
    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert ProgressUpdate.objects.count() == 1
    assert ProgressUpdate.objects.get().narrative != "Dipalsukan"


def test_a_client_id_reused_on_another_milestone_is_refused(cast, roadmap, login):
    client = login(cast.staf_a)
    data = draft(roadmap.first)
    sync(client, roadmap.first, data)
    response = sync(client, roadmap.second, data | {"seen_version": str(roadmap.second.version)})
    assert response.status_code == 400
    assert ProgressUpdate.objects.filter(milestone=roadmap.second).count() == 0


def test_the_client_id_is_unique_in_the_database(cast, roadmap):
    from django.db import IntegrityError, transaction

    client_id = uuid.uuid4()
    ProgressUpdate.objects.create(
        milestone=roadmap.first,
        author=cast.staf_a,
        new_status="in_progress",
        progress=1,
        narrative="a",
        client_id=client_id,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            milestone=roadmap.first,
            author=cast.staf_a,
            new_status="in_progress",
            progress=2,
            narrative="b",
            client_id=client_id,
        )


def test_a_forged_csrf_token_is_refused(cast, roadmap):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staf_a)
    response = client.post(
        reverse("roadmap:update_sync", args=[roadmap.first.pk]), draft(roadmap.first), HTTP_X_CSRFTOKEN="palsu" * 6
    )
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 0


def test_a_real_csrf_token_in_the_header_is_accepted(cast, roadmap):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staf_a)
    client.get(reverse("roadmap:my_milestones"))  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("roadmap:update_sync", args=[roadmap.first.pk]), draft(roadmap.first), HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_signed_out_sync_is_sent_to_the_login_page(roadmap):
    response = Client().post(reverse("roadmap:update_sync", args=[roadmap.first.pk]), draft(roadmap.first))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert ProgressUpdate.objects.count() == 0


def test_a_milestone_changed_since_the_draft_is_a_conflict(cast, roadmap, login):
    data = draft(roadmap.first)
    actions.do_revise_item(cast.fasilitator, roadmap.first, {"title": "Survei data dasar (diperluas)"}, "Cakupan")
    response = sync(login(cast.staf_a), roadmap.first, data)
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "conflict"
    assert body["code"] == "changed"
    assert body["current_version"] == Milestone.objects.get(pk=roadmap.first.pk).version
    assert "changed" in body["message"] or "berubah" in body["message"]
    assert ProgressUpdate.objects.count() == 0
    # Sent again with the version now seen (the user checked and chose to send), it is saved.
    again = sync(login(cast.staf_a), roadmap.first, data | {"seen_version": str(body["current_version"])})
    assert again.status_code == 201


def test_a_milestone_approved_done_meanwhile_is_a_conflict(cast, roadmap, login):
    data = draft(roadmap.first)
    other = ProgressUpdate.objects.create(
        milestone=roadmap.first,
        author=cast.lead_a,
        state=ProgressUpdate.State.SUBMITTED,
        new_status=MilestoneStatus.DONE,
        progress=100,
        narrative="Selesai",
    )
    actions.do_approve_update(cast.fasilitator, other)
    # Even with the version now current, a closed milestone takes no more reports.
    current = Milestone.objects.get(pk=roadmap.first.pk)
    for seen in (roadmap.first.version, current.version):
        response = sync(login(cast.staf_a), roadmap.first, data | {"seen_version": str(seen)})
        assert response.status_code == 409
        assert response.json()["code"] == "closed"
    assert ProgressUpdate.objects.count() == 1


def test_a_milestone_the_user_can_no_longer_see_is_refused_with_a_message(cast, roadmap, login):
    data = draft(roadmap.first)
    Membership.objects.filter(user=cast.staf_a).delete()
    response = sync(login(cast.staf_a), roadmap.first, data)
    assert response.status_code == 404
    assert response.json()["status"] == "refused"
    assert response.json()["message"]
    assert ProgressUpdate.objects.count() == 0


def test_a_milestone_of_another_partner_is_refused(cast, roadmap, login):
    response = sync(login(cast.staf_b), roadmap.first, draft(roadmap.first))
    assert response.status_code == 403
    assert response.json()["status"] == "refused"
    assert ProgressUpdate.objects.count() == 0


def test_outsider_gets_404(cast, roadmap, login):
    assert sync(login(cast.luar), roadmap.first, draft(roadmap.first)).status_code == 404


def test_the_manager_cannot_report(cast, roadmap, login):
    assert sync(login(cast.manajer), roadmap.first, draft(roadmap.first)).status_code == 403


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_id": "bukan-uuid"},
        {"client_id": ""},
        {"seen_version": "x"},
        {"seen_version": "-1"},
        {"seen_version": str(2**40)},
        {"progress": "140"},
        {"new_status": "hilang"},
        {"narrative": ""},
    ],
)
def test_bad_input_is_a_message_and_saves_nothing(cast, roadmap, login, overrides):
    response = sync(login(cast.staf_a), roadmap.first, draft(roadmap.first) | overrides)
    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert response.json()["message"]
    assert ProgressUpdate.objects.count() == 0


def test_a_file_that_is_not_allowed_is_refused_as_a_whole(cast, roadmap, login):
    data = draft(roadmap.first) | {
        "evidence": [pdf_file(), SimpleUploadedFile("skrip.exe", b"MZ\x90\x00" * 10, content_type="image/png")]
    }
    response = sync(login(cast.staf_a), roadmap.first, data)
    assert response.status_code == 400
    assert ProgressUpdate.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_get_is_not_allowed(cast, roadmap, login):
    assert login(cast.staf_a).get(reverse("roadmap:update_sync", args=[roadmap.first.pk])).status_code == 405


def test_messages_come_in_the_users_language(cast, roadmap, login):
    cast.staf_a.language = "en"
    cast.staf_a.save(update_fields=["language"])
    response = sync(login(cast.staf_a), roadmap.first, draft(roadmap.first))
    assert response.json()["message"] == "Progress report sent for review."
