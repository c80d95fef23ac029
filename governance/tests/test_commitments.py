"""Committed against realised contributions (issue 14, item 5)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from facilitation.selectors import build
from governance.actions import do_add_commitment, do_delete_commitment, do_update_commitment
from governance.models import Commitment, commitment_is_behind, pro_rata_share
from governance.tests.factories import CommitmentFactory
from notifications.models import Reminder
from notifications.reminders import run_sweep
from partners.models import Program
from partners.tests.factories import ContributionFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def behind_commitment(cast, partner=None):
    """60 of 181 days elapsed (a third: IDR 40m due of 120m); 10m realised: behind."""
    commitment = CommitmentFactory(partner=partner or cast.partner_b, start_date=days_ago(60), end_date=days_ago(-120))
    ContributionFactory(partner=commitment.partner, kind="cash", value_idr=10_000_000, date=days_ago(5))
    return commitment


# The rule --------------------------------------------------------------------------------


def test_pro_rata_share_counts_both_ends():
    assert pro_rata_share(100, D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 5)) == Decimal(50)
    assert pro_rata_share(100, D(2026, 1, 1), D(2026, 1, 10), D(2025, 12, 31)) == 0
    assert pro_rata_share(100, D(2026, 1, 1), D(2026, 1, 10), D(2026, 3, 1)) == 100


@pytest.mark.parametrize(
    "realised,on,behind",
    [
        (0, D(2026, 1, 20), False),  # inside the 30 grace days
        (0, D(2026, 7, 1), True),
        (44, D(2026, 7, 1), True),  # 182/365 of 100 due (49.9), 90 % of it is 44.9
        (45, D(2026, 7, 1), False),
        (89, D(2027, 1, 15), True),  # period over: below 90 of 100
        (90, D(2027, 1, 15), False),
    ],
)
def test_behind_is_below_ninety_percent_of_the_share_due(realised, on, behind):
    assert commitment_is_behind(100, realised, D(2026, 1, 1), D(2026, 12, 31), on) is behind


def test_realised_counts_same_partner_kind_and_period_only(cast):
    commitment = CommitmentFactory(partner=cast.partner_a, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    ContributionFactory(partner=cast.partner_a, kind="cash", value_idr=100, date=D(2026, 3, 1))
    ContributionFactory(partner=cast.partner_a, kind="cash", value_idr=7, date=D(2025, 12, 31))  # before
    ContributionFactory(partner=cast.partner_a, kind="expertise", value_idr=50, date=D(2026, 3, 1))  # other kind
    ContributionFactory(partner=cast.partner_b, kind="cash", value_idr=1000, date=D(2026, 3, 1))  # other partner
    assert Commitment.objects.with_realised().get(pk=commitment.pk).realised == 100


def test_behind_leaves_out_partners_that_left_and_closed_programs(cast):
    behind_commitment(cast)
    assert len(Commitment.objects.behind(timezone.localdate())) == 1
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    assert Commitment.objects.behind(timezone.localdate()) == []


# Actions -------------------------------------------------------------------------------------


def test_add_update_delete_record_activity(cast):
    start = cast.program.start_date
    commitment = do_add_commitment(
        cast.fasilitator,
        cast.program,
        partner=cast.partner_a,
        kind="in_kind",
        amount_idr=Decimal(5_000_000),
        start_date=start,
        end_date=start + datetime.timedelta(days=100),
        description=" Ruang pelatihan ",
    )
    assert commitment.description == "Ruang pelatihan"
    do_update_commitment(
        cast.fasilitator,
        commitment,
        partner=cast.partner_a,
        kind="in_kind",
        amount_idr=Decimal(6_000_000),
        start_date=start,
        end_date=start + datetime.timedelta(days=100),
    )
    commitment.refresh_from_db()
    assert commitment.amount_idr == 6_000_000
    do_delete_commitment(cast.fasilitator, commitment)
    assert not Commitment.objects.exists()
    kinds = list(cast.program.activities.values_list("kind", flat=True))
    assert {"commitment_recorded", "commitment_updated", "commitment_deleted"} <= set(kinds)


@pytest.mark.parametrize(
    "change,code",
    [
        ({"amount_idr": Decimal(-5)}, "amount"),
        ({"amount_idr": Decimal(0)}, "amount"),
        ({"start_date": D(2000, 1, 1)}, "outside_program"),
        ({"end_date": D(2099, 1, 1)}, "outside_program"),
        ({"end_date": None}, "period"),
    ],
)
def test_refusals_change_nothing(cast, change, code):
    start = cast.program.start_date
    values = {
        "partner": cast.partner_a,
        "kind": "cash",
        "amount_idr": Decimal(100),
        "start_date": start + datetime.timedelta(days=10),
        "end_date": start + datetime.timedelta(days=40),
    }
    values.update(change)
    if values["end_date"] is None:
        values["end_date"] = values["start_date"] - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        do_add_commitment(cast.fasilitator, cast.program, **values)
    assert exc.value.code == code
    assert not Commitment.objects.exists()


def test_partner_of_another_program_or_that_left_is_refused(cast):
    foreign = ProgramPartnerFactory()
    start = cast.program.start_date
    values = {"kind": "cash", "amount_idr": Decimal(1), "start_date": start, "end_date": start}
    with pytest.raises(ValidationError):
        do_add_commitment(cast.fasilitator, cast.program, partner=foreign, **values)
    cast.partner_a.left_on = timezone.localdate()
    cast.partner_a.save()
    with pytest.raises(ValidationError):
        do_add_commitment(cast.fasilitator, cast.program, partner=cast.partner_a, **values)
    assert not Commitment.objects.exists()


# Pages ---------------------------------------------------------------------------------------


def form_data(cast, **change):
    start = cast.program.start_date
    data = {
        "partner": cast.partner_b.pk,
        "kind": "cash",
        "amount_idr": "250000000",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=200)).isoformat(),
        "description": "Dana bergulir",
    }
    data.update(change)
    return data


def test_facilitator_records_a_commitment_and_everyone_in_the_program_reads_it(cast, login):
    url = reverse("governance:commitment_create", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, form_data(cast))
    assert response.status_code == 302
    assert Commitment.objects.get().amount_idr == 250_000_000
    page = login(cast.staf_a).get(reverse("governance:commitments", args=[cast.program.pk]))
    assert page.status_code == 200
    assert "Dana bergulir" in page.content.decode()


@pytest.mark.parametrize(
    "change",
    [{"amount_idr": "-1"}, {"amount_idr": "0"}, {"end_date": "2000-01-01"}, {"start_date": "1999-01-01"}],
)
def test_bad_input_is_a_form_error(cast, login, change):
    url = reverse("governance:commitment_create", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, form_data(cast, **change))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "manajer"])
def test_only_the_facilitator_writes(cast, login, who):
    commitment = CommitmentFactory(partner=cast.partner_a)
    client = login(getattr(cast, who))
    assert (
        client.post(reverse("governance:commitment_create", args=[cast.program.pk]), form_data(cast)).status_code == 403
    )
    assert client.post(reverse("governance:commitment_edit", args=[commitment.pk]), form_data(cast)).status_code == 403
    assert client.post(reverse("governance:commitment_delete", args=[commitment.pk])).status_code == 403
    assert Commitment.objects.get().amount_idr == commitment.amount_idr


def test_outsiders_get_404(cast, login):
    commitment = CommitmentFactory(partner=cast.partner_a)
    client = login(cast.luar)
    assert client.get(reverse("governance:commitments", args=[cast.program.pk])).status_code == 404
    assert client.get(reverse("governance:commitment_edit", args=[commitment.pk])).status_code == 404
    assert client.post(reverse("governance:commitment_delete", args=[commitment.pk])).status_code == 404
    assert Commitment.objects.exists()


def test_edit_and_delete(cast, login):
    commitment = CommitmentFactory(partner=cast.partner_a, start_date=cast.program.start_date)
    client = login(cast.fasilitator)
    response = client.post(
        reverse("governance:commitment_edit", args=[commitment.pk]), form_data(cast, amount_idr="99")
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.amount_idr, commitment.partner_id) == (99, cast.partner_b.pk)
    client.post(reverse("governance:commitment_delete", args=[commitment.pk]))
    assert not Commitment.objects.exists()


def counted(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_commitments_page_query_count_is_constant(cast, login):
    CommitmentFactory(partner=cast.partner_a)
    client = login(cast.manajer)
    url = reverse("governance:commitments", args=[cast.program.pk])
    small = counted(client, url)
    for partner in (cast.partner_a, cast.partner_b, ProgramPartnerFactory(program=cast.program)):
        CommitmentFactory(partner=partner, kind="in_kind")
        ContributionFactory(partner=partner, kind="in_kind", value_idr=5, date=days_ago(1))
    assert (small, counted(client, url)) == (9, 9)


# Queue, reminders, reports ------------------------------------------------------------------------


def test_a_partner_behind_appears_in_the_facilitators_queue(cast):
    behind_commitment(cast)
    CommitmentFactory(partner=cast.partner_a, start_date=days_ago(60), amount_idr=1)  # on track: 5 realised of 1
    ContributionFactory(partner=cast.partner_a, kind="cash", value_idr=5, date=days_ago(3))
    queue = build(Program.objects.filter(pk=cast.program.pk))["queue"]
    rows = [r for r in queue if r.kind == "commitment"]
    assert [r.title for r in rows] == [cast.partner_b.organisation.name]
    assert rows[0].url == reverse("governance:commitments", args=[cast.program.pk])


def test_a_partner_behind_is_reminded_once_a_month(cast):
    commitment = behind_commitment(cast)
    run_sweep()
    rows = Reminder.objects.filter(kind="commitment_behind")
    assert set(rows.values_list("user_id", flat=True)) == {cast.lead_b.pk, cast.fasilitator.pk}
    assert set(rows.values_list("object_id", flat=True)) == {commitment.pk}
    run_sweep()
    assert rows.count() == 2


def test_no_reminder_when_on_track(cast):
    commitment = behind_commitment(cast)
    ContributionFactory(partner=commitment.partner, kind="cash", value_idr=40_000_000, date=days_ago(1))
    run_sweep()
    assert not Reminder.objects.filter(kind="commitment_behind").exists()


def test_program_report_and_portfolio_show_committed_against_realised(cast, login):
    behind_commitment(cast)
    ContributionFactory(partner=cast.partner_a, kind="cash", value_idr=30_000_000, date=days_ago(2))
    CommitmentFactory(partner=cast.partner_a, start_date=days_ago(60), amount_idr=60_000_000)
    report = login(cast.manajer).get(reverse("reports:program", args=[cast.program.pk]))
    assert report.status_code == 200
    rows = report.context["report"].commitments
    by_partner = {r.partner.pk: r for r in rows}
    assert by_partner[cast.partner_b.pk].behind
    assert by_partner[cast.partner_b.pk].realised_share == Decimal("8.3")
    assert not by_partner[cast.partner_a.pk].behind
    assert by_partner[cast.partner_a.pk].realised_share == Decimal("50.0")
    portfolio = login(cast.manajer).get(reverse("reports:portfolio"))
    assert portfolio.status_code == 200
    data = portfolio.context["portfolio"]
    assert data.commitment_totals[:2] == (Decimal(180_000_000), Decimal(40_000_000))
    assert [r.partner.pk for r in data.commitments_behind] == [cast.partner_b.pk]
    assert 'data-testid="behind"' in portfolio.content.decode()
