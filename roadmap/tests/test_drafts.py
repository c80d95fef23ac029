"""Drafts stay private, and nobody rewrites another organisation's progress report (issue 12, items 5 and 6).

A draft progress report and its evidence are seen by the author's organisation and the facilitator
only: the milestone page and the download follow one rule (`roadmap.access.visible_updates`).
Only the author edits or submits a report; the facilitator returns it or comments.
"""

import pytest
from django.urls import reverse

from roadmap.models import Evidence, ProgressUpdate
from roadmap.tests.conftest import pdf_file
from roadmap.tests.factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db

ROLES = ["fasilitator", "staf_a", "lead_a", "staf_b", "lead_b", "manajer", "luar", "admin"]
# Who sees partner A's draft (written by staf_a): partner A's people, the facilitator, an admin.
SEES_DRAFT = {"fasilitator": 200, "staf_a": 200, "lead_a": 200, "admin": 200}


def _status_by_role(login, cast, url, method="get", data=None):
    got = {}
    for role in ROLES:
        client = login(getattr(cast, role))
        got[role] = (client.post(url, data or {}) if method == "post" else client.get(url)).status_code
    return got


@pytest.fixture
def draft_evidence(draft_update):
    return Evidence.objects.create(update=draft_update, file=pdf_file("draf.pdf"), original_name="draf.pdf", size=40)


def test_draft_evidence_downloads_only_for_the_authors_organisation_and_the_facilitator(cast, draft_evidence, login):
    url = reverse("roadmap:evidence_download", args=[draft_evidence.pk])
    got = _status_by_role(login, cast, url)
    assert got == {role: SEES_DRAFT.get(role, 404) for role in ROLES}


def test_submitted_evidence_downloads_for_everyone_in_the_program(cast, evidence, login):
    url = reverse("roadmap:evidence_download", args=[evidence.pk])
    got = _status_by_role(login, cast, url)
    assert got == {role: 404 if role == "luar" else 200 for role in ROLES}


def test_evidence_of_a_returned_report_stays_visible_to_the_program(cast, submitted_update, login):
    ProgressUpdate.objects.filter(pk=submitted_update.pk).update(state=ProgressUpdate.State.RETURNED)
    evidence = Evidence.objects.create(update=submitted_update, file=pdf_file(), original_name="b.pdf", size=40)
    assert login(cast.staf_b).get(reverse("roadmap:evidence_download", args=[evidence.pk])).status_code == 200


def test_milestone_page_shows_the_draft_to_the_same_people(cast, roadmap, draft_evidence, login):
    url = reverse("roadmap:milestone_detail", args=[roadmap.first.pk])
    download = reverse("roadmap:evidence_download", args=[draft_evidence.pk])
    for role in ROLES:
        response = login(getattr(cast, role)).get(url)
        if role == "luar":
            assert response.status_code == 404
            continue
        shown = download in response.content.decode()
        assert shown == (role in SEES_DRAFT), role


def test_a_colleague_of_the_author_sees_the_draft_even_when_not_its_author(cast, roadmap, login):
    draft = ProgressUpdateFactory(milestone=roadmap.first, author=cast.lead_a, narrative="Draf milik lead A")
    Evidence.objects.create(update=draft, file=pdf_file(), original_name="x.pdf", size=40)
    assert "Draf milik lead A" in login(cast.staf_a).get(roadmap.first.get_absolute_url()).content.decode()
    assert "Draf milik lead A" not in login(cast.staf_b).get(roadmap.first.get_absolute_url()).content.decode()


def test_facilitators_own_draft_is_theirs_to_edit_and_hidden_from_partners(cast, roadmap, login):
    draft = ProgressUpdateFactory(milestone=roadmap.first, author=cast.fasilitator, progress=10)
    url = reverse("roadmap:update_edit", args=[draft.pk])
    assert login(cast.fasilitator).get(url).status_code == 200
    assert login(cast.staf_a).get(url).status_code == 404
    assert login(cast.manajer).get(url).status_code == 404


@pytest.mark.parametrize("role", ["fasilitator", "admin", "lead_a"])
def test_nobody_but_the_author_rewrites_a_draft(role, cast, draft_update, login):
    before = ProgressUpdate.objects.values("narrative", "progress", "state").get(pk=draft_update.pk)
    client = login(getattr(cast, role))
    edit = reverse("roadmap:update_edit", args=[draft_update.pk])
    rewrite = {"new_status": "in_progress", "progress": "90", "narrative": "Ditulis ulang oleh orang lain"}
    assert client.get(edit).status_code == 403
    assert client.post(edit, {**rewrite, "submit": "1"}).status_code == 403
    assert client.post(reverse("roadmap:update_submit", args=[draft_update.pk])).status_code == 403
    assert ProgressUpdate.objects.values("narrative", "progress", "state").get(pk=draft_update.pk) == before


def test_facilitator_cannot_rewrite_a_returned_report_either(cast, submitted_update, login):
    ProgressUpdate.objects.filter(pk=submitted_update.pk).update(state=ProgressUpdate.State.RETURNED)
    client = login(cast.fasilitator)
    data = {"new_status": "done", "progress": "100", "narrative": "Ditulis ulang"}
    assert client.post(reverse("roadmap:update_edit", args=[submitted_update.pk]), data).status_code == 403
    assert client.post(reverse("roadmap:update_submit", args=[submitted_update.pk])).status_code == 403
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.RETURNED and submitted_update.progress == 60


def test_the_author_still_edits_and_submits_their_draft(cast, draft_update, login):
    client = login(cast.staf_a)
    data = {"new_status": "in_progress", "progress": "45", "narrative": "Survei selesai di dua desa", "submit": "1"}
    response = client.post(reverse("roadmap:update_edit", args=[draft_update.pk]), data)
    assert response.status_code == 302
    draft_update.refresh_from_db()
    assert draft_update.state == ProgressUpdate.State.SUBMITTED and draft_update.author == cast.staf_a


def test_facilitator_returns_and_comments_instead(cast, roadmap, submitted_update, login):
    client = login(cast.fasilitator)
    review = reverse("roadmap:update_review", args=[submitted_update.pk])
    assert client.post(review, {"decision": "return", "note": "Tambahkan foto kegiatan"}).status_code == 302
    comment = reverse("roadmap:comment_create", args=[roadmap.first.pk])
    assert client.post(comment, {"body": "Terima kasih, tunggu revisinya"}).status_code == 302
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.RETURNED
    assert submitted_update.narrative != "Ditulis ulang"
