"""Measure the reports on generated data, inside a transaction that is rolled back at the end.

    python manage.py reports_benchmark [--milestones 200000] [--programs 500]

Reports: program-report build time and query count (2,000 milestones), portfolio build time and
query count (N programs), PDF bulletin time, and Excel export time and peak Python memory for the
milestone list (tracemalloc). Record the results in docs/reports.md; these are not timed tests.
"""

import datetime
import os
import tempfile
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Contribution, Membership, Organisation, Phase, Program, ProgramPartner, Province, User
from reports.exports import render_program_pdf, write_xlsx
from reports.forms import year_period
from reports.selectors import build_portfolio, build_program_report, portfolio_program_rows
from reports.tables import milestone_list, portfolio_tables, program_tables
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output


def rss_mb():
    """Current resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class RollbackError(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the program/portfolio reports, the PDF bulletin and a large Excel export (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--milestones", type=int, default=200_000, help="rows in the Excel export")
        parser.add_argument("--programs", type=int, default=500, help="programs in the portfolio")

    def handle(self, *args, milestones, programs, **options):
        try:
            with transaction.atomic():
                self.run(milestones, programs)
                raise RollbackError
        except RollbackError:
            self.stdout.write("(generated data rolled back)")

    def line(self, label, value):
        self.stdout.write(f"{label:<48} {value}")

    def run(self, milestone_total, program_total):
        today = timezone.localdate()
        period = year_period(today.year)
        province = Province.objects.order_by("pk").first()
        org = Organisation.objects.create(name="Bench Org", sector="business", province=province)
        manager = User.objects.create(username=f"bench-{time.time_ns()}", role=User.Role.MANAGER)
        progs = Program.objects.bulk_create(
            [
                Program(name=f"Bench {i:04}", goal="g", start_date=today, phase=Phase.MANAGING)
                for i in range(program_total)
            ]
        )
        Membership.objects.bulk_create([Membership(program=p, user=manager, role="manager") for p in progs])
        partners = ProgramPartner.objects.bulk_create(
            [ProgramPartner(program=p, organisation=org, role="implementing", is_initial_funder=True) for p in progs]
        )
        Program.provinces.through.objects.bulk_create(
            [Program.provinces.through(program=p, province=province) for p in progs]
        )
        outcomes = Outcome.objects.bulk_create([Outcome(program=p, statement="Capaian") for p in progs])
        outputs = Output.objects.bulk_create([Output(outcome=o, statement="Keluaran " * 5) for o in outcomes])
        Contribution.objects.bulk_create(
            [Contribution(partner=pp, kind="cash", description="d", value_idr=1_000_000, date=today) for pp in partners]
        )

        # The first program carries 2,000 milestones; the rest of the rows are spread over the others.
        self.stdout.write(f"generating {milestone_total} milestones over {program_total} programs ...")
        started = time.perf_counter()
        batch = []
        first_share = min(2000, milestone_total)
        for i in range(milestone_total):
            index = 0 if i < first_share else 1 + (i % max(1, program_total - 1))
            due = today - datetime.timedelta(days=i % 300)
            done = i % 3 == 0
            batch.append(
                Milestone(
                    program=progs[index],
                    output=outputs[index],
                    owner=partners[index],
                    title=f"Tonggak capaian {i}",
                    start_date=due - datetime.timedelta(days=30),
                    due_date=due,
                    status=MilestoneStatus.DONE if done else MilestoneStatus.IN_PROGRESS,
                    completed_on=due if done else None,
                )
            )
            if len(batch) == 5000:
                Milestone.objects.bulk_create(batch)
                batch = []
        Milestone.objects.bulk_create(batch)
        self.line("data generation", f"{time.perf_counter() - started:.1f} s")

        program = progs[0]
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            report = build_program_report(program, period)
            tables = program_tables(report)
            elapsed = time.perf_counter() - started
        self.line(
            f"program report ({report.stats.ms_total} milestones)", f"{elapsed * 1000:.0f} ms, {len(ctx)} queries"
        )

        with tempfile.TemporaryDirectory() as tmp:
            # The first PDF in a process also loads fonts; a Celery worker renders the later ones warm.
            for label in ("program PDF bulletin (first, cold)", "program PDF bulletin (warm)"):
                started = time.perf_counter()
                render_program_pdf(report, tables, os.path.join(tmp, "r.pdf"))
                size = os.path.getsize(os.path.join(tmp, "r.pdf"))
                self.line(label, f"{time.perf_counter() - started:.2f} s, {size // 1024} KB")

            programs = Program.objects.filter(pk__in=[p.pk for p in progs])
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                portfolio = build_portfolio(programs, period)
                rows = list(portfolio_program_rows(programs, period)[:50])
                len(portfolio_tables(portfolio, rows)[0].rows)  # the program table is built on first use
                elapsed = time.perf_counter() - started
            self.line(f"portfolio ({portfolio.program_count} programs)", f"{elapsed * 1000:.0f} ms, {len(ctx)} queries")
            slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
            for query in slowest:
                self.line("  slowest query", f"{float(query['time']) * 1000:.0f} ms: {query['sql'][:70]}")

            milestones = Milestone.objects.filter(program__in=programs)
            path = os.path.join(tmp, "m.xlsx")
            # Resident memory sampled every 5,000 rows: bounded means it stays flat as rows grow.
            base = rss_mb()
            samples = []
            started = time.perf_counter()
            written = write_xlsx(
                [milestone_list(milestones, with_program=True)],
                path,
                progress=lambda pct: samples.append(rss_mb()),
                expected_rows=milestone_total,
            )
            elapsed = time.perf_counter() - started
            growth = max(samples or [base]) - base
            early = (samples[1] - base) if len(samples) > 1 else growth
            self.line(
                f"Excel milestone list ({written} rows)",
                f"{elapsed:.1f} s, RSS growth {early:.1f} MB after 10,000 rows, {growth:.1f} MB at most, "
                f"file {os.path.getsize(path) / 1024 / 1024:.1f} MB",
            )
