"""Issue 15, item 2: emergency programs (kondisi darurat, gotong royong) get special attention.

Shorter reminder intervals, a health check due every month, the top of the facilitator's queue,
and a post-emergency review (open conflicts handed to mediation) before the program can close."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.tests.factories import RoundFactory
from facilitation.actions import do_post_emergency_review
from facilitation.models import MediationCase
from governance.actions import GateNotMetError, do_change_phase, do_record_post_emergency_review
from governance.models import PostEmergencyReview
from governance.tests.factories import MilestoneFactory
from notifications.models import Reminder, ReminderSettings
from notifications.reminders import Sweep, run_sweep
from partners.models import Program
from partners.reminders import emergency_thresholds
from partners.tests.factories import MembershipFactory, ProgramFactory, ProgramPartnerFactory
from roadmap.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def emergency(cast):
    Program.objects.filter(pk=cast.program.pk).update(is_emergency=True)
    cast.program.refresh_from_db()
    return cast.program


def test_emergency_thresholds_are_halved():
    setting = ReminderSettings(due_soon_days="7,1", stale_after_days=14, review_after_days=3)
    tight = emergency_thresholds(setting, 5)
    assert tight.due_soon_list == [14, 7, 2, 1]
    assert (tight.stale_after_days, tight.review_after_days) == (7, 1)
    floor = emergency_thresholds(ReminderSettings(due_soon_days="1", stale_after_days=1, review_after_days=1), 5)
    assert (floor.stale_after_days, floor.review_after_days) == (1, 1)


def test_the_sweep_uses_them_for_emergency_programs_only(cast, emergency):
    ReminderSettings.objects.create(program=cast.program, due_soon_days="10", stale_after_days=20, review_after_days=4)
    other = ProgramFactory()
    sweep = Sweep()
    assert sweep.setting(cast.program.pk).stale_after_days == 10
    assert sweep.setting(cast.program.pk).due_soon_list == [20, 10]
    assert sweep.setting(other.pk).stale_after_days == ReminderSettings.DEFAULT_STALE_DAYS
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    assert Sweep().setting(cast.program.pk).stale_after_days == 20


def test_monthly_health_check_is_due_without_a_recent_round(cast, emergency):
    run_sweep()
    rows = Reminder.objects.filter(kind="emergency_health_check_due")
    assert list(rows.values_list("user_id", "object_id")) == [(cast.fasilitator.pk, cast.program.pk)]
    run_sweep()  # once a month
    assert rows.count() == 1


def test_no_health_check_reminder_after_a_recent_round_or_for_other_programs(cast, emergency):
    RoundFactory(program=cast.program, held_on=timezone.localdate() - datetime.timedelta(days=10))
    plain = ProgramFactory()
    MembershipFactory(program=plain, user=cast.luar, role="facilitator")
    run_sweep()
    assert not Reminder.objects.filter(kind="emergency_health_check_due").exists()


def test_an_old_round_does_not_count(cast, emergency):
    RoundFactory(program=cast.program, held_on=timezone.localdate() - datetime.timedelta(days=40))
    run_sweep()
    assert Reminder.objects.filter(kind="emergency_health_check_due").count() == 1


def test_emergency_programs_top_the_queue(cast, emergency, login):
    other = ProgramFactory(name="Program Biasa")
    MembershipFactory(program=other, user=cast.fasilitator, role="facilitator")
    # The ordinary program's milestone is far more overdue; the emergency program still comes first.
    partner = ProgramPartnerFactory(program=other)
    today = timezone.localdate()
    MilestoneFactory(
        output__outcome__program=other,
        owner=partner,
        start_date=today - datetime.timedelta(days=400),
        due_date=today - datetime.timedelta(days=300),
    )
    queue = login(cast.fasilitator).get(reverse("facilitation:dashboard")).context["queue"]
    assert Milestone.objects.count() == 1
    assert queue[0].program.pk == cast.program.pk
    assert any(row.program.pk == other.pk for row in queue)


def test_closing_an_emergency_program_needs_the_review(cast, emergency):
    with pytest.raises(GateNotMetError) as exc:
        do_change_phase(cast.fasilitator, cast.program, "closed")
    assert any("post-emergency review" in line for line in exc.value.missing)
    do_post_emergency_review(cast.fasilitator, cast.program, notes="Tidak ada sisa konflik.")
    do_change_phase(cast.fasilitator, cast.program, "closed")


def test_an_override_with_a_reason_is_kept(cast, emergency):
    change = do_change_phase(cast.fasilitator, cast.program, "closed", override_reason="Program dihentikan donor.")
    assert "post-emergency review" in change.gate_missing


def test_ordinary_programs_close_without_it(cast):
    do_change_phase(cast.fasilitator, cast.program, "closed")


def test_the_review_hands_a_conflict_to_mediation(cast, emergency):
    review = do_post_emergency_review(
        cast.fasilitator,
        cast.program,
        notes="Pembagian bantuan menimbulkan kecemburuan.",
        conflict={
            "title": "Sengketa gudang",
            "issue": "Siapa memakai gudang.",
            "parties": [cast.partner_a, cast.partner_b],
        },
    )
    case = MediationCase.objects.get()
    assert (case.title, case.status, set(case.parties.all())) == (
        "Sengketa gudang",
        "open",
        {cast.partner_a, cast.partner_b},
    )
    assert (review.cases_handed, review.unresolved_cases) == (1, 1)


def test_review_refusals(cast, emergency):
    with pytest.raises(ValidationError):
        do_post_emergency_review(
            cast.fasilitator,
            cast.program,
            notes="x",
            conflict={"title": "t", "issue": "i", "parties": [cast.partner_a]},
        )
    with pytest.raises(ValidationError) as exc:
        do_record_post_emergency_review(cast.fasilitator, cast.program, notes=" ", cases_handed=0, unresolved_cases=0)
    assert exc.value.code == "notes"
    assert not MediationCase.objects.exists()
    assert not PostEmergencyReview.objects.exists()


def test_only_emergency_programs_have_one(cast):
    with pytest.raises(ValidationError) as exc:
        do_record_post_emergency_review(cast.fasilitator, cast.program, notes="x", cases_handed=0, unresolved_cases=0)
    assert exc.value.code == "not_emergency"


def test_review_page(cast, emergency, login):
    url = reverse("facilitation:post_emergency_review", args=[cast.program.pk])
    client = login(cast.fasilitator)
    assert client.get(url).status_code == 200
    data = {"notes": "Sisa ketegangan.", "conflict_title": "Sengketa", "conflict_issue": "", "no_other_conflicts": "on"}
    assert client.post(url, data).status_code == 400
    assert not PostEmergencyReview.objects.exists()
    data.update(conflict_issue="Gudang", conflict_parties=[cast.partner_a.pk, cast.partner_b.pk])
    assert client.post(url, data).status_code == 302
    assert PostEmergencyReview.objects.get().cases_handed == 1
    assert (
        "post-emergency-review"
        in client.get(reverse("facilitation:mediation_list", args=[cast.program.pk])).content.decode()
    )


def test_review_page_needs_the_confirmation(cast, emergency, login):
    url = reverse("facilitation:post_emergency_review", args=[cast.program.pk])
    assert login(cast.fasilitator).post(url, {"notes": "x"}).status_code == 400
    assert not PostEmergencyReview.objects.exists()


def test_review_page_for_an_ordinary_program_redirects(cast, login):
    url = reverse("facilitation:post_emergency_review", args=[cast.program.pk])
    assert login(cast.fasilitator).post(url, {"notes": "x", "no_other_conflicts": "on"}).status_code == 302
    assert not PostEmergencyReview.objects.exists()


@pytest.mark.parametrize("who", ["lead_a", "staf_a", "manajer"])
def test_review_page_is_the_facilitators(cast, emergency, login, who):
    url = reverse("facilitation:post_emergency_review", args=[cast.program.pk])
    assert login(getattr(cast, who)).post(url, {"notes": "x", "no_other_conflicts": "on"}).status_code == 403
    assert not PostEmergencyReview.objects.exists()


def test_review_page_outsider_404(cast, emergency, login):
    url = reverse("facilitation:post_emergency_review", args=[cast.program.pk])
    assert login(cast.luar).get(url).status_code == 404
