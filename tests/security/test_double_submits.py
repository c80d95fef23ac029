"""A double click, a resent POST or a second tab never saves a create form twice.

Each create page issues a one-time token; the action claims it in its own transaction
(core.actions.submit_once). The replay lands where the first submit landed, with a message.
The same with two real threads on PostgreSQL: tests/security/test_races.py.
"""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.forms import issue_form_token
from core.models import FormSubmission
from facilitation.models import Meeting
from governance.models import InstitutionalChange, Recognition, Recommendation
from partners import actions as partner_actions
from partners.forms import PartnerAddForm
from partners.models import Contribution, Membership, ProgramPartner
from partners.tests.factories import OrganisationFactory, UserFactory
from reports.models import ExportJob
from results.models import Result
from roadmap.models import Comment, Milestone, Outcome, Output, ProgressUpdate
from tests.submits import ALREADY_SAVED, page_token, told

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Assertions read the English source strings (pages and actions alike)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


TODAY = datetime.date(2026, 11, 2)


def _today(w):
    return timezone.localdate().isoformat()


# name, kwargs(world), who, query, data(world), model counted, page the replay lands on (world)
CREATE_FORMS = [
    (
        "partners:contribution_add",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {
            "partner": w.partner_a.pk,
            "kind": "cash",
            "description": "Dana",
            "value_idr": "5000000",
            "date": _today(w),
        },
        Contribution,
        lambda w: w.program.get_absolute_url(),
    ),
    (
        "roadmap:update_create",
        lambda w: {"pk": w.milestone.pk},
        "staf_a",
        "",
        lambda w: {"new_status": "in_progress", "progress": "50", "narrative": "Pelatihan selesai", "submit": "1"},
        ProgressUpdate,
        lambda w: w.milestone.get_absolute_url(),
    ),
    (
        "partners:partner_add",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {"organisation": OrganisationFactory(name="Universitas Nusa Cendana").pk, "role": "technical"},
        ProgramPartner,
        lambda w: w.program.get_absolute_url(),
    ),
    (
        "partners:member_add",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {"user": UserFactory(username="manajer_dua", role="manager").pk, "role": "manager"},
        Membership,
        lambda w: w.program.get_absolute_url(),
    ),
    (
        "roadmap:outcome_create",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {"statement": "Petani menjual hasil panen bersama"},
        Outcome,
        lambda w: reverse("roadmap:tree", args=[w.program.pk]),
    ),
    (
        "roadmap:output_create",
        lambda w: {"pk": w.outcome.pk},
        "fasilitator",
        "",
        lambda w: {"statement": "Koperasi terbentuk"},
        Output,
        lambda w: reverse("roadmap:tree", args=[w.program.pk]),
    ),
    (
        "roadmap:milestone_create",
        lambda w: {"pk": w.output.pk},
        "fasilitator",
        "",
        lambda w: {
            "title": "Rapat anggota",
            "output": w.output.pk,
            "owner": w.partner_a.pk,
            "start_date": _today(w),
            "due_date": _today(w),
            "status": "planned",
            "progress": "0",
        },
        Milestone,
        None,  # the new milestone's own page
    ),
    (
        "roadmap:comment_create",
        lambda w: {"pk": w.milestone.pk},
        "staf_a",
        "",
        lambda w: {"body": "Sudah dikirim"},
        Comment,
        lambda w: w.milestone.get_absolute_url(),
    ),
    (
        "facilitation:meeting_create",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {
            "title": "Rapat koordinasi",
            "kind": "coordination",
            "status": "planned",
            "date": _today(w),
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
        Meeting,
        None,
    ),
    (
        "governance:recognition_create",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {
            "partner": w.partner_a.pk,
            "title": "Penghargaan",
            "description": "Dampak",
            "date": _today(w),
            "awarded_by": "Bupati",
            "given_by": "local_government",
        },
        Recognition,
        lambda w: reverse("governance:recognitions", args=[w.program.pk]),
    ),
    (
        "governance:recognition_propose",
        lambda w: {"pk": w.program.pk},
        "lead_a",
        "",
        lambda w: {
            "partner": w.partner_a.pk,
            "title": "Penghargaan dari desa",
            "description": "Dampak",
            "date": _today(w),
            "awarded_by": "Kepala Desa Oelnasi",
            "given_by": "village",
        },
        Recognition,
        lambda w: reverse("governance:recognitions", args=[w.program.pk]),
    ),
    (
        "governance:strengthening_create",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "",
        lambda w: {
            "partner": w.partner_a.pk,
            "kind": "policy",
            "title": "Perbup pendataan terpadu",
            "description": "Data keluarga miskin dipakai bersama.",
            "adopted_on": _today(w),
        },
        InstitutionalChange,
        lambda w: reverse("governance:strengthening", args=[w.program.pk]),
    ),
    (
        "governance:recommendation_create",
        lambda w: {"pk": w.program.pk},
        "fasilitator",
        "?kind=phase",
        lambda w: {
            "title": "Masuk tahap berikut",
            "rationale": "Siap",
            "alternatives": "Tunggu",
            "new_phase": "reviewing",
        },
        Recommendation,
        None,
    ),
    (
        "results:result_create",
        lambda w: {"pk": w.indicator.pk, "period_pk": w.reporting_period.pk},
        "staf_a",
        "",
        lambda w: {"value": "12", "narrative": "Dua belas rumah tangga", "submit": "1"},
        Result,
        None,  # the new result's own page
    ),
]


# Forms shown on another page than the one they post to.
PAGES = {"roadmap:comment_create": "roadmap:milestone_detail"}


def _params():
    for entry in CREATE_FORMS:
        yield pytest.param(*entry, id=entry[0] + entry[3])


@pytest.mark.parametrize("name,kwargs,who,query,data,model,landing", list(_params()))
def test_a_replayed_create_form_saves_once_and_lands_on_the_first_result(
    world, client, name, kwargs, who, query, data, model, landing
):
    client.raise_request_exception = True
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs=kwargs(world)) + query
    page = client.get(reverse(PAGES[name], kwargs=kwargs(world)) if name in PAGES else url)
    payload = {**data(world), "form_token": page_token(page)}
    before = model.objects.count()

    first = client.post(url, payload)
    assert first.status_code == 302, getattr(first, "context", {}) and first.context.get("form").errors
    assert model.objects.count() == before + 1
    second = client.post(url, payload)  # the double click

    assert model.objects.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == (landing(world) if landing else first["Location"])
    assert ALREADY_SAVED in told(second)


def test_every_create_form_in_the_list_is_a_real_create_route():
    """Guard the list itself: a name that is not a route would make the replay test pass emptily."""
    names = {entry[0] for entry in CREATE_FORMS}
    assert len(names) >= 10


def test_a_new_page_issues_a_new_token_so_a_second_contribution_is_saved(world, login):
    client = login(world.fasilitator)
    url = reverse("partners:contribution_add", args=[world.program.pk])
    data = {"partner": world.partner_a.pk, "kind": "in_kind", "description": "Ruang rapat", "date": _today(world)}
    first_token, second_token = page_token(client.get(url)), page_token(client.get(url))
    assert first_token != second_token
    client.post(url, {**data, "form_token": first_token})
    client.post(url, {**data, "form_token": second_token})
    assert Contribution.objects.count() == 2


def test_a_refused_submit_does_not_use_up_its_token(world, login):
    """The claim is rolled back with the action's refusal: fixing the form and saving again works."""
    client = login(world.fasilitator)
    url = reverse("roadmap:milestone_create", args=[world.output.pk])
    token = page_token(client.get(url))
    other_program_output = Output.objects.create(
        outcome=Outcome.objects.create(program=world.partner_outsider.memberships.get().program, statement="Lain"),
        statement="Keluaran lain",
    )
    data = {
        "title": "Rapat anggota",
        "owner": world.partner_a.pk,
        "start_date": _today(world),
        "due_date": _today(world),
        "status": "planned",
        "progress": "0",
        "form_token": token,
    }
    refused = client.post(url, {**data, "output": other_program_output.pk})
    assert refused.status_code == 200
    assert not FormSubmission.objects.exists()
    saved = client.post(url, {**data, "output": world.output.pk})
    assert saved.status_code == 302
    assert Milestone.objects.filter(title="Rapat anggota").count() == 1


def test_a_forged_token_is_a_form_error_and_the_page_offers_a_fresh_one(world, login):
    client = login(world.fasilitator)
    url = reverse("partners:contribution_add", args=[world.program.pk])
    data = {"partner": world.partner_a.pk, "kind": "in_kind", "description": "Ruang", "date": _today(world)}
    response = client.post(url, {**data, "form_token": "made-up"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This form could not be checked. Please save again."]
    assert not Contribution.objects.exists()
    fresh = page_token(response)
    assert fresh != "made-up"
    assert client.post(url, {**data, "form_token": fresh}).status_code == 302
    assert Contribution.objects.count() == 1


def test_a_token_older_than_two_days_is_refused_with_a_clear_message(world, login):
    import time_machine

    client = login(world.fasilitator)
    url = reverse("partners:contribution_add", args=[world.program.pk])
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        token = issue_form_token()
    data = {"partner": world.partner_a.pk, "kind": "in_kind", "description": "Ruang", "date": _today(world)}
    response = client.post(url, {**data, "form_token": token})
    assert response.status_code == 200
    assert "open for more than two days" in response.context["form"].non_field_errors()[0]
    assert not Contribution.objects.exists()


def test_someone_elses_token_is_not_a_way_to_learn_where_they_landed(world, client):
    url = reverse("partners:contribution_add", args=[world.program.pk])
    client.force_login(world.fasilitator)
    token = page_token(client.get(url))
    data = {
        "partner": world.partner_a.pk,
        "kind": "in_kind",
        "description": "Ruang",
        "date": _today(world),
        "form_token": token,
    }
    client.post(url, data)
    client.force_login(world.lead_a)
    response = client.post(url, {**data, "partner": world.partner_a.pk})
    assert Contribution.objects.count() == 1
    assert response.status_code == 302
    assert response["Location"] == world.program.get_absolute_url()  # the view's own page, nothing of theirs


def test_a_replayed_export_request_starts_one_export(world, login):
    client = login(world.manajer)
    page = client.get(reverse("reports:program", args=[world.program.pk]))
    data = {"kind": "milestones_csv", "form_token": page_token(page)}
    url = reverse("reports:program_export_job", args=[world.program.pk])
    with mock.patch("reports.tasks.run_export.delay"):
        first = client.post(url, data)
        second = client.post(url, data)
    assert ExportJob.objects.count() == 1
    assert second["Location"] == first["Location"] == ExportJob.objects.get().get_absolute_url()
    assert ALREADY_SAVED in told(second)


def test_a_bulk_add_of_milestones_replayed_adds_them_once(world, login):
    client = login(world.fasilitator)
    url = reverse("roadmap:milestone_bulk", args=[world.output.pk])
    token = page_token(client.get(url))
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-title": "Survei lahan",
        "form-0-owner": world.partner_a.pk,
        "form-0-start_date": _today(world),
        "form-0-due_date": _today(world),
        "form_token": token,
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Milestone.objects.filter(title="Survei lahan").count() == 1


# Adding the same partner or person twice (two tabs): a form error, never a 500 ----------------


def test_the_partner_add_action_turns_the_unique_constraint_into_a_clear_refusal(world):
    """What the second of two racing tabs meets: the INSERT hits one_partnership_per_org."""
    with pytest.raises(ValidationError) as refused:
        partner_actions.do_add_partner(world.fasilitator, world.program, world.org_a, role="technical")
    assert refused.value.messages == ["Yayasan Mitra A is already a partner in this program."]
    assert ProgramPartner.objects.filter(program=world.program).count() == 2


def test_the_partner_add_page_shows_the_constraint_as_a_form_error(world, login):
    """Even when the form's own check is passed (the other tab saved in between), no 500."""
    client = login(world.fasilitator)
    client.raise_request_exception = True
    url = reverse("partners:partner_add", args=[world.program.pk])
    with mock.patch.object(PartnerAddForm, "clean_organisation", lambda form: form.cleaned_data["organisation"]):
        response = client.post(url, {"organisation": world.org_a.pk, "role": "technical"})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == ["Yayasan Mitra A is already a partner in this program."]


def test_a_second_tab_adding_a_partner_already_added_gets_a_form_error(world, login):
    client = login(world.fasilitator)
    url = reverse("partners:partner_add", args=[world.program.pk])
    org = OrganisationFactory(name="Universitas Nusa Cendana")
    first_tab, second_tab = page_token(client.get(url)), page_token(client.get(url))
    assert client.post(url, {"organisation": org.pk, "role": "technical", "form_token": first_tab}).status_code == 302
    response = client.post(url, {"organisation": org.pk, "role": "technical", "form_token": second_tab})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Universitas Nusa Cendana is already a partner in this program."
    ]
    assert ProgramPartner.objects.filter(organisation=org).count() == 1


def test_adding_a_person_already_in_the_program_is_a_clear_form_error(world, login):
    response = login(world.fasilitator).post(
        reverse("partners:member_add", args=[world.program.pk]),
        {"user": world.staf_a.pk, "role": "partner_staff", "partner": world.partner_a.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["user"] == ["This person is already in the program."]
