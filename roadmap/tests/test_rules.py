"""The domain rules (docs/definitions.md), each defined once in roadmap.models and partners.models.

Each rule is checked at its edges, and the per-object properties are checked against the
QuerySet methods over every status, so a page that marks one row and a page that counts rows
cannot disagree.
"""

import datetime
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.numbers import as_percent, percent
from partners.models import ProgramPartner
from partners.tests.factories import ProgramPartnerFactory
from roadmap.definitions import FIGURES
from roadmap.models import (
    Milestone,
    MilestoneRules,
    MilestoneStatus,
    Outcome,
    Output,
    ProgressUpdate,
    set_outcome_progress,
)
from roadmap.tests.factories import MilestoneFactory, OutputFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def day(n):
    return TODAY + datetime.timedelta(days=n)


def make(output, owner, status, due, **extra):
    return MilestoneFactory(
        output=output, owner=owner, status=status, due_date=day(due), start_date=day(min(due, 0) - 60), **extra
    )


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def output(cast):
    return OutputFactory(outcome__program=cast.program)


@pytest.fixture
def every_state(cast, output):
    """One milestone per status and due date (yesterday, today, tomorrow), done ones early, late or undated."""
    milestones = []
    for status, due in itertools.product(MilestoneStatus.values, (-1, 0, 1)):
        milestones.append(make(output, cast.partner_a, status, due))
    for completed in (-2, 1, None):
        milestones.append(
            make(output, cast.partner_b, MilestoneStatus.DONE, 0, completed_on=day(completed) if completed else None)
        )
    return milestones


def test_open_done_counted(every_state):
    open_ = pks(Milestone.objects.open())
    assert open_ == {m.pk for m in every_state if m.status in ("planned", "in_progress", "blocked")}
    assert open_ == {m.pk for m in every_state if m.is_open}
    assert pks(Milestone.objects.done()) == {m.pk for m in every_state if m.status == "done"}
    assert pks(Milestone.objects.counted()) == {m.pk for m in every_state if m.status != "cancelled"}


def test_overdue_is_open_and_due_before_the_day(every_state):
    overdue = pks(Milestone.objects.overdue(on=TODAY))
    assert overdue == {m.pk for m in every_state if m.is_open and m.due_date == day(-1)}
    assert len(overdue) == 3  # planned, in progress and blocked; not done or cancelled, not due today
    assert overdue == {m.pk for m in every_state if m.is_overdue_on(TODAY)}
    assert overdue == {m.pk for m in every_state if MilestoneRules.is_overdue(m.status, m.due_date, on=TODAY)}
    flagged = Milestone.objects.with_flags(on=TODAY).values_list("pk", "late")
    assert {pk for pk, late in flagged if late} == overdue


def test_on_time_is_done_by_the_due_date(every_state):
    on_time = pks(Milestone.objects.on_time())
    early = [m for m in every_state if m.completed_on == day(-2)]
    assert on_time == {m.pk for m in early}
    assert on_time == {m.pk for m in every_state if m.is_on_time}
    flagged = Milestone.objects.with_flags(on=TODAY).values_list("pk", "in_time")
    assert {pk for pk, in_time in flagged if in_time} == on_time


def test_figures_leave_cancelled_out_and_rate_done_over_counted(every_state):
    figures = Milestone.objects.figures(on=TODAY)
    # 15 by status (3 cancelled) + 3 done by partner B
    assert (figures.ms_total, figures.ms_done, figures.ms_on_time, figures.ms_overdue) == (15, 6, 1, 3)
    assert figures.completion_rate == Decimal("40.0")
    assert figures.on_time_rate == Decimal("16.7")  # a done milestone without a date is not on time
    assert Milestone.objects.completion() == Decimal("40.0")
    assert Milestone.objects.none().figures().completion_rate is None
    assert Milestone.objects.none().figures().on_time_rate is None


def test_a_report_scope_narrows_totals_but_not_overdue(cast, output):
    make(output, cast.partner_a, "planned", -100)  # overdue since last quarter
    make(output, cast.partner_a, "done", -3, completed_on=day(-4))
    figures = Milestone.objects.figures(on=TODAY, scope=MilestoneRules.due_between(day(-10), TODAY))
    assert (figures.ms_total, figures.ms_done, figures.ms_overdue) == (1, 1, 1)


def test_due_soon_from_today_to_the_last_day(cast, output):
    inside = [make(output, cast.partner_a, "planned", due) for due in (0, 3, 7)]
    make(output, cast.partner_a, "planned", 8)
    make(output, cast.partner_a, "planned", -1)  # overdue, not due soon
    make(output, cast.partner_a, "done", 2, completed_on=day(1))
    make(output, cast.partner_a, "cancelled", 2)
    assert pks(Milestone.objects.due_soon(7, on=TODAY)) == {m.pk for m in inside}
    rows = Milestone.objects.values("pk", "status", "due_date")
    assert {r["pk"] for r in rows if MilestoneRules.is_due_soon(r["status"], r["due_date"], 7, on=TODAY)} == {
        m.pk for m in inside
    }


def test_stale_counts_days_since_the_last_report_in_jakarta(cast, output):
    def at(days, hour):
        naive = datetime.datetime.combine(day(days), datetime.time(hour))
        return timezone.make_aware(naive)

    stale = [
        make(output, cast.partner_a, "in_progress", 30, last_progress_at=at(-14, 23)),  # 23:00 WIB, 14 days ago
        make(output, cast.partner_a, "in_progress", 30, last_progress_at=at(-40, 8)),
    ]
    never = make(output, cast.partner_a, "in_progress", 30)  # started 60 days before TODAY, no report
    stale.append(never)
    make(output, cast.partner_a, "in_progress", 30, last_progress_at=at(-13, 0))  # 13 days: not yet
    make(output, cast.partner_a, "blocked", 30, last_progress_at=at(-40, 8))  # only in-progress work goes stale
    fresh_start = MilestoneFactory(
        output=output, owner=cast.partner_a, status="in_progress", start_date=day(-5), due_date=day(30)
    )
    assert pks(Milestone.objects.stale(14, on=TODAY)) == {m.pk for m in stale}
    rows = Milestone.objects.values("pk", "status", "last_progress_at", "start_date")
    assert {
        r["pk"]
        for r in rows
        if MilestoneRules.is_stale(r["status"], r["last_progress_at"], r["start_date"], 14, on=TODAY)
    } == {m.pk for m in stale}
    assert fresh_start.pk not in pks(Milestone.objects.stale(14, on=TODAY))


def test_output_and_outcome_progress_from_milestones(cast):
    first = OutputFactory(outcome__program=cast.program)
    second = OutputFactory(outcome=first.outcome)
    empty = OutputFactory(outcome=first.outcome)
    make(first, cast.partner_a, "done", -5, progress=100, completed_on=day(-5))
    make(first, cast.partner_a, "in_progress", 5, progress=50)
    make(first, cast.partner_a, "cancelled", 5, progress=0)  # left out
    make(second, cast.partner_b, "planned", 5, progress=0)
    make(second, cast.partner_b, "in_progress", 5, progress=33)
    progress = {o.pk: o.progress for o in Output.objects.with_progress()}
    assert progress == {first.pk: Decimal("75.0"), second.pk: Decimal("16.5"), empty.pk: None}
    outcome = Outcome.objects.with_progress().get(pk=first.outcome_id)
    assert outcome.progress == Decimal("45.8")  # (75 + 16.5) / 2: the empty output does not count


def test_outcome_progress_from_loaded_outputs_equals_the_sql(cast):
    """set_outcome_progress (the tree and the program report, issue 19) gives every outcome the
    progress Outcome.objects.with_progress() computes in SQL, thirds and halves included."""
    first = OutputFactory(outcome__program=cast.program)
    second = OutputFactory(outcome=first.outcome)
    third = OutputFactory(outcome=first.outcome)
    OutputFactory(outcome=first.outcome)  # no milestones: left out of the mean
    other = OutputFactory(outcome__program=cast.program)
    OutputFactory(outcome__program=cast.program)  # an outcome without progress
    for progress in (100, 50, 0):
        make(first, cast.partner_a, "in_progress", 5, progress=progress)
    for progress in (33, 34):
        make(second, cast.partner_b, "in_progress", 5, progress=progress)
    make(third, cast.partner_a, "planned", 5, progress=0)
    make(third, cast.partner_a, "cancelled", 5, progress=90)  # not counted
    for progress in (10, 20, 25):
        make(other, cast.partner_a, "in_progress", 5, progress=progress)
    outputs = list(Output.objects.filter(outcome__program=cast.program).with_progress())
    outcomes = set_outcome_progress(list(Outcome.objects.filter(program=cast.program)), outputs)
    in_sql = {o.pk: o.progress for o in Outcome.objects.filter(program=cast.program).with_progress()}
    assert {o.pk: o.progress for o in outcomes} == in_sql
    assert len(in_sql) == 3 and sorted(in_sql.values(), key=str) == sorted(
        [Decimal("27.8"), Decimal("18.3"), None], key=str
    )


def test_waiting_review_is_submitted_only(cast, output):
    milestone = make(output, cast.partner_a, "in_progress", 5)
    waiting = ProgressUpdateFactory(milestone=milestone, author=cast.staf_a, state="submitted")
    for state in ("draft", "returned", "approved"):
        ProgressUpdateFactory(milestone=milestone, author=cast.staf_a, state=state)
    assert list(ProgressUpdate.objects.waiting_review()) == [waiting]


def test_missing_endorsement_is_requested_or_declined(cast):
    declined = ProgramPartnerFactory(program=cast.program, endorsement_status="declined")
    cast.partner_a.endorsement_status = "endorsed"
    cast.partner_a.save()
    cast.partner_b.endorsement_status = "requested"
    cast.partner_b.save()
    missing = set(ProgramPartner.objects.filter(program=cast.program).missing_endorsement())
    assert missing == {cast.partner_b, declined}
    assert {p for p in ProgramPartner.objects.filter(program=cast.program) if p.is_missing_endorsement} == missing


def test_percentages_round_half_up_to_one_decimal():
    assert as_percent(Decimal("2.25")) == Decimal("2.3")  # not banker's 2.2
    assert as_percent(58.45) == Decimal("58.5")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 0) is None
    assert as_percent(None) is None


def test_every_figure_is_defined_in_docs_in_both_languages():
    text = (Path(settings.BASE_DIR) / "docs" / "definitions.md").read_text()
    for key in FIGURES:
        assert f'<a id="{key}"></a>' in text, key
    assert text.count("**Bahasa Indonesia.**") >= len(FIGURES)
    assert text.count("**English.**") >= len(FIGURES)


def test_definitions_page_lists_every_figure(cast, login):
    body = login(cast.staf_b).get(reverse("roadmap:definitions")).content.decode()
    for key in FIGURES:
        assert f'id="{key}"' in body
    assert "Terlambat" in body  # in the user's language (Indonesian by default)


def test_definitions_page_needs_a_login(client):
    response = client.get(reverse("roadmap:definitions"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_figure_labels_link_to_their_definition(cast, login, output):
    make(output, cast.partner_a, "planned", -1)
    url = reverse("roadmap:definitions")
    pages = {
        reverse("facilitation:dashboard"): (
            "completion",
            "on_time",
            "overdue",
            "waiting_review",
            "missing_endorsement",
        ),
        reverse("roadmap:tree", args=[cast.program.pk]): ("progress", "done", "overdue"),
        reverse("partners:program_detail", args=[cast.program.pk]): ("done", "overdue", "waiting_review"),
        reverse("reports:program", args=[cast.program.pk]): ("completion", "on_time", "overdue", "progress"),
        reverse("reports:portfolio"): ("completion", "overdue", "missing_endorsement"),
    }
    client = login(cast.fasilitator)
    for page, keys in pages.items():
        body = client.get(page).content.decode()
        for key in keys:
            link = re.search(rf'<a class="definition-link[^"]*" href="{url}#{key}" title="([^"]+)"', body)
            assert link, (page, key)
            assert link.group(1).strip()
