"""Issue 15, item 4: consent includes every partner, not only those with a lead account.

A partner answers through its lead; a partner with no lead through the staff member it designated
(Membership.is_representative, which the facilitator may tick on its behalf); the facilitator may
record an answer given in a meeting, with a link to that meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilitation.tests.factories import MeetingFactory
from governance.actions import do_propose_recommendation, do_record_meeting_answer, do_respond_to_recommendation
from governance.models import RecommendationResponse
from notifications.models import Notification
from partners.actions import do_mark_partner_left
from partners.models import Membership, User
from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramPartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = {"title": "Mundurkan jadwal", "rationale": "Banjir menunda survei.", "alternatives": "Tambah surveyor."}


@pytest.fixture
def leadless(cast):
    """Partner C has staff but no lead account; staf_c is not designated yet."""
    partner = ProgramPartnerFactory(
        program=cast.program, organisation=OrganisationFactory(name="Koperasi Tanpa Pimpinan")
    )
    staf_c = UserFactory(username="staf_c", role=User.Role.PARTNER_STAFF, organisation=partner.organisation)
    partner.membership = MembershipFactory(
        program=cast.program, user=staf_c, role=Membership.Role.PARTNER_STAFF, partner=partner
    )
    partner.staf_c = staf_c
    return partner


def designate(partner):
    Membership.objects.filter(pk=partner.membership.pk).update(is_representative=True)


def propose(cast, roadmap):
    new = roadmap.first.due_date + datetime.timedelta(days=45)
    return do_propose_recommendation(
        cast.fasilitator, cast.program, kind="due_dates", milestone_dates={roadmap.first: new}, **TEXT
    )


def both_leads_agree(cast, rec):
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    rec.refresh_from_db()


def test_leads_alone_no_longer_apply_the_change(cast, roadmap, leadless):
    rec = propose(cast, roadmap)
    both_leads_agree(cast, rec)
    assert rec.status == "proposed"
    roadmap.first.refresh_from_db()
    assert roadmap.first.due_date != rec.milestone_changes.get().new_due_date


def test_designated_staff_answers_for_a_partner_without_lead(cast, roadmap, leadless):
    designate(leadless)
    rec = propose(cast, roadmap)
    notified = set(Notification.objects.filter(kind="recommendation_proposed").values_list("user__username", flat=True))
    assert notified == {"lead_a", "lead_b", "staf_c"}
    both_leads_agree(cast, rec)
    response = do_respond_to_recommendation(leadless.staf_c, rec, verdict="agree")
    assert response.partner == leadless
    rec.refresh_from_db()
    assert rec.status == "applied"


def test_undesignated_staff_cannot_answer(cast, roadmap, leadless):
    rec = propose(cast, roadmap)
    with pytest.raises(ValidationError) as exc:
        do_respond_to_recommendation(leadless.staf_c, rec, verdict="agree")
    assert exc.value.code == "not_voice"
    assert not RecommendationResponse.objects.exists()


def test_designated_staff_of_a_partner_with_a_lead_cannot_answer(cast, roadmap):
    Membership.objects.filter(user=cast.staf_a).update(is_representative=True)
    rec = propose(cast, roadmap)
    with pytest.raises(ValidationError):
        do_respond_to_recommendation(cast.staf_a, rec, verdict="agree")


def test_one_answer_per_partner(cast, roadmap, leadless):
    designate(leadless)
    second = UserFactory(role=User.Role.PARTNER_STAFF, organisation=leadless.organisation)
    MembershipFactory(program=cast.program, user=second, role="partner_staff", partner=leadless, is_representative=True)
    rec = propose(cast, roadmap)
    do_respond_to_recommendation(leadless.staf_c, rec, verdict="agree")
    with pytest.raises(ValidationError) as exc:
        do_respond_to_recommendation(second, rec, verdict="object", comment="Tidak")
    assert exc.value.code == "answered"


def test_facilitator_records_an_answer_given_in_a_meeting(cast, roadmap, leadless):
    meeting = MeetingFactory(program=cast.program)
    rec = propose(cast, roadmap)
    both_leads_agree(cast, rec)
    response = do_record_meeting_answer(
        cast.fasilitator,
        rec,
        partner=leadless,
        verdict="agree",
        meeting_url=meeting.get_absolute_url(),
        meeting_label=meeting.title,
    )
    assert response.meeting_url == meeting.get_absolute_url()
    rec.refresh_from_db()
    assert rec.status == "applied"


def test_meeting_answer_refusals(cast, roadmap, leadless):
    meeting = MeetingFactory(program=cast.program)
    rec = propose(cast, roadmap)
    url = meeting.get_absolute_url()
    with pytest.raises(ValidationError) as exc:
        do_record_meeting_answer(
            cast.lead_a, rec, partner=leadless, verdict="agree", meeting_url=url, meeting_label="x"
        )
    assert exc.value.code == "not_facilitator"
    with pytest.raises(ValidationError) as exc:
        do_record_meeting_answer(
            cast.fasilitator, rec, partner=leadless, verdict="agree", meeting_url="", meeting_label=""
        )
    assert exc.value.code == "meeting"
    with pytest.raises(ValidationError) as exc:
        do_record_meeting_answer(
            cast.fasilitator, rec, partner=ProgramPartnerFactory(), verdict="agree", meeting_url=url, meeting_label="x"
        )
    assert exc.value.code == "partner_program"
    with pytest.raises(ValidationError) as exc:
        do_record_meeting_answer(
            cast.fasilitator, rec, partner=leadless, verdict="object", meeting_url=url, meeting_label="x"
        )
    assert exc.value.code == "comment_required"
    do_respond_to_recommendation(cast.lead_a, rec, verdict="agree")
    with pytest.raises(ValidationError) as exc:
        do_record_meeting_answer(
            cast.fasilitator, rec, partner=cast.partner_a, verdict="agree", meeting_url=url, meeting_label="x"
        )
    assert exc.value.code == "answered"
    assert RecommendationResponse.objects.count() == 1


def test_meeting_answer_page(cast, roadmap, leadless, login):
    meeting = MeetingFactory(program=cast.program)
    rec = propose(cast, roadmap)
    url = reverse("facilitation:meeting_record_answer", args=[meeting.pk])
    client = login(cast.fasilitator)
    assert client.get(url).status_code == 200
    data = {"recommendation": rec.pk, "partner": leadless.pk, "verdict": "object", "comment": ""}
    assert client.post(url, data).status_code == 400
    data["comment"] = "Jadwal panen bentrok."
    assert client.post(url, data).status_code == 302
    response = RecommendationResponse.objects.get()
    assert (response.partner, response.verdict, response.meeting_url) == (
        leadless,
        "object",
        meeting.get_absolute_url(),
    )
    detail = client.get(rec.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in detail


@pytest.mark.parametrize("who", ["lead_a", "staf_a", "manajer"])
def test_meeting_answer_page_is_the_facilitators(cast, roadmap, login, who):
    meeting = MeetingFactory(program=cast.program)
    rec = propose(cast, roadmap)
    url = reverse("facilitation:meeting_record_answer", args=[meeting.pk])
    data = {"recommendation": rec.pk, "partner": cast.partner_a.pk, "verdict": "agree"}
    assert login(getattr(cast, who)).post(url, data).status_code == 403
    assert not RecommendationResponse.objects.exists()


def test_meeting_answer_page_outsider_404(cast, login):
    meeting = MeetingFactory(program=cast.program)
    assert login(cast.luar).get(reverse("facilitation:meeting_record_answer", args=[meeting.pk])).status_code == 404


def test_detail_page_names_who_answers_for_each_waiting_partner(cast, roadmap, leadless, login):
    rec = propose(cast, roadmap)
    page = login(cast.fasilitator).get(rec.get_absolute_url()).content.decode()
    assert f'data-testid="waiting-{leadless.pk}"' in page
    assert "records its answer from a meeting" in page
    designate(leadless)
    page = login(leadless.staf_c).get(rec.get_absolute_url())
    assert page.context["response_form"] is not None


def test_a_partner_whose_lead_is_deactivated_answers_through_its_designated_staff(cast, roadmap):
    User.objects.filter(pk=cast.lead_a.pk).update(is_active=False)
    Membership.objects.filter(user=cast.staf_a).update(is_representative=True)
    rec = propose(cast, roadmap)
    assert do_respond_to_recommendation(cast.staf_a, rec, verdict="agree").partner == cast.partner_a
    do_respond_to_recommendation(cast.lead_b, rec, verdict="agree")
    rec.refresh_from_db()
    assert rec.status == "applied"


def test_a_partner_that_left_is_not_asked(cast, roadmap, leadless):
    do_mark_partner_left(cast.fasilitator, leadless, reason="Keluar dari program")
    rec = propose(cast, roadmap)
    both_leads_agree(cast, rec)
    assert rec.status == "applied"
