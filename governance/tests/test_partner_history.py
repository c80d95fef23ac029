"""Removing a partner through an applied recommendation marks it as left and keeps its history
(issue 12, item 7): recognitions, capacity plans and trainings, agreement goals, mediation cases."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from assessments.models import CapacityPlan, Training
from assessments.tests.factories import CapacityPlanFactory, TrainingFactory
from facilitation.models import MediationCase
from facilitation.tests.factories import MediationCaseFactory, MeetingFactory
from governance.actions import do_apply_recommendation, do_propose_recommendation, do_respond_to_recommendation
from governance.models import PartnerGoal, Recognition, Recommendation, RecommendationResponse
from governance.tests.factories import AgreementFactory, RecognitionFactory
from partners.models import Activity, Contribution, ProgramPartner
from partners.tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

TEXT = {"title": "Mitra B keluar", "rationale": "Mandat lembaga berakhir.", "alternatives": "Menunda setahun."}


@pytest.fixture
def history(cast):
    partner = cast.partner_b
    plan = CapacityPlanFactory(program=cast.program, partner=partner)
    meeting = MeetingFactory(program=cast.program)
    meeting.attending_partners.set([cast.partner_a, partner])
    return {
        "recognition": RecognitionFactory(program=cast.program, partner=partner),
        "plan": plan,
        "training": TrainingFactory(plan=plan),
        "goal": PartnerGoal.objects.create(
            agreement=AgreementFactory(program=cast.program), partner=partner, goals="Akses pasar."
        ),
        "case": MediationCaseFactory(program=cast.program, parties=[cast.partner_a, partner]),
        "contribution": ContributionFactory(partner=partner),
        "meeting": meeting,
    }


def test_removing_a_partner_by_recommendation_keeps_its_history(cast, history):
    rec = do_propose_recommendation(
        cast.fasilitator, cast.program, kind="partner", partner_action="remove", partner=cast.partner_b, **TEXT
    )
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat koordinasi 12 Mei.")

    partner = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    assert partner.has_left and TEXT["title"] in partner.left_reason
    assert Recognition.objects.filter(pk=history["recognition"].pk, partner=partner).exists()
    assert CapacityPlan.objects.filter(pk=history["plan"].pk, partner=partner).exists()
    assert Training.objects.filter(pk=history["training"].pk).exists()
    assert PartnerGoal.objects.filter(pk=history["goal"].pk, partner=partner).exists()
    assert set(MediationCase.objects.get(pk=history["case"].pk).parties.all()) == {cast.partner_a, partner}
    assert set(history["meeting"].attending_partners.all()) == {cast.partner_a, partner}
    assert Contribution.objects.filter(pk=history["contribution"].pk).exists()
    assert RecommendationResponse.objects.filter(recommendation=rec, user=cast.lead_b, partner=partner).exists()
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.APPLIED
    assert Activity.objects.filter(kind="partner_left", label="PT Mitra B").exists()


def test_a_left_partner_is_neither_removed_again_nor_asked_to_agree(cast, history):
    rec = do_propose_recommendation(
        cast.fasilitator, cast.program, kind="partner", partner_action="remove", partner=cast.partner_b, **TEXT
    )
    do_apply_recommendation(cast.fasilitator, rec, decision_note="Rapat.")
    left = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    with pytest.raises(ValidationError, match="has left the program"):
        do_propose_recommendation(
            cast.fasilitator, cast.program, kind="partner", partner_action="remove", partner=left, **TEXT
        )
    # Only lead_a is still a lead of the program: their agreement is everyone's.
    phase = do_propose_recommendation(cast.fasilitator, cast.program, kind="phase", new_phase="reviewing", **TEXT)
    do_respond_to_recommendation(cast.lead_a, phase, verdict="agree")
    assert Recommendation.objects.get(pk=phase.pk).status in (
        Recommendation.Status.AGREED,
        Recommendation.Status.APPLIED,
    )


def test_a_partner_with_history_cannot_be_deleted_at_all(cast, history):
    with pytest.raises(ProtectedError):
        ProgramPartner.objects.get(pk=cast.partner_b.pk).delete()
    assert Recognition.objects.filter(pk=history["recognition"].pk).exists()


def test_a_partner_that_left_does_not_block_the_phase_gate(cast):
    from governance.selectors import gate_missing

    cast.program.phase = "scoping"
    ProgramPartner.objects.filter(pk=cast.partner_b.pk).update(endorsement_status="requested")
    assert any("PT Mitra B" in line for line in gate_missing(cast.program))
    ProgramPartner.objects.filter(pk=cast.partner_b.pk).update(left_on=cast.program.start_date, left_reason="x")
    assert not any("PT Mitra B" in line for line in gate_missing(cast.program))
    # The same rule everywhere (dashboard card, portfolio): a partner that left is not "missing".
    left = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    assert not left.is_missing_endorsement
    assert left not in ProgramPartner.objects.missing_endorsement()
