"""Issue 15, item 1: leadership endorsement (restu pimpinan) lasts beyond scoping.

A partner added later cannot own milestones until endorsed or overridden with a reason; a change
of lead asks for a renewed endorsement, which the dashboard chases until it is given."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.tests.factories import OutcomeFactory, OutputFactory
from notifications.models import Notification
from partners.actions import do_add_member, do_override_endorsement, do_update_endorsement
from partners.models import Activity, Membership, ProgramPartner
from partners.tests.factories import OrganisationFactory, ProgramPartnerFactory, UserFactory
from roadmap.actions import do_create_milestone, do_revise_item
from roadmap.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(cast):
    """A partner that joined the managing program later and is not endorsed yet."""
    return ProgramPartnerFactory(
        program=cast.program, organisation=OrganisationFactory(name="Koperasi Baru"), endorsement_status="requested"
    )


@pytest.fixture
def output(cast):
    return OutputFactory(outcome=OutcomeFactory(program=cast.program))


def _milestone(cast, output, owner):
    today = timezone.localdate()
    return do_create_milestone(
        cast.fasilitator,
        cast.program,
        output=output,
        title="Pelatihan kader",
        owner=owner,
        start_date=today,
        due_date=today + datetime.timedelta(days=30),
    )


def test_unendorsed_partner_cannot_own_a_milestone(cast, newcomer, output):
    with pytest.raises(ValidationError) as exc:
        _milestone(cast, output, newcomer)
    assert exc.value.code == "owner_not_endorsed"
    assert not Milestone.objects.exists()


def test_nor_take_one_over(cast, newcomer, output):
    milestone = _milestone(cast, output, cast.partner_a)
    with pytest.raises(ValidationError):
        do_revise_item(cast.fasilitator, milestone, {"owner": newcomer}, "Pindah pemilik")
    milestone.refresh_from_db()
    assert milestone.owner == cast.partner_a


def test_in_scoping_the_phase_gate_covers_it(cast, newcomer, output):
    cast.program.phase = "scoping"
    cast.program.save()
    assert _milestone(cast, output, newcomer).owner == newcomer


def test_override_with_a_reason_lets_it_work(cast, newcomer, output):
    do_override_endorsement(cast.fasilitator, newcomer, reason="  Survei tidak dapat ditunda. ")
    newcomer.refresh_from_db()
    assert newcomer.endorsement_override_reason == "Survei tidak dapat ditunda."
    assert newcomer.endorsement_override_by == cast.fasilitator
    assert _milestone(cast, output, newcomer).owner == newcomer
    assert Activity.objects.filter(kind="endorsement_overridden").count() == 1


def test_override_refusals(cast, newcomer):
    with pytest.raises(ValidationError) as exc:
        do_override_endorsement(cast.fasilitator, newcomer, reason="   ")
    assert exc.value.code == "reason"
    with pytest.raises(ValidationError) as exc:
        do_override_endorsement(cast.fasilitator, cast.partner_a, reason="Tidak perlu")
    assert exc.value.code == "endorsed"
    newcomer.refresh_from_db()
    assert newcomer.endorsement_override_reason == ""


def test_override_page(cast, newcomer, login):
    url = reverse("partners:endorsement_override", args=[newcomer.pk])
    client = login(cast.fasilitator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    response = client.post(url, {"reason": "Mendesak"})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.may_own_work


@pytest.mark.parametrize("who", ["lead_a", "staf_a", "manajer"])
def test_override_page_is_the_facilitators(cast, newcomer, login, who):
    url = reverse("partners:endorsement_override", args=[newcomer.pk])
    assert login(getattr(cast, who)).post(url, {"reason": "x"}).status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.endorsement_override_reason == ""


def test_override_page_outsider_404(cast, newcomer, login):
    url = reverse("partners:endorsement_override", args=[newcomer.pk])
    assert login(cast.luar).get(url).status_code == 404


def test_a_new_lead_asks_for_re_endorsement(cast):
    new_lead = UserFactory(username="lead_a2", role="partner_lead", organisation=cast.org_a)
    do_add_member(cast.fasilitator, cast.program, new_lead, Membership.Role.PARTNER_LEAD, cast.partner_a)
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.reendorsement_requested_on == timezone.localdate()
    assert list(Notification.objects.filter(kind="reendorsement_needed").values_list("user", flat=True)) == [
        cast.fasilitator.pk
    ]
    assert Activity.objects.filter(kind="reendorsement_requested").exists()


def test_the_first_lead_or_staff_is_no_change_of_lead(cast):
    partner = ProgramPartnerFactory(program=cast.program)
    first = UserFactory(role="partner_lead", organisation=partner.organisation)
    do_add_member(cast.fasilitator, cast.program, first, Membership.Role.PARTNER_LEAD, partner)
    staff = UserFactory(role="partner_staff", organisation=cast.org_a)
    do_add_member(cast.fasilitator, cast.program, staff, Membership.Role.PARTNER_STAFF, cast.partner_a)
    assert not ProgramPartner.objects.filter(reendorsement_requested_on__isnull=False).exists()


def test_only_an_endorsement_dated_after_the_change_renews_it(cast):
    today = timezone.localdate()
    ProgramPartner.objects.filter(pk=cast.partner_a.pk).update(reendorsement_requested_on=today)
    cast.partner_a.refresh_from_db()
    do_update_endorsement(
        cast.fasilitator, cast.partner_a, endorsement_status="endorsed", endorsed_on=today - datetime.timedelta(days=1)
    )
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.needs_reendorsement
    do_update_endorsement(cast.fasilitator, cast.partner_a, endorsement_status="endorsed", endorsed_on=today)
    cast.partner_a.refresh_from_db()
    assert not cast.partner_a.needs_reendorsement


def test_dashboard_chases_the_re_endorsement_until_done(cast, login):
    today = timezone.localdate()
    ProgramPartner.objects.filter(pk=cast.partner_a.pk).update(reendorsement_requested_on=today)
    client = login(cast.fasilitator)
    url = reverse("partners:endorsement_edit", args=[cast.partner_a.pk])
    queue = client.get(reverse("facilitation:dashboard")).context["queue"]
    assert [row.url for row in queue if row.kind == "endorsement"] == [url]
    cast.partner_a.refresh_from_db()
    do_update_endorsement(cast.fasilitator, cast.partner_a, endorsement_status="endorsed", endorsed_on=today)
    queue = client.get(reverse("facilitation:dashboard")).context["queue"]
    assert [row for row in queue if row.kind == "endorsement"] == []
