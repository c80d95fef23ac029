"""Time the road-map tree and timeline for a program with many milestones.

    python manage.py roadmap_benchmark --milestones 2000 --runs 7

Creates a throwaway program (rolled back at the end, nothing is kept), renders each page
with the Django test client as its facilitator several times, and prints the median time,
the fastest and slowest run, the query count and the page size.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Membership, Organisation, Program, ProgramPartner, Province, User
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output


class Command(BaseCommand):
    help = "Measure the road-map tree and timeline on a throwaway program with N milestones."

    def add_arguments(self, parser):
        parser.add_argument("--milestones", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, milestones, runs, **options):
        with transaction.atomic():
            self._run(milestones, runs)
            transaction.set_rollback(True)  # the throwaway program is never kept

    def _build(self, n):
        today = timezone.localdate()
        province = Province.objects.order_by("pk").first()
        program = Program.objects.create(
            name="Benchmark peta jalan",
            goal="Benchmark",
            start_date=today - datetime.timedelta(days=365),
            end_date=today + datetime.timedelta(days=365),
            phase="managing",
        )
        partners = []
        for i in range(5):
            org = Organisation.objects.create(name=f"Benchmark mitra {i}", sector="civil_society", province=province)
            partners.append(ProgramPartner.objects.create(program=program, organisation=org, role="implementing"))
        user = User.objects.create(username=f"benchmark-{program.pk}", role=User.Role.FACILITATOR)
        Membership.objects.create(program=program, user=user, role=Membership.Role.FACILITATOR)
        outputs = []
        for o in range(5):
            outcome = Outcome.objects.create(program=program, statement=f"Capaian {o}", order=o)
            for k in range(4):
                outputs.append(Output.objects.create(outcome=outcome, statement=f"Keluaran {o}.{k}", order=k))
        statuses = list(MilestoneStatus.values)
        rows = []
        for i in range(n):
            start = today - datetime.timedelta(days=365) + datetime.timedelta(days=(i * 7) % 700)
            rows.append(
                Milestone(
                    program=program,
                    output=outputs[i % len(outputs)],
                    title=f"Tonggak capaian nomor {i}",
                    owner=partners[i % len(partners)],
                    start_date=start,
                    due_date=start + datetime.timedelta(days=30 + i % 60),
                    status=statuses[i % len(statuses)],
                    progress=(i * 17) % 101,
                )
            )
        created = Milestone.objects.bulk_create(rows)
        through = Milestone.depends_on.through
        # a chain of dependencies inside each output: every third milestone depends on the one before
        edges = [
            through(from_milestone_id=created[i].pk, to_milestone_id=created[i - len(outputs)].pk)
            for i in range(len(outputs), n, 3)
        ]
        through.objects.bulk_create(edges)
        return program, user

    def _run(self, n, runs):
        program, user = self._build(n)
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")), "testserver")
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        self.stdout.write(f"{n} milestones, {runs} runs per page (database: {connection.vendor})")
        for name in ("tree", "timeline"):
            url = reverse(f"roadmap:{name}", args=[program.pk])
            client.get(url)  # warm-up: template loading, first-query costs
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            self.stdout.write(
                f"{name:<9} median {statistics.median(timings) * 1000:7.1f} ms  "
                f"min {min(timings) * 1000:7.1f} ms  max {max(timings) * 1000:7.1f} ms  "
                f"queries {len(queries.captured_queries)}  size {len(response.content) // 1024} KiB"
            )
