"""Facilitators as people and institutions (issue 15, item 7): the institution that holds a program's
facilitation, internal/external shown, and the hand-over record when the facilitator changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilitation.actions import do_hand_over
from facilitation.models import HandOver, MediationCase, ProgramFacilitation
from facilitation.tests.factories import ActionItemFactory, MediationCaseFactory, MeetingFactory
from notifications.models import Notification
from partners.models import Membership, User
from partners.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def undana(cast):
    """Universitas Nusa Cendana holds the facilitation; the cast's facilitator works for it."""
    org = OrganisationFactory(name="Universitas Nusa Cendana", sector="academia")
    User.objects.filter(pk=cast.fasilitator.pk).update(organisation=org)
    return org


@pytest.fixture
def newcomer(db):
    return UserFactory(username="fasilitator_baru", role=User.Role.FACILITATOR, facilitator_kind="internal")


def page_url(cast):
    return reverse("facilitation:program_facilitators", args=[cast.program.pk])


def test_the_facilitator_sets_the_institution(cast, login, undana):
    url = reverse("facilitation:institution_edit", args=[cast.program.pk])
    assert login(cast.fasilitator).post(url, {"institution": undana.pk}).status_code == 302
    assert ProgramFacilitation.objects.get(program=cast.program).institution == undana
    body = login(cast.staf_a).get(cast.program.get_absolute_url()).content.decode()
    assert "Universitas Nusa Cendana" in body
    assert f"{cast.fasilitator}</a> (External)" in body  # named under the institution, shown as external


def test_a_facilitator_without_institution_is_listed_with_their_kind(cast, login):
    body = login(cast.lead_b).get(page_url(cast)).content.decode()
    assert f"{cast.fasilitator}</a> (External)" in body


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_only_the_facilitator_sets_the_institution(cast, login, undana, who):
    url = reverse("facilitation:institution_edit", args=[cast.program.pk])
    assert login(getattr(cast, who)).post(url, {"institution": undana.pk}).status_code == 403
    assert not ProgramFacilitation.objects.exists()


def test_hand_over_keeps_a_snapshot_and_notifies_the_newcomer(cast, login, newcomer):
    meeting = MeetingFactory(program=cast.program)
    ActionItemFactory(meeting=meeting, description="Kirim data kelompok")
    ActionItemFactory(meeting=meeting, description="Sudah selesai", done=True)
    MediationCaseFactory(program=cast.program, title="Sengketa gudang", parties=[cast.partner_a, cast.partner_b])
    url = reverse("facilitation:hand_over", args=[cast.program.pk])
    data = {"from_user": cast.fasilitator.pk, "to_user": newcomer.pk, "notes": "Kepala desa Oinlasi sangat mendukung."}
    response = login(cast.fasilitator).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("home")  # they left the program
    hand_over = HandOver.objects.get()
    assert (hand_over.from_user, hand_over.to_user, hand_over.recorded_by) == (
        cast.fasilitator,
        newcomer,
        cast.fasilitator,
    )
    assert (hand_over.open_action_items, hand_over.open_mediation_cases, hand_over.pending_reviews) == (1, 1, 0)
    assert "Kirim data kelompok" in hand_over.open_items and "Sengketa gudang" in hand_over.open_items
    assert "Sudah selesai" not in hand_over.open_items
    roles = dict(Membership.objects.filter(program=cast.program).values_list("user__username", "role"))
    assert roles.get("fasilitator_baru") == "facilitator" and "fasilitator" not in roles
    note = Notification.objects.get(user=newcomer, kind="facilitation_handed_over")
    assert "Kepala desa Oinlasi" in note.message
    # The record shows on the program page and on the facilitation page.
    assert 'data-testid="last-hand-over"' in login(cast.staf_a).get(cast.program.get_absolute_url()).content.decode()
    assert "Kepala desa Oinlasi sangat mendukung." in login(newcomer).get(page_url(cast)).content.decode()


def test_the_action_refuses_a_newcomer_who_is_not_a_facilitator(cast):
    with pytest.raises(ValidationError):
        do_hand_over(cast.admin, cast.program, from_user=cast.fasilitator, to_user=cast.staf_b, notes="x")
    with pytest.raises(ValidationError):
        do_hand_over(cast.admin, cast.program, from_user=cast.fasilitator, to_user=cast.manajer, notes="x")
    assert not HandOver.objects.exists()


def test_the_action_refuses_someone_who_is_not_the_programs_facilitator(cast, newcomer):
    with pytest.raises(ValidationError):
        do_hand_over(cast.admin, cast.program, from_user=cast.luar, to_user=newcomer, notes="x")
    assert not HandOver.objects.exists()
    assert Membership.objects.filter(program=cast.program, user=cast.fasilitator).exists()


def test_the_form_refuses_a_missing_note(cast, login, newcomer):
    url = reverse("facilitation:hand_over", args=[cast.program.pk])
    data = {"from_user": cast.fasilitator.pk, "to_user": newcomer.pk, "notes": ""}
    assert login(cast.admin).post(url, data).status_code == 400
    assert not HandOver.objects.exists()


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_only_the_facilitator_hands_over(cast, login, newcomer, who):
    url = reverse("facilitation:hand_over", args=[cast.program.pk])
    data = {"from_user": cast.fasilitator.pk, "to_user": newcomer.pk, "notes": "x"}
    assert login(getattr(cast, who)).post(url, data).status_code == 403
    assert not HandOver.objects.exists()


def test_outsider_gets_404(cast, login):
    client = login(cast.luar)
    for name in ("program_facilitators", "institution_edit", "hand_over"):
        assert client.get(reverse(f"facilitation:{name}", args=[cast.program.pk])).status_code == 404


def test_facilitation_page_query_count_is_constant(cast, login, newcomer, undana, django_assert_num_queries):
    client = login(cast.staf_a)
    do_hand_over(cast.admin, cast.program, from_user=None, to_user=newcomer, notes="Satu")
    # overhead 6 (+1 for a partner person); program, membership, institution, facilitators, hand-overs
    with django_assert_num_queries(12):
        client.get(page_url(cast))
    for n in range(4):
        other = UserFactory(role=User.Role.FACILITATOR)
        do_hand_over(cast.admin, cast.program, from_user=None, to_user=other, notes=f"Catatan {n}")
    with django_assert_num_queries(12):
        response = client.get(page_url(cast))
    assert len(response.context["hand_overs"]) == 5
    assert MediationCase.objects.count() == 0
