"""The permission matrix: for every endpoint and every role of the cast, the API shows exactly what the
page shows (same ids, or the same refusal), and writes are refused where the page refuses them."""

import pytest
from django.urls import reverse

from api.tests.conftest import ROLES
from assessments.tests.factories import RoundFactory, submitted_health_check
from roadmap.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def page(login, user, name, *args):
    return login(user).get(reverse(name, args=args))


def api_get(api, user, name, *args, **params):
    return api(user).get(reverse(f"api:{name}", args=args), params)


@pytest.mark.parametrize("role", ROLES)
def test_programs_as_on_the_programs_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    shown = {p.pk for p in page(login, user, "partners:program_list").context["programs"]}
    assert ids(api_get(api, user, "program_list")) == shown
    assert (cast.program.pk in shown) == (role != "luar")


@pytest.mark.parametrize("role", ROLES)
def test_program_scoped_lists_as_on_the_program_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    response = page(login, user, "partners:program_detail", cast.program.pk)
    client = api(user)
    urls = [
        reverse(f"api:{name}", args=[cast.program.pk])
        for name in ("program_detail", "partner_list", "contribution_list", "outcome_list", "output_list")
    ]
    if role == "luar":
        assert response.status_code == 404
        for url in urls:
            refused = client.get(url)
            assert refused.status_code == 404, url
            assert refused.json()["error"]["code"] == "not_found"
        return
    assert response.status_code == 200
    assert client.get(urls[0]).json()["id"] == cast.program.pk
    assert ids(client.get(urls[1])) == {p.pk for p in response.context["partners"]}
    assert ids(client.get(urls[2])) == {c.pk for c in response.context["contributions"]}
    assert ids(client.get(urls[3])) == {roadmap.outcome.pk}
    assert ids(client.get(urls[4])) == {roadmap.output.pk}


@pytest.mark.parametrize("role", ROLES)
def test_milestones_as_on_the_milestone_pages(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    client = api(user)
    milestones = [*roadmap.milestones, roadmap.other]
    opened = {m.pk for m in milestones if page(login, user, "roadmap:milestone_detail", m.pk).status_code == 200}
    for milestone in milestones:
        expected = 200 if milestone.pk in opened else 404
        assert client.get(reverse("api:milestone_detail", args=[milestone.pk])).status_code == expected
    listed = client.get(reverse("api:milestone_list", args=[cast.program.pk]))
    if role == "luar":
        assert listed.status_code == 404
        assert opened == set()
    else:
        assert ids(listed) == opened == {m.pk for m in milestones}


@pytest.mark.parametrize("role", ROLES)
def test_progress_reports_as_on_the_milestone_pages(cast, roadmap, api, login, role):
    """Drafts included: each role sees in the API exactly the reports the milestone pages list."""
    user = getattr(cast, role)
    client = api(user)
    on_pages = set()
    for milestone in [*roadmap.milestones, roadmap.other]:
        response = page(login, user, "roadmap:milestone_detail", milestone.pk)
        if response.status_code == 200:
            on_pages |= {u.pk for u in response.context["updates"]}
    listed = client.get(reverse("api:progress_update_list", args=[cast.program.pk]))
    if role == "luar":
        assert listed.status_code == 404
        assert on_pages == set()
    else:
        assert ids(listed) == on_pages
    for update in [*roadmap.submitted, roadmap.draft_a, roadmap.draft_b]:
        expected = 200 if update.pk in on_pages else 404
        assert client.get(reverse("api:progress_update_detail", args=[update.pk])).status_code == expected


def test_drafts_are_seen_by_their_partner_and_the_facilitator_only(cast, roadmap, api):
    """The matrix above compares with the pages; this pins what the pages show, so it cannot pass emptily."""
    url = reverse("api:progress_update_list", args=[cast.program.pk])
    drafts = {roadmap.draft_a.pk, roadmap.draft_b.pk}
    seen = {role: ids(api(getattr(cast, role)).get(url)) & drafts for role in ROLES if role != "luar"}
    assert seen == {
        "fasilitator": drafts,
        "admin": drafts,
        "staf_a": {roadmap.draft_a.pk},
        "lead_a": {roadmap.draft_a.pk},
        "staf_b": {roadmap.draft_b.pk},
        "lead_b": {roadmap.draft_b.pk},
        "manajer": set(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_organisations_as_on_the_directory_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    response = page(login, user, "partners:organisation_list")
    shown = {o.pk for o in response.context["page"].paginator.object_list}
    assert ids(api_get(api, user, "organisation_list", page_size=200)) == shown
    for organisation in (cast.org_a, cast.org_b):
        page_status = page(login, user, "partners:organisation_detail", organisation.pk).status_code
        assert api_get(api, user, "organisation_detail", organisation.pk).status_code == page_status


@pytest.mark.parametrize("role", ROLES)
def test_health_summary_as_on_the_health_page(cast, api, login, role):
    round_ = RoundFactory(program=cast.program)
    submitted_health_check(round_, cast.lead_a, 4, partner=cast.partner_a, comments="Rapat selalu tepat waktu")
    submitted_health_check(round_, cast.lead_b, 2, partner=cast.partner_b)
    submitted_health_check(round_, cast.staf_a, 3, partner=cast.partner_a)
    user = getattr(cast, role)
    response = page(login, user, "assessments:health_results", cast.program.pk)
    summary = api_get(api, user, "health_summary", cast.program.pk)
    assert summary.status_code == response.status_code
    if response.status_code != 200:
        return
    body = summary.json()
    assert [r["id"] for r in body["rounds"]] == [r.pk for r in response.context["comparison"]["rounds"]]
    cell = body["dimensions"][0]["cells"][0]
    page_cell = response.context["comparison"]["rows"][0]["cells"][0]
    assert cell["average"] == float(page_cell["avg"]) == 3.0
    assert cell == {
        "round": round_.pk,
        "average": 3.0,
        "responses": 3,
        "too_few": False,
        "rag": "amber",
        "change": None,
    }
    # Averages only: no respondent, no comment, no single answer.
    text = summary.content.decode()
    for leak in ("lead_a", "lead_b", "tepat waktu", "respondent", "comments"):
        assert leak not in text


def test_health_summary_hides_averages_below_the_anonymity_threshold(cast, api, settings):
    assert settings.HEALTH_CHECK_MIN_RESPONDENTS == 3
    round_ = RoundFactory(program=cast.program)
    submitted_health_check(round_, cast.lead_a, 4, partner=cast.partner_a)
    submitted_health_check(round_, cast.lead_b, 2, partner=cast.partner_b)
    for role in ("fasilitator", "admin", "manajer", "lead_a"):
        cells = [
            c
            for row in api_get(api, getattr(cast, role), "health_summary", cast.program.pk).json()["dimensions"]
            for c in row["cells"]
        ]
        assert cells
        assert all(c["average"] is None and c["too_few"] and c["rag"] is None for c in cells)


@pytest.mark.parametrize("role", ROLES)
def test_portfolio_as_on_the_portfolio_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    response = page(login, user, "reports:portfolio")
    summary = api_get(api, user, "portfolio")
    rows = api_get(api, user, "portfolio_programs")
    assert summary.status_code == rows.status_code == response.status_code
    if response.status_code == 403:
        assert summary.json()["error"]["code"] == "permission_denied"
        return
    assert ids(rows) == {p.pk for p in response.context["page"].paginator.object_list}
    assert summary.json()["program_count"] == response.context["portfolio"].program_count


def test_partner_people_have_no_portfolio_and_internal_people_do(cast, api):
    statuses = {role: api_get(api, getattr(cast, role), "portfolio").status_code for role in ROLES}
    assert statuses == {
        "fasilitator": 200,
        "staf_a": 403,
        "lead_a": 403,
        "staf_b": 403,
        "lead_b": 403,
        "manajer": 200,
        "luar": 200,
        "admin": 200,
    }


# --- Writes ------------------------------------------------------------------------------------------

REPORT = {"new_status": "in_progress", "progress": 40, "narrative": "Pelatihan tahap dua selesai."}


@pytest.mark.parametrize("role", ROLES)
def test_writing_a_progress_report_follows_the_report_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    milestone = roadmap.milestones[0]
    page_status = page(login, user, "roadmap:update_create", milestone.pk).status_code
    before = ProgressUpdate.objects.count()
    response = api(user).post(reverse("api:progress_update_create", args=[milestone.pk]), REPORT, format="json")
    expected = {200: 201, 403: 403, 404: 404}[page_status]
    assert response.status_code == expected, response.content
    assert ProgressUpdate.objects.count() == before + (1 if expected == 201 else 0)


def test_who_may_write_a_progress_report(cast, roadmap, api):
    """Pins the matrix above: the owner partner's people and the facilitator write; the manager and the
    other partner get 403; the outsider 404."""
    url = reverse("api:progress_update_create", args=[roadmap.milestones[0].pk])
    statuses = {role: api(getattr(cast, role)).post(url, REPORT, format="json").status_code for role in ROLES}
    assert statuses == {
        "fasilitator": 201,
        "staf_a": 201,
        "lead_a": 201,
        "staf_b": 403,
        "lead_b": 403,
        "manajer": 403,
        "luar": 404,
        "admin": 201,
    }


@pytest.mark.parametrize("role", ROLES)
def test_submitting_a_draft_follows_the_edit_page(cast, roadmap, api, login, role):
    user = getattr(cast, role)
    draft = roadmap.draft_a
    page_status = page(login, user, "roadmap:update_edit", draft.pk).status_code
    response = api(user).post(reverse("api:progress_update_submit", args=[draft.pk]))
    draft.refresh_from_db()
    if page_status == 200:
        assert response.status_code == 200, response.content
        assert draft.state == ProgressUpdate.State.SUBMITTED
    else:
        assert response.status_code == page_status
        assert draft.state == ProgressUpdate.State.DRAFT


def test_a_report_posted_through_the_api_waits_in_the_facilitators_review_queue(cast, roadmap, api, login):
    milestone = roadmap.milestones[0]
    response = api(cast.staf_a).post(
        reverse("api:progress_update_create", args=[milestone.pk]), {**REPORT, "submit": True}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "submitted"
    assert body["author"] == "staf_a"
    queue = login(cast.fasilitator).get(reverse("roadmap:review_queue"))
    assert body["id"] in {u.pk for u in queue.context["updates"]}
    assert milestone.title in queue.content.decode()
    # The milestone itself changes only when the facilitator approves (the same review flow).
    milestone.refresh_from_db()
    assert milestone.progress != 40


def test_a_draft_then_submit_reaches_the_queue(cast, roadmap, api, login):
    client = api(cast.lead_a)
    created = client.post(reverse("api:progress_update_create", args=[roadmap.milestones[1].pk]), REPORT, format="json")
    assert created.json()["state"] == "draft"
    queue = login(cast.fasilitator).get(reverse("roadmap:review_queue"))
    assert created.json()["id"] not in {u.pk for u in queue.context["updates"]}
    submitted = client.post(reverse("api:progress_update_submit", args=[created.json()["id"]]))
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "submitted"
    queue = login(cast.fasilitator).get(reverse("roadmap:review_queue"))
    assert created.json()["id"] in {u.pk for u in queue.context["updates"]}
    again = client.post(reverse("api:progress_update_submit", args=[created.json()["id"]]))
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["non_field_errors"]
