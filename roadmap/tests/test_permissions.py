"""The permission matrix, for every road-map URL.

facilitator: everything but editing another person's progress report; owner partner's staff
(partner A): view + report progress on their milestones; other partner staff (B): view, 403 on
changing A's milestone, 404 on A's drafts; manager: view only (every change 403, drafts 404);
outsider: 404 everywhere.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["fasilitator", "staf_a", "lead_a", "staf_b", "manajer", "luar"]


def _target(name, roadmap, cast, draft_update, submitted_update, evidence):
    return {
        "tree": [cast.program.pk],
        "timeline": [cast.program.pk],
        "change_log": [cast.program.pk],
        "outcome_create": [cast.program.pk],
        "outcome_detail": [roadmap.outcome.pk],
        "outcome_edit": [roadmap.outcome.pk],
        "outcome_delete": [roadmap.outcome.pk],
        "output_delete": [roadmap.output.pk],
        "milestone_delete": [roadmap.first.pk],
        "output_create": [roadmap.outcome.pk],
        "output_detail": [roadmap.output.pk],
        "output_edit": [roadmap.output.pk],
        "milestone_create": [roadmap.output.pk],
        "milestone_bulk": [roadmap.output.pk],
        "milestone_detail": [roadmap.first.pk],
        "milestone_edit": [roadmap.first.pk],
        "comment_create": [roadmap.first.pk],
        "update_create": [roadmap.first.pk],
        "update_edit": [draft_update.pk],
        "update_submit": [draft_update.pk],
        "update_review": [submitted_update.pk],
        "evidence_download": [evidence.pk],
        "my_milestones": [],
        "review_queue": [],
    }[name]


# expected GET status per role:  fasilitator, staf_a, lead_a, staf_b, manajer, luar
READ = (200, 200, 200, 200, 200, 404)
MANAGE = (200, 403, 403, 403, 403, 404)
GET_MATRIX = {
    "tree": READ,
    "timeline": READ,
    "change_log": READ,
    "outcome_detail": READ,
    "output_detail": READ,
    "milestone_detail": READ,
    "evidence_download": READ,
    "outcome_create": MANAGE,
    "outcome_edit": MANAGE,
    "output_create": MANAGE,
    "output_edit": MANAGE,
    "milestone_create": MANAGE,
    "milestone_bulk": MANAGE,
    "update_review": MANAGE,
    "outcome_delete": MANAGE,
    "output_delete": MANAGE,
    "milestone_delete": MANAGE,
    # the owner's lead revises their own milestone; staff report on it but do not revise
    "milestone_edit": (200, 403, 200, 403, 403, 404),
    "update_create": (200, 200, 200, 403, 403, 404),
    # only the author edits a draft (the facilitator returns or comments instead); people who may
    # not see the draft at all get 404
    "update_edit": (403, 200, 403, 404, 404, 404),
    # pages across programs: each person sees their own share; the outsider is a facilitator elsewhere
    "my_milestones": (200, 200, 200, 200, 200, 200),
    "review_queue": (200, 403, 403, 403, 403, 200),
}

# expected POST status per role (an empty POST: 200 = form shown again, 302 = done)
POST_MATRIX = {
    "outcome_create": (200, 403, 403, 403, 403, 404),
    "outcome_edit": (200, 403, 403, 403, 403, 404),
    "output_create": (200, 403, 403, 403, 403, 404),
    "output_edit": (200, 403, 403, 403, 403, 404),
    "milestone_create": (200, 403, 403, 403, 403, 404),
    "milestone_bulk": (200, 403, 403, 403, 403, 404),
    "milestone_edit": (200, 403, 200, 403, 403, 404),
    "update_create": (200, 200, 200, 403, 403, 404),
    "update_edit": (403, 200, 403, 404, 404, 404),
    "update_review": (200, 403, 403, 403, 403, 404),
    "outcome_delete": (200, 403, 403, 403, 403, 404),
    "output_delete": (200, 403, 403, 403, 403, 404),
    "milestone_delete": (200, 403, 403, 403, 403, 404),
    "comment_create": (302, 302, 302, 302, 403, 404),
    "update_submit": (403, 302, 403, 404, 404, 404),
}


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_get_matrix(name, cast, roadmap, draft_update, submitted_update, evidence, login):
    url = reverse(f"roadmap:{name}", args=_target(name, roadmap, cast, draft_update, submitted_update, evidence))
    got = tuple(login(getattr(cast, role)).get(url).status_code for role in ROLES)
    assert got == GET_MATRIX[name], dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(name, cast, roadmap, draft_update, submitted_update, evidence, login):
    url = reverse(f"roadmap:{name}", args=_target(name, roadmap, cast, draft_update, submitted_update, evidence))
    got = []
    for role in ROLES:
        # resubmittable state for each role, so every role meets the same draft
        draft_update.__class__.objects.filter(pk=draft_update.pk).update(state="draft")
        got.append(login(getattr(cast, role)).post(url, {}).status_code)
    assert tuple(got) == POST_MATRIX[name], dict(zip(ROLES, got, strict=True))


def test_comment_and_submit_views_refuse_get(cast, roadmap, draft_update, login):
    client = login(cast.staf_a)
    assert client.get(reverse("roadmap:comment_create", args=[roadmap.first.pk])).status_code == 405
    assert client.get(reverse("roadmap:update_submit", args=[draft_update.pk])).status_code == 405


def test_anonymous_is_sent_to_login(cast, roadmap, client):
    response = client.get(reverse("roadmap:tree", args=[cast.program.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_sees_and_manages_everything(cast, roadmap, submitted_update, login):
    client = login(cast.admin)
    assert client.get(reverse("roadmap:milestone_edit", args=[roadmap.first.pk])).status_code == 200
    assert client.get(reverse("roadmap:update_review", args=[submitted_update.pk])).status_code == 200
