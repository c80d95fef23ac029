"""One figure, one number: wherever a figure is shown, it reads the same.

For every program of the demo data and of a seeded set (overdue, done and waiting items across
partners), the numbers are read from what each page rendered (its context) and from the CSV rows:
the facilitator dashboard, the program page's road-map panel, the road map, the review queue, the
program report, the portfolio report and their exports. They are compared with each other, not
recomputed with the functions that produced them. docs/definitions.md says what each one means.

The reports count milestones due in their period, so they are read for a period that covers every
milestone; overdue is also checked on the default period (the current quarter), where it must still
agree with the dashboard.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Program, User
from partners.tests.factories import ProgramFactory, ProgramPartnerFactory, UserFactory
from roadmap.models import Milestone, MilestoneStatus, ProgressUpdate
from roadmap.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def covering_period():
    """Custom period params from the earliest due date to the latest (or today, if later)."""
    dates = list(Milestone.objects.values_list("due_date", flat=True)) or [timezone.localdate()]
    start, end = min(dates), max([*dates, timezone.localdate()])
    assert (end - start).days <= 3650, "the period form allows ten years at most"
    return {"period": "custom", "start": start.isoformat(), "end": end.isoformat()}


def csv_rows(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(header, row, strict=True)) for row in rows]


def number(text):
    """A CSV cell as a number: '' is None (the pages show n/a or a dash)."""
    return None if text == "" else Decimal(text)


class Readings:
    """figure -> {where it was read: value}."""

    def __init__(self):
        self.values = {}

    def add(self, where, **figures):
        for figure, value in figures.items():
            self.values.setdefault(figure, {})[where] = value

    def assert_consistent(self, program):
        differ = {figure: seen for figure, seen in self.values.items() if len(set(seen.values())) != 1}
        assert not differ, f"{program.name}: figures that differ between pages: {differ}"


def read_everywhere(client, program, period):
    """Every figure of `program` as each page and export shows it."""
    r = Readings()

    # Facilitator dashboard: the program's card.
    dashboard = client.get(reverse("facilitation:dashboard"))
    card = next(c for c in dashboard.context["cards"] if c.program.pk == program.pk)
    r.add(
        "dashboard",
        overdue=card.ms_overdue,
        done=card.ms_done,
        completion=card.completion_rate,
        on_time=card.on_time_rate,
        waiting_review=card.updates_waiting,
        missing_endorsement=card.partners_unendorsed,
    )

    # The program page's road-map panel.
    page = client.get(reverse("partners:program_detail", args=[program.pk]))
    panel = next(p.context for p in page.context["panels"] if p.template == "roadmap/_program_panel.html")
    figures = panel["figures"]
    r.add(
        "program page panel",
        overdue=figures.ms_overdue,
        done=figures.ms_done,
        completion=figures.completion_rate,
        waiting_review=panel["waiting_review"],
    )

    # The road map: rows marked overdue, done per output, progress bars.
    tree = client.get(reverse("roadmap:tree", args=[program.pk]))
    outcomes = tree.context["outcomes"]
    outputs = [output for outcome in outcomes for output in outcome.output_list]
    r.add(
        "road map",
        overdue=tree.content.decode().count("data-overdue"),
        done=sum(output.done_count for output in outputs),
    )
    for outcome in outcomes:
        r.add("road map", **{f"outcome {outcome.pk} progress": outcome.progress})
    for output in outputs:
        r.add("road map", **{f"output {output.pk} progress": output.progress})

    # The review queue (an admin sees every program's).
    queue = client.get(reverse("roadmap:review_queue"))
    r.add(
        "review queue",
        waiting_review=sum(1 for update in queue.context["updates"] if update.milestone.program_id == program.pk),
    )

    # Program report and its exports, for a period covering every milestone.
    report = client.get(reverse("reports:program", args=[program.pk]), period).context["report"]
    r.add(
        "program report",
        overdue=report.stats.ms_overdue,
        done=report.stats.ms_done,
        completion=report.stats.completion_rate,
        on_time=report.stats.on_time_rate,
    )
    r.add(
        "program report, per partner",
        overdue=sum(p.ms_overdue for p in report.partners),
        done=sum(p.ms_done for p in report.partners),
    )
    for outcome in report.outcomes:
        r.add("program report", **{f"outcome {outcome.pk} progress": outcome.progress})
    for output in report.outputs:
        r.add("program report", **{f"output {output.pk} progress": output.progress})

    def export(table):
        return csv_rows(client, reverse("reports:program_export", args=[program.pk, table, "csv"]), period)

    progress_header = _("Progress (%)")
    for outcome, row in zip(report.outcomes, export("outcomes"), strict=True):
        r.add("outcomes CSV", **{f"outcome {outcome.pk} progress": number(row[progress_header])})
    output_rows = export("outputs")
    for output, row in zip(report.outputs, output_rows, strict=True):
        r.add("outputs CSV", **{f"output {output.pk} progress": number(row[progress_header])})
    r.add(
        "outputs CSV",
        done=sum(int(row[_("Done")]) for row in output_rows),
        overdue=sum(int(row[_("Overdue")]) for row in output_rows),
    )
    partner_rows = export("partners")
    r.add(
        "partners CSV",
        done=sum(int(row[_("Done")]) for row in partner_rows),
        overdue=sum(int(row[_("Overdue")]) for row in partner_rows),
    )
    if report.stats.ms_total or report.stats.ms_overdue:
        milestone_rows = export("milestones")
        done_label = str(MilestoneStatus.DONE.label)
        r.add(
            "milestone list CSV",
            overdue=sum(1 for row in milestone_rows if row[_("Overdue")]),
            done=sum(1 for row in milestone_rows if row[_("Status")] == done_label),
        )

    # Portfolio report (the program's row) and its CSV, for the same period.
    portfolio = client.get(reverse("reports:portfolio"), period)
    row = next(p for p in portfolio.context["page"].object_list if p.pk == program.pk)
    r.add(
        "portfolio report",
        overdue=row.ms_overdue,
        done=row.ms_done,
        completion=row.completion_rate,
        on_time=row.on_time_rate,
        missing_endorsement=row.endorsements_missing,
    )
    programs_csv = csv_rows(client, reverse("reports:portfolio_export", args=["programs", "csv"]), period)
    row = next(row for row in programs_csv if row[_("Program")] == program.name)
    r.add(
        "portfolio CSV",
        overdue=int(row[_("Overdue")]),
        done=int(row[_("Done")]),
        completion=number(row[_("Completion (%)")]),
        on_time=number(row[_("On-time rate (%)")]),
        missing_endorsement=int(row[_("Endorsements missing")]),
    )
    return r


def overdue_on_the_default_period(client, program):
    """Overdue on the reports' default period (this quarter), which may not cover every milestone."""
    report = client.get(reverse("reports:program", args=[program.pk])).context["report"]
    portfolio = client.get(reverse("reports:portfolio"))
    row = next(p for p in portfolio.context["page"].object_list if p.pk == program.pk)
    return {"program report": report.stats.ms_overdue, "portfolio report": row.ms_overdue}


def check_every_program(client):
    programs = list(Program.objects.exclude(phase="closed").order_by("pk"))
    assert programs
    period = covering_period()
    for program in programs:
        readings = read_everywhere(client, program, period)
        readings.assert_consistent(program)
        dashboard_overdue = readings.values["overdue"]["dashboard"]
        for where, value in overdue_on_the_default_period(client, program).items():
            assert value == dashboard_overdue, (
                f"{program.name}: overdue {value} on the {where}, {dashboard_overdue} on the dashboard"
            )
    return programs


def test_demo_figures_agree_everywhere(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    programs = check_every_program(client)
    # The demo has something to compare: overdue, done and waiting items.
    assert Milestone.objects.overdue().exists()
    assert Milestone.objects.done().exists()
    assert ProgressUpdate.objects.waiting_review().exists()
    assert len(programs) == 3


@pytest.fixture
def seeded():
    """Two programs; milestones in every state across partners and quarters; reports waiting."""
    admin = UserFactory(username="admin_figures", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    author = UserFactory(role=User.Role.PARTNER_STAFF)
    for name in ("Program Angka A", "Program Angka B"):
        program = ProgramFactory(name=name)
        endorsed = ProgramPartnerFactory(program=program, endorsement_status="endorsed")
        requested = ProgramPartnerFactory(program=program, endorsement_status="requested")
        ProgramPartnerFactory(program=program, endorsement_status="declined")
        outcome = OutcomeFactory(program=program)
        first, second = OutputFactory(outcome=outcome), OutputFactory(outcome=outcome)
        OutputFactory(outcome=OutcomeFactory(program=program))  # no milestones: progress n/a

        def milestone(output, owner, status, due, progress=0, completed_on=None, start=None):
            return MilestoneFactory(
                output=output,
                owner=owner,
                status=status,
                due_date=days(due),
                start_date=days(start if start is not None else min(due, 0) - 30),
                progress=progress,
                completed_on=days(completed_on) if completed_on is not None else None,
            )

        # Overdue: last quarter's (still open) and this month's, blocked or not.
        late = milestone(first, requested, MilestoneStatus.IN_PROGRESS, -120, progress=60)
        milestone(first, endorsed, MilestoneStatus.BLOCKED, -2, progress=20)
        milestone(second, requested, MilestoneStatus.PLANNED, -1)
        # Not overdue: due today, in the future, done late, cancelled past its date.
        milestone(second, endorsed, MilestoneStatus.PLANNED, 0)
        milestone(second, endorsed, MilestoneStatus.IN_PROGRESS, 20, progress=45)
        milestone(first, endorsed, MilestoneStatus.DONE, -40, progress=100, completed_on=-35)
        milestone(first, requested, MilestoneStatus.CANCELLED, -10, progress=30)
        # Done on time, and done with no completion date (not on time: it cannot be shown).
        on_time = milestone(second, requested, MilestoneStatus.DONE, -5, progress=100, completed_on=-6)
        milestone(second, endorsed, MilestoneStatus.DONE, -8, progress=90)
        # Reports: two waiting, one draft, one returned, one approved.
        for state in ("submitted", "submitted", "draft", "returned", "approved"):
            ProgressUpdateFactory(
                milestone=late if state != "approved" else on_time,
                author=author,
                state=state,
                submitted_at=timezone.now() if state != "draft" else None,
            )
    return admin


def test_seeded_figures_agree_everywhere(client, seeded):
    client.force_login(seeded)
    programs = check_every_program(client)
    assert len(programs) == 2
    # What the seeded set must read everywhere, so the comparison above has teeth.
    readings = read_everywhere(client, programs[0], covering_period()).values
    assert set(readings["overdue"].values()) == {3}
    assert set(readings["done"].values()) == {3}
    assert set(readings["waiting_review"].values()) == {2}
    assert set(readings["completion"].values()) == {Decimal("37.5")}  # 3 done of 8 (cancelled left out)
    assert set(readings["on_time"].values()) == {Decimal("33.3")}  # 1 of 3 done by its due date
    assert set(readings["missing_endorsement"].values()) == {2}
