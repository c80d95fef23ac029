"""Governance notifications name the program, are marked read when the work is done, and are dropped
at delivery once done (issue 16, item 13)."""

import pytest

from governance.actions import (
    do_decide_recognition,
    do_propose_recognition,
    do_propose_recommendation,
    do_respond_to_recommendation,
    do_save_agreement,
    do_sign_agreement,
    do_withdraw_recommendation,
)
from governance.tests.factories import SECTION_TEXT
from governance.tests.test_recognition import fields as recognition_fields
from notifications.models import Notification
from notifications.registry import done_ids

pytestmark = pytest.mark.django_db

TEXT = {"title": "Ke tahap peninjauan", "rationale": "r", "alternatives": "a"}


def note(user, kind):
    return Notification.objects.get(user=user, kind=kind)


def unread(kind):
    return set(Notification.objects.filter(kind=kind, read_at=None).values_list("user__username", flat=True))


def test_a_proposed_change_is_done_per_partner_when_it_answers_and_for_all_when_withdrawn(cast):
    rec = do_propose_recommendation(cast.fasilitator, cast.program, kind="phase", new_phase="reviewing", **TEXT)
    assert cast.program.name in note(cast.lead_a, "recommendation_proposed").label
    do_respond_to_recommendation(cast.lead_a, rec, verdict="object", comment="Belum siap.")
    assert unread("recommendation_proposed") == {"lead_b"}  # partner B still has to answer
    objected = note(cast.fasilitator, "recommendation_objected")
    assert cast.program.name in objected.label and objected.read_at is None
    assert done_ids("recommendation_answer", {rec.pk}) == set()
    do_withdraw_recommendation(cast.fasilitator, rec)
    assert unread("recommendation_proposed") == set() and unread("recommendation_objected") == set()
    assert done_ids("recommendation_answer", {rec.pk}) == {rec.pk}
    assert done_ids("recommendation_decision", {rec.pk}) == {rec.pk}
    assert done_ids("recommendation", {rec.pk}) == {rec.pk}  # the weekly "still unanswered" reminder


def test_signing_the_new_version_marks_that_partners_notification_done(cast, scoping):
    goals = {cast.partner_a.pk: "Tujuan A", cast.partner_b.pk: "Tujuan B"}
    agreement = do_save_agreement(cast.fasilitator, cast.program, sections=SECTION_TEXT, partner_goals=goals)
    do_sign_agreement(cast.lead_a, cast.program)
    do_save_agreement(
        cast.fasilitator,
        cast.program,
        sections={**SECTION_TEXT, "communication": "Rapat mingguan."},
        partner_goals=goals,
    )
    asked = note(cast.lead_a, "agreement_sign_again")
    assert cast.program.name in asked.label and "2" in asked.label
    do_sign_agreement(cast.lead_a, cast.program)
    assert unread("agreement_sign_again") == {"lead_b"}
    assert done_ids("agreement_sign", {agreement.pk}) == set()
    do_sign_agreement(cast.lead_b, cast.program)
    assert unread("agreement_sign_again") == set()
    assert done_ids("agreement_sign", {agreement.pk}) == {agreement.pk}


def test_a_decided_recognition_is_done_for_the_facilitator(cast):
    proposed = do_propose_recognition(cast.lead_a, cast.program, **recognition_fields(cast.partner_a))
    asked = note(cast.fasilitator, "recognition_proposed")
    assert cast.program.name in asked.label and asked.read_at is None
    assert done_ids("recognition_decision", {proposed.pk}) == set()
    do_decide_recognition(cast.fasilitator, proposed, confirm=True)
    asked.refresh_from_db()
    assert asked.read_at is not None
    assert done_ids("recognition_decision", {proposed.pk}) == {proposed.pk}
    assert cast.program.name in note(cast.lead_a, "recognition_confirmed").label
