"""Partners leave a program (they are never deleted); people are deactivated (never deleted)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners.access import visible_programs
from partners.actions import do_add_contribution, do_deactivate_user, do_mark_partner_left
from partners.models import Activity, Membership, ProgramPartner
from roadmap.actions import do_create_milestone
from roadmap.tests.factories import MilestoneFactory, OutputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Messages are asserted in English (the source language)."""
    client.cookies["django_language"] = "en"


REASON = "Mandat lembaga berakhir."


def _leave_url(partner):
    return reverse("partners:partner_leave", args=[partner.pk])


def test_facilitator_marks_a_partner_as_left(cast, login):
    client = login(cast.fasilitator)
    assert client.get(_leave_url(cast.partner_b)).status_code == 200
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(_leave_url(cast.partner_b), {"left_on": day.isoformat(), "reason": REASON})
    assert response.status_code == 302
    partner = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    assert (partner.left_on, partner.left_reason) == (day, REASON)
    assert Activity.objects.filter(program=cast.program, kind="partner_left", label="PT Mitra B").exists()
    page = client.get(cast.program.get_absolute_url()).content.decode()
    assert 'data-testid="partner-left"' in page
    assert _leave_url(cast.partner_a) in page and _leave_url(cast.partner_b) not in page


@pytest.mark.parametrize("who", ["lead_b", "staf_b", "manajer", "lead_a"])
def test_only_the_facilitator_marks_a_partner_as_left(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(_leave_url(cast.partner_b)).status_code == 403
    assert client.post(_leave_url(cast.partner_b), {"reason": REASON}).status_code == 403
    assert ProgramPartner.objects.get(pk=cast.partner_b.pk).left_on is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "This field is required"),
        ({"reason": REASON, "left_on": "2999-01-01"}, "cannot be in the future"),
    ],
)
def test_bad_leave_forms_are_refused_without_saving(cast, login, data, message):
    data.setdefault("left_on", timezone.localdate().isoformat())
    response = login(cast.fasilitator).post(_leave_url(cast.partner_b), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProgramPartner.objects.get(pk=cast.partner_b.pk).left_on is None


def test_a_partner_with_open_milestones_cannot_leave(cast, login):
    MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_b, status="in_progress")
    MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_b, status="done")
    response = login(cast.fasilitator).post(
        _leave_url(cast.partner_b), {"left_on": timezone.localdate().isoformat(), "reason": REASON}
    )
    assert response.status_code == 200
    assert "still owns 1 open milestone" in response.content.decode()
    assert ProgramPartner.objects.get(pk=cast.partner_b.pk).left_on is None


def test_leaving_twice_is_refused_with_a_message(cast, login):
    do_mark_partner_left(cast.fasilitator, cast.partner_b, reason=REASON)
    response = login(cast.fasilitator).post(
        _leave_url(cast.partner_b), {"left_on": timezone.localdate().isoformat(), "reason": "Lagi."}
    )
    assert response.status_code == 200
    assert "already left the program" in response.content.decode()
    assert ProgramPartner.objects.get(pk=cast.partner_b.pk).left_reason == REASON


def test_leaving_before_joining_is_refused(cast):
    cast.partner_b.joined_on = timezone.localdate()
    cast.partner_b.save()
    with pytest.raises(ValidationError, match="before the partner joined"):
        do_mark_partner_left(
            cast.fasilitator, cast.partner_b, reason=REASON, left_on=timezone.localdate() - datetime.timedelta(days=1)
        )


def test_a_left_partner_gets_no_new_milestones_or_contributions(cast, login):
    do_mark_partner_left(cast.fasilitator, cast.partner_b, reason=REASON)
    partner = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    output = OutputFactory(outcome__program=cast.program)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="has left the program"):
        do_create_milestone(
            cast.fasilitator, cast.program, output=output, title="Baru", owner=partner, start_date=today, due_date=today
        )
    with pytest.raises(ValidationError, match="has left the program"):
        do_add_contribution(cast.fasilitator, partner, kind="expertise", description="Tenaga ahli", date=today)
    # The forms do not offer it either.
    page = login(cast.fasilitator).get(reverse("partners:contribution_add", args=[cast.program.pk]))
    assert f'value="{partner.pk}"' not in page.content.decode()
    data = {"partner": partner.pk, "kind": "expertise", "description": "Tenaga ahli", "date": today.isoformat()}
    response = login(cast.fasilitator).post(reverse("partners:contribution_add", args=[cast.program.pk]), data)
    assert response.status_code == 200
    assert not partner.contributions.exists()


def test_the_people_of_a_left_partner_lose_access_but_their_memberships_stay(cast, login):
    do_mark_partner_left(cast.fasilitator, cast.partner_b, reason=REASON)
    assert login(cast.staf_b).get(cast.program.get_absolute_url()).status_code == 404
    assert cast.program not in visible_programs(cast.lead_b)
    assert cast.program in visible_programs(cast.lead_a)
    assert not Membership.objects.filter(program=cast.program, user=cast.lead_b).exists()
    assert Membership.all_objects.filter(program=cast.program, user=cast.lead_b, is_representative=True).exists()
    # The facilitator's page still names who represented the partner.
    page = login(cast.fasilitator).get(cast.program.get_absolute_url()).content.decode()
    assert "PT Mitra B" in page and str(cast.lead_b) in page


def test_a_person_is_deactivated_not_deleted(cast):
    assert do_deactivate_user(cast.admin, cast.staf_a) is True
    cast.staf_a.refresh_from_db()
    assert cast.staf_a.is_active is False
    assert Activity.objects.filter(program=cast.program, kind="person_deactivated").exists()
    assert do_deactivate_user(cast.admin, cast.staf_a) is False


def test_nobody_deactivates_themselves(cast):
    with pytest.raises(ValidationError, match="your own account"):
        do_deactivate_user(cast.admin, cast.admin)
    cast.admin.refresh_from_db()
    assert cast.admin.is_active
