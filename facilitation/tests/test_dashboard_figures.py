"""The dashboard cards' figures, computed in one aggregate pass (issue 19), against the per-card
counts they replaced, on a factory data set with every kind of case in two programs."""

import datetime

import pytest
from django.db.models import Max
from django.utils import timezone

from facilitation.models import MediationCase, Meeting
from facilitation.selectors import card_programs
from facilitation.tests.factories import MediationCaseFactory, MeetingFactory, MilestoneFactory, ProgressUpdateFactory
from partners.models import ProgramPartner
from partners.tests.factories import ProgramFactory, ProgramPartnerFactory
from results.models import Result
from roadmap.models import Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _program_with_every_case(cast, program, shift):
    """Milestones in every status (on time, late, overdue, not overdue, cancelled), reports in every
    state, partners in every endorsement state (one that left), meetings held and planned (past and
    future), mediation cases open, escalated and resolved. `shift` varies the numbers per program."""
    partner = ProgramPartnerFactory(program=program, endorsement_status="endorsed")
    ProgramPartnerFactory(program=program, endorsement_status="requested")
    ProgramPartnerFactory(program=program, endorsement_status="declined")
    ProgramPartnerFactory(program=program, endorsement_status="requested", left_on=days(-5))
    milestones = []
    for i in range(2 + shift):
        milestones += [
            MilestoneFactory(program=program, owner=partner, status="done", due_date=days(-10), completed_on=days(-12)),
            MilestoneFactory(program=program, owner=partner, status="done", due_date=days(-20), completed_on=days(-5)),
            MilestoneFactory(program=program, owner=partner, status="in_progress", due_date=days(-3 - i)),
            MilestoneFactory(program=program, owner=partner, status="blocked", due_date=days(-1)),
            MilestoneFactory(program=program, owner=partner, status="planned", due_date=days(30)),
            MilestoneFactory(program=program, owner=partner, status="planned", due_date=days(0)),
            MilestoneFactory(program=program, owner=partner, status="cancelled", due_date=days(-30)),
        ]
    for i, milestone in enumerate(milestones):
        state = [ProgressUpdate.State.SUBMITTED, "draft", "approved", "returned"][(i + shift) % 4]
        ProgressUpdateFactory(milestone=milestone, author=cast.staf_a, state=state)
    MeetingFactory(program=program, date=days(-12 - shift))
    MeetingFactory(program=program, date=days(-40))
    MeetingFactory(program=program, status="planned", date=days(5 + shift))
    MeetingFactory(program=program, status="planned", date=days(-2))  # planned in the past: not "next"
    MediationCaseFactory(program=program, parties=[partner])
    MediationCaseFactory(program=program, parties=[partner], status="escalated")
    MediationCaseFactory(program=program, parties=[partner], status="resolved", resolution="Sepakat.")


def _per_card_counts(program, today):
    """The figures as the dashboard counted them before issue 19: one count per figure and program,
    and waiting reviews through the milestone (not the report's copied program)."""
    milestones = Milestone.objects.filter(program=program)
    held = Meeting.objects.filter(program=program, status=Meeting.Status.HELD)
    planned = Meeting.objects.filter(program=program, status=Meeting.Status.PLANNED, date__gte=today)
    return {
        "ms_total": milestones.counted().count(),
        "ms_done": milestones.done().count(),
        "ms_on_time": milestones.on_time().count(),
        "ms_overdue": milestones.overdue(on=today).count(),
        "updates_waiting": ProgressUpdate.objects.waiting_review().filter(milestone__program=program).count(),
        "results_waiting": Result.objects.waiting_review().filter(indicator__program=program).count(),
        "partners_unendorsed": ProgramPartner.objects.missing_endorsement().filter(program=program).count(),
        "open_cases": MediationCase.objects.filter(program=program, status__in=MediationCase.UNRESOLVED).count(),
        "last_meeting": held.aggregate(d=Max("date"))["d"],
        "next_meeting": planned.order_by("date").values_list("date", flat=True).first(),
    }


def test_the_aggregate_card_figures_equal_the_per_card_counts(cast):
    second = ProgramFactory(name="Tenun Ikat Sumba")
    empty = ProgramFactory(name="Program Kosong")
    _program_with_every_case(cast, cast.program, 0)
    _program_with_every_case(cast, second, 1)
    today = timezone.localdate()
    program_ids = [cast.program.pk, second.pk, empty.pk]

    cards = {p.pk: p for p in card_programs(program_ids, today)}

    assert len(cards) == 3
    for program in (cast.program, second, empty):
        expected = _per_card_counts(program, today)
        got = {key: getattr(cards[program.pk], key) for key in expected}
        assert got == expected, program.name
    # the data set is not degenerate: each figure differs from zero in the programs with cases
    first = cards[cast.program.pk]
    assert first.ms_total == 12 and first.ms_done == 4 and first.ms_on_time == 2 and first.ms_overdue == 4
    assert first.updates_waiting == 4 and first.partners_unendorsed == 2 and first.open_cases == 2
    assert cards[second.pk].ms_total == 18 and cards[second.pk].updates_waiting != first.updates_waiting
    assert cards[empty.pk].ms_total == 0 and cards[empty.pk].updates_waiting == 0


def test_a_report_carries_its_milestones_program(cast):
    """Set when the report is created (ProgressUpdate.save), whatever creates it."""
    milestone = MilestoneFactory(program=cast.program, owner=cast.partner_a)
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=cast.staf_a, new_status="in_progress", progress=10, narrative="x"
    )
    assert update.program_id == cast.program.pk
    factory_made = ProgressUpdateFactory(milestone=milestone, author=cast.staf_a)
    assert factory_made.program_id == cast.program.pk
