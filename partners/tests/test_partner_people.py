"""Issue 15, item 9: a partner lead adds and removes the people of their own organisation; the
facilitator is notified."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from partners import actions
from partners.models import Membership, User
from partners.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def add_url(cast):
    return reverse("partners:member_add", args=[cast.program.pk])


def remove_url(membership):
    return reverse("partners:member_remove", args=[membership.pk])


def member(cast, user):
    return Membership.objects.get(program=cast.program, user=user)


@pytest.fixture
def newcomer(cast):
    return UserFactory(username="baru_a", role=User.Role.PARTNER_STAFF, organisation=cast.org_a)


def test_lead_adds_a_person_of_their_organisation_and_the_facilitator_is_told(cast, login, newcomer):
    client = login(cast.lead_a)
    page = client.get(add_url(cast))
    assert page.status_code == 200
    search = reverse("partners:member_search", args=[cast.program.pk])
    assert "baru_a" in client.get(search, {"q": "baru"}).content.decode()  # the picker's search
    response = client.post(add_url(cast), {"user": newcomer.pk, "is_representative": "on"})
    assert response.status_code == 302
    added = member(cast, newcomer)
    assert (added.role, added.partner, added.is_representative) == ("partner_staff", cast.partner_a, True)
    notes = Notification.objects.filter(kind="partner_people_changed")
    assert list(notes.values_list("user__username", flat=True)) == ["fasilitator"]


def test_lead_cannot_pick_a_person_of_another_organisation(cast, login):
    other = UserFactory(username="baru_b", role=User.Role.PARTNER_STAFF, organisation=cast.org_b)
    client = login(cast.lead_a)
    search = reverse("partners:member_search", args=[cast.program.pk])
    assert "baru_b" not in client.get(search, {"q": "baru"}).content.decode()
    response = client.post(add_url(cast), {"user": other.pk})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=other).exists()
    assert not Notification.objects.exists()


def test_action_refuses_other_organisation_inactive_and_duplicates(cast, newcomer):
    other = UserFactory(username="baru_b", role=User.Role.PARTNER_STAFF, organisation=cast.org_b)
    with pytest.raises(ValidationError):
        actions.do_add_partner_staff(cast.lead_a, cast.program, cast.partner_a, other)
    with pytest.raises(ValidationError):
        actions.do_add_partner_staff(cast.lead_a, cast.program, cast.partner_a, cast.staf_a)
    newcomer.is_active = False
    newcomer.save()
    with pytest.raises(ValidationError):
        actions.do_add_partner_staff(cast.lead_a, cast.program, cast.partner_a, newcomer)
    assert not Membership.all_objects.filter(user__in=[other, newcomer]).exists()


def test_a_partner_that_left_gets_nobody_new(cast, newcomer):
    cast.partner_a.left_on = cast.program.start_date
    cast.partner_a.save()
    with pytest.raises(ValidationError):
        actions.do_add_partner_staff(cast.fasilitator, cast.program, cast.partner_a, newcomer)


@pytest.mark.parametrize("reader", ["staf_a", "manajer"])
def test_staff_and_managers_may_not_add(cast, login, newcomer, reader):
    client = login(getattr(cast, reader))
    assert client.get(add_url(cast)).status_code == 403
    assert client.post(add_url(cast), {"user": newcomer.pk}).status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_lead_removes_their_own_staff(cast, login):
    client = login(cast.lead_a)
    target = member(cast, cast.staf_a)
    assert client.get(remove_url(target)).status_code == 200
    assert client.post(remove_url(target)).status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert Notification.objects.filter(kind="partner_people_changed", user=cast.fasilitator).count() == 1
    # The removed person no longer sees the program.
    assert login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk])).status_code == 404


@pytest.mark.parametrize("target_name", ["staf_b", "lead_b", "fasilitator", "manajer"])
def test_lead_cannot_remove_other_partners_people_or_program_staff(cast, login, target_name):
    target = member(cast, getattr(cast, target_name))
    assert login(cast.lead_a).post(remove_url(target)).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("reader", ["staf_a", "manajer"])
def test_read_only_roles_cannot_remove(cast, login, reader):
    target = member(cast, cast.staf_b)
    assert login(getattr(cast, reader)).post(remove_url(target)).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_outsider_gets_404(cast, login):
    target = member(cast, cast.staf_a)
    assert login(cast.luar).post(remove_url(target)).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_facilitator_removes_anyone_but_not_themselves(cast, login):
    client = login(cast.fasilitator)
    lead = member(cast, cast.lead_b)
    assert client.post(remove_url(lead)).status_code == 302
    assert not Membership.objects.filter(pk=lead.pk).exists()
    me = member(cast, cast.fasilitator)
    response = client.post(remove_url(me))
    assert response.status_code == 200
    assert Membership.objects.filter(pk=me.pk).exists()
    # The facilitator's own change notifies nobody.
    assert not Notification.objects.exists()


def test_program_page_offers_the_lead_their_own_people_only(cast, login):
    page = login(cast.lead_a).get(reverse("partners:program_detail", args=[cast.program.pk])).content.decode()
    assert 'data-testid="lead-add-person"' in page
    assert remove_url(member(cast, cast.staf_a)) in page
    assert remove_url(member(cast, cast.staf_b)) not in page
    staff_page = login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk])).content.decode()
    assert 'data-testid="lead-add-person"' not in staff_page
    assert "/remove/" not in staff_page
