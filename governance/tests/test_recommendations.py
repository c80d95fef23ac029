import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.actions import (
    do_apply_recommendation,
    do_propose_recommendation,
    do_respond_to_recommendation,
    do_withdraw_recommendation,
)
from governance.models import Recommendation, RecommendationResponse
from governance.tests.factories import MilestoneFactory, RecommendationFactory
from notifications.models import Notification
from partners.models import Activity, Program, ProgramPartner
from partners.tests.factories import OrganisationFactory, ProgramPartnerFactory
from roadmap.models import Milestone, Revision

pytestmark = pytest.mark.django_db

TEXT = {"title": "Mundurkan jadwal", "rationale": "Banjir menunda survei.", "alternatives": "Tambah surveyor."}


def propose_dates(cast, roadmap, **extra):
    new = roadmap.first.due_date + datetime.timedelta(days=45)
    return do_propose_recommendation(
        cast.fasilitator, cast.program, kind="due_dates", milestone_dates={roadmap.first: new}, **TEXT, **extra
    )


# Proposing --------------------------------------------------------------------------------


def test_proposal_notifies_every_lead_and_logs_activity(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    assert rec.status == "proposed"
    assert rec.milestone_changes.get().old_due_date == roadmap.first.due_date
    notified = set(Notification.objects.filter(kind="recommendation_proposed").values_list("user__username", flat=True))
    assert notified == {"lead_a", "lead_b"}
    assert Activity.objects.filter(kind="recommendation_proposed", program=cast.program).exists()


def test_proposal_on_closed_program_is_refused(cast, roadmap):
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    cast.program.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        propose_dates(cast, roadmap)
    assert not Recommendation.objects.exists()


def test_due_date_before_start_is_refused(cast, roadmap):
    early = roadmap.first.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="before its start date"):
        do_propose_recommendation(
            cast.fasilitator, cast.program, kind="due_dates", milestone_dates={roadmap.first: early}, **TEXT
        )
    assert not Recommendation.objects.exists()


def test_milestone_of_another_program_is_refused(cast, roadmap):
    other_partner = ProgramPartnerFactory()
    foreign = MilestoneFactory(output__outcome__program=other_partner.program, owner=other_partner)
    with pytest.raises(ValidationError, match="this program"):
        do_propose_recommendation(
            cast.fasilitator,
            cast.program,
            kind="due_dates",
            milestone_dates={foreign: foreign.due_date + datetime.timedelta(days=3)},
            **TEXT,
        )


@pytest.mark.parametrize("field", ["target_value", "target_text"])
def test_an_items_own_target_is_retired(cast, roadmap, field):
    """Issue 13, item 8: an outcome's target is its indicators' target, changed in the results."""
    with pytest.raises(ValidationError, match="indicator") as exc:
        do_propose_recommendation(
            cast.fasilitator,
            cast.program,
            kind="target",
            outcome=roadmap.outcome,
            target_field=field,
            new_value="30",
            **TEXT,
        )
    assert exc.value.code == "target_retired"
    assert not Recommendation.objects.exists()


def test_an_old_open_target_recommendation_is_not_applied(cast, roadmap):
    rec = do_propose_recommendation(
        cast.fasilitator,
        cast.program,
        kind="target",
        outcome=roadmap.outcome,
        target_field="statement",
        new_value="Baru",
        **TEXT,
    )
    Recommendation.objects.filter(pk=rec.pk).update(target_field="target_value", new_value="30")
    rec.refresh_from_db()
    with pytest.raises(ValidationError):
        do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat 1.")
    assert Recommendation.objects.get(pk=rec.pk).status != Recommendation.Status.APPLIED


def test_adding_an_existing_partner_is_refused(cast):
    with pytest.raises(ValidationError, match="already a partner"):
        do_propose_recommendation(
            cast.fasilitator,
            cast.program,
            kind="partner",
            partner_action="add",
            organisation=cast.org_a,
            partner_role="funding",
            **TEXT,
        )


# Answering and applying -------------------------------------------------------------------


def test_all_leads_agree_applies_due_dates_through_roadmap_revisions(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    new = rec.milestone_changes.get().new_due_date
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    rec.refresh_from_db()
    assert rec.status == "proposed"
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree", comment="Setuju.")
    rec.refresh_from_db()
    assert rec.status == "applied" and rec.applied_at is not None
    assert Milestone.objects.get(pk=roadmap.first.pk).due_date == new
    revision = rec.revisions.get()
    assert (revision.item_id, revision.field, revision.new_value) == (roadmap.first.pk, "due_date", new.isoformat())
    assert "Mundurkan jadwal" in revision.reason
    assert Notification.objects.filter(kind="recommendation_applied", user=cast.fasilitator).exists()


def test_objection_marks_objected_and_notifies_facilitator(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment="Terlalu lama.")
    rec.refresh_from_db()
    assert rec.status == "objected"
    note = Notification.objects.get(kind="recommendation_objected")
    assert note.user == cast.fasilitator and note.message == "Terlalu lama."
    # The other lead's agreement no longer applies the change.
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    rec.refresh_from_db()
    assert rec.status == "objected"
    assert Milestone.objects.get(pk=roadmap.first.pk).due_date == roadmap.first.due_date


def test_objecting_twice_is_refused(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment="Tidak.")
    with pytest.raises(ValidationError, match="already answered"):
        do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment="Tetap tidak.")
    assert RecommendationResponse.objects.count() == 1


def test_objection_needs_a_comment(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    with pytest.raises(ValidationError, match="why you object"):
        do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment=" ")


def test_staff_cannot_answer(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    with pytest.raises(ValidationError, match="designated") as exc:
        do_respond_to_recommendation(cast.staf_a, rec, verdict="agree")
    assert exc.value.code == "not_voice"


def test_meeting_decision_applies_despite_objection(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment="Tidak.")
    with pytest.raises(ValidationError, match="meeting"):
        do_apply_recommendation(cast.fasilitator, rec)
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat koordinasi 3 Mei memutuskan mundur.")
    rec.refresh_from_db()
    assert rec.status == "applied" and rec.decided_by == cast.fasilitator
    assert rec.revisions.count() == 1


def test_withdrawn_recommendation_takes_no_answers_and_cannot_be_applied(cast, roadmap):
    rec = propose_dates(cast, roadmap)
    do_withdraw_recommendation(cast.fasilitator, rec)
    with pytest.raises(ValidationError):
        do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    with pytest.raises(ValidationError):
        do_apply_recommendation(cast.fasilitator, rec, decision_note="x")
    with pytest.raises(ValidationError):
        do_withdraw_recommendation(cast.fasilitator, rec)


def test_statement_change_revises_the_outcome(cast, roadmap):
    old = roadmap.outcome.statement
    rec = do_propose_recommendation(
        cast.fasilitator,
        cast.program,
        kind="target",
        outcome=roadmap.outcome,
        target_field="statement",
        new_value="Pendapatan perempuan kepala keluarga meningkat",
        **TEXT,
    )
    assert rec.old_value == old
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat 1.")
    roadmap.outcome.refresh_from_db()
    assert roadmap.outcome.statement == "Pendapatan perempuan kepala keluarga meningkat"
    assert rec.revisions.get().field == "statement"


def test_program_goal_change(cast):
    rec = do_propose_recommendation(
        cast.fasilitator, cast.program, kind="target", target_field="goal", new_value="Tujuan baru.", **TEXT
    )
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat 2.")
    assert Program.objects.get(pk=cast.program.pk).goal == "Tujuan baru."


def test_add_partner_and_remove_partner(cast):
    org = OrganisationFactory(name="Koperasi Baru")
    rec = do_propose_recommendation(
        cast.fasilitator,
        cast.program,
        kind="partner",
        partner_action="add",
        organisation=org,
        partner_role="implementing",
        **TEXT,
    )
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat 3.")
    added = ProgramPartner.objects.get(program=cast.program, organisation=org)
    assert added.endorsement_status == "requested"
    remove = do_propose_recommendation(
        cast.fasilitator, cast.program, kind="partner", partner_action="remove", partner=added, **TEXT
    )
    do_apply_recommendation(cast.fasilitator, remove, decision_note="Rapat 4.")
    added.refresh_from_db()
    assert added.left_on == timezone.localdate()
    assert "Rapat" not in added.left_reason and remove.title in added.left_reason
    assert Activity.objects.filter(kind="partner_left", label="Koperasi Baru").exists()


def test_removing_a_partner_that_owns_milestones_is_refused_and_rolled_back(cast, roadmap):
    rec = do_propose_recommendation(
        cast.fasilitator, cast.program, kind="partner", partner_action="remove", partner=cast.partner_a, **TEXT
    )
    with pytest.raises(ValidationError, match="open milestone"):
        do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat 5.")
    rec.refresh_from_db()
    assert rec.status == "proposed" and rec.decision_note == ""
    assert ProgramPartner.objects.get(pk=cast.partner_a.pk).left_on is None


def test_phase_recommendation_whose_gate_fails_stays_agreed_with_the_reason(cast, scoping):
    rec = do_propose_recommendation(cast.fasilitator, scoping, kind="phase", new_phase="managing", **TEXT)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    rec.refresh_from_db()
    assert rec.status == "agreed"
    assert "No partnering agreement is recorded." in rec.apply_error
    assert Program.objects.get(pk=scoping.pk).phase == "scoping"


def test_phase_recommendation_applies_through_do_change_phase(cast, scoping, full_agreement):
    rec = do_propose_recommendation(cast.fasilitator, scoping, kind="phase", new_phase="managing", **TEXT)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    rec.refresh_from_db()
    assert rec.status == "applied"
    assert scoping.phase_changes.get().to_phase == "managing"


# Pages ------------------------------------------------------------------------------------


def detail(rec):
    return reverse("governance:recommendation_detail", args=[rec.pk])


def test_create_page_due_dates_success(cast, roadmap, login):
    client = login(cast.fasilitator)
    url = reverse("governance:recommendation_create", args=[cast.program.pk])
    assert client.get(url).status_code == 200  # kind chooser
    response = client.get(url + "?kind=due_dates")
    assert roadmap.first.title in response.content.decode()
    new = (roadmap.second.due_date + datetime.timedelta(days=10)).isoformat()
    response = client.post(url + "?kind=due_dates", {**TEXT, f"due_{roadmap.second.pk}": new})
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == detail(rec)
    assert [c.milestone for c in rec.milestone_changes.all()] == [roadmap.second]


@pytest.mark.parametrize("kind", ["target", "partner", "phase"])
def test_create_page_renders_each_kind(cast, roadmap, login, kind):
    url = reverse("governance:recommendation_create", args=[cast.program.pk])
    assert login(cast.fasilitator).get(f"{url}?kind={kind}").status_code == 200


def test_create_page_without_any_milestone_chosen_is_a_form_error(cast, roadmap, login):
    url = reverse("governance:recommendation_create", args=[cast.program.pk]) + "?kind=due_dates"
    response = login(cast.fasilitator).post(url, TEXT)
    assert response.status_code == 200
    assert "Choose at least one milestone" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_create_page_target_program_statement_mismatch_is_a_form_error(cast, login):
    url = reverse("governance:recommendation_create", args=[cast.program.pk]) + "?kind=target"
    response = login(cast.fasilitator).post(
        url, {**TEXT, "item": "program", "target_field": "statement", "new_value": "5"}
    )
    assert response.status_code == 200 and response.context["form"].errors["target_field"]


def test_create_page_on_closed_program_refuses_with_message(cast, login):
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    url = reverse("governance:recommendation_create", args=[cast.program.pk]) + "?kind=phase"
    response = login(cast.fasilitator).post(url, {**TEXT, "new_phase": "reviewing"}, follow=True)
    assert "closed" in response.content.decode()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
def test_create_page_403_for_non_facilitators(cast, login, who):
    url = reverse("governance:recommendation_create", args=[cast.program.pk]) + "?kind=phase"
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {**TEXT, "new_phase": "reviewing"}).status_code == 403


def test_create_page_404_for_outsider(cast, login):
    url = reverse("governance:recommendation_create", args=[cast.program.pk])
    assert login(cast.luar).get(url).status_code == 404


def test_lead_answers_through_the_page(cast, roadmap, login):
    rec = propose_dates(cast, roadmap)
    client = login(cast.lead_a)
    response = client.get(detail(rec))
    assert response.context["response_form"] is not None
    url = reverse("governance:recommendation_respond", args=[rec.pk])
    response = client.post(url, {"verdict": "object", "comment": "Belum siap."})
    assert response.status_code == 302
    assert RecommendationResponse.objects.get().verdict == "object"
    # Answering again: refused with a message, nothing stored.
    response = client.post(url, {"verdict": "agree"}, follow=True)
    assert "already answered" in response.content.decode()
    assert RecommendationResponse.objects.count() == 1
    assert client.get(detail(rec)).context["response_form"] is None


def test_objection_without_comment_through_page_stores_nothing(cast, roadmap, login):
    rec = propose_dates(cast, roadmap)
    url = reverse("governance:recommendation_respond", args=[rec.pk])
    response = login(cast.lead_a).post(url, {"verdict": "object"}, follow=True)
    assert "why you object" in response.content.decode()
    assert not RecommendationResponse.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "manajer", "fasilitator"])
def test_respond_403_for_non_leads(cast, roadmap, login, who):
    rec = propose_dates(cast, roadmap)
    url = reverse("governance:recommendation_respond", args=[rec.pk])
    assert login(getattr(cast, who)).post(url, {"verdict": "agree"}).status_code == 403


def test_apply_and_withdraw_pages(cast, roadmap, login):
    rec = propose_dates(cast, roadmap)
    client = login(cast.fasilitator)
    apply_url = reverse("governance:recommendation_apply", args=[rec.pk])
    response = client.post(apply_url, {"decision_note": "", "confirm": "on"}, follow=True)
    assert "Record the decision taken in a meeting" in response.content.decode()
    client.post(apply_url, {"decision_note": "Rapat 7 Mei."})  # not confirmed (issue 16, item 1)
    rec.refresh_from_db()
    assert rec.status == "proposed"
    client.post(apply_url, {"decision_note": "Rapat 7 Mei.", "confirm": "on"})
    rec.refresh_from_db()
    assert rec.status == "applied"
    other = propose_dates(cast, roadmap)
    withdraw_url = reverse("governance:recommendation_withdraw", args=[other.pk])
    response = client.post(withdraw_url, follow=True)
    assert "Tick the box" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "proposed"
    client.post(withdraw_url, {"confirm": "on"})
    other.refresh_from_db()
    assert other.status == "withdrawn"


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
@pytest.mark.parametrize("name", ["recommendation_apply", "recommendation_withdraw"])
def test_apply_withdraw_403_for_non_facilitators(cast, roadmap, login, who, name):
    rec = propose_dates(cast, roadmap)
    response = login(getattr(cast, who)).post(reverse(f"governance:{name}", args=[rec.pk]), {"decision_note": "x"})
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.status == "proposed"


@pytest.mark.parametrize(
    "name", ["recommendation_detail", "recommendation_respond", "recommendation_apply", "recommendation_withdraw"]
)
def test_recommendation_urls_404_for_outsider(cast, roadmap, login, name):
    rec = propose_dates(cast, roadmap)
    client = login(cast.luar)
    response = client.get(reverse(f"governance:{name}", args=[rec.pk])) if name.endswith("detail") else None
    if response is None:
        response = client.post(reverse(f"governance:{name}", args=[rec.pk]), {"verdict": "agree"})
    assert response.status_code == 404


def test_post_only_urls_refuse_get(cast, roadmap, login):
    rec = propose_dates(cast, roadmap)
    assert login(cast.lead_a).get(reverse("governance:recommendation_respond", args=[rec.pk])).status_code == 405


@pytest.mark.parametrize("who", ["fasilitator", "staf_a", "lead_b", "manajer", "admin"])
def test_list_and_detail_readable_by_members(cast, roadmap, login, who):
    rec = propose_dates(cast, roadmap)
    client = login(getattr(cast, who))
    response = client.get(reverse("governance:recommendations", args=[cast.program.pk]))
    assert response.status_code == 200 and rec.title in response.content.decode()
    assert client.get(detail(rec)).status_code == 200


def test_list_filters_by_status(cast, login):
    RecommendationFactory(program=cast.program, title="Satu", status="applied")
    RecommendationFactory(program=cast.program, title="Dua", status="withdrawn")
    url = reverse("governance:recommendations", args=[cast.program.pk])
    response = login(cast.manajer).get(url + "?status=applied")
    assert [r.title for r in response.context["recommendations"]] == ["Satu"]


def test_list_404_for_outsider(cast, login):
    assert login(cast.luar).get(reverse("governance:recommendations", args=[cast.program.pk])).status_code == 404


def _many(cast, n):
    for _ in range(n):
        rec = RecommendationFactory(program=cast.program, proposed_by=cast.fasilitator)
        RecommendationResponse.objects.create(
            recommendation=rec, user=cast.lead_a, partner=cast.partner_a, verdict="agree"
        )


def test_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    url = reverse("governance:recommendations", args=[cast.program.pk])
    _many(cast, 2)
    with django_assert_num_queries(9):
        client.get(url)
    _many(cast, 6)
    with django_assert_num_queries(9):
        client.get(url)


def test_detail_query_count_is_constant(cast, roadmap, login, django_assert_num_queries):
    client = login(cast.lead_b)
    rec = propose_dates(cast, roadmap)
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    with django_assert_num_queries(15):  # who answers for each partner: partners + voices (issue 15, item 4)
        client.get(detail(rec))
    for milestone in (roadmap.second, roadmap.other):
        rec.milestone_changes.create(
            milestone=milestone, old_due_date=milestone.due_date, new_due_date=milestone.due_date
        )
    rec.revisions.add(
        *Revision.objects.bulk_create(
            [
                Revision(
                    program=cast.program, item_type="milestone", item_id=1, item_label="x", field="due_date", reason="r"
                )
            ]
            * 1
        )
    )
    with django_assert_num_queries(15):  # who answers for each partner: partners + voices (issue 15, item 4)
        client.get(detail(rec))


def test_concurrent_roadmap_edit_is_refused_cleanly(cast, roadmap, monkeypatch):
    from roadmap import actions as roadmap_actions

    rec = propose_dates(cast, roadmap)

    def stale(actor, item, changes, reason):
        raise roadmap_actions.StaleEditError(item, [], item.version + 1)

    monkeypatch.setattr(roadmap_actions, "do_revise_item", stale)
    with pytest.raises(ValidationError, match="same moment"):
        do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat.")
    rec.refresh_from_db()
    assert rec.status == "proposed" and rec.decision_note == ""
