"""Time the heavy pages server-side against a minimal logged-in page, on whatever data is loaded.

    python manage.py seed_scale            # once, on PostgreSQL (kemitraan_scale)
    DEBUG=false python manage.py benchmark [--runs 7] [--sweep [--commit-sweep]] [--markdown] [--json FILE]

Each page is requested in-process with Django's test Client (no network, no browser), `--runs`
times after one warm-up; the median is reported with its ratio to the floor and its SQL query
count. The floor is Django's password-change page: login required, the full base layout with
navigation and the unread-notification count, one small form, nothing else.

Every program-scoped page is also requested for the *smallest* subject (smallest program,
least busy facilitator/staff) so the two query counts show whether they are constant in the
data size. `--sweep` times one reminder sweep over the whole data set (then the next day's sweep,
which only finds what fell due since) inside a transaction that
is rolled back (emails go to the in-memory backend), so the benchmark can be repeated.
`--commit-sweep` measures the same two sweeps committed, as production runs them (the reminders
they record stay, so a second run finds nothing new: re-seed before measuring again).

`--json FILE` also writes every measurement as JSON (see `as_json`): per page its median, ratio
to the floor, query counts (largest and smallest subject) and HTML size, plus `sweep_first_s`,
`sweep_next_day_s` and `pdf_s`. docs/PERFORMANCE.md shows how the numbers are read.
"""

import datetime
import io
import json
import logging
import statistics
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.reminders import HOLD, run_sweep, send_claimed
from partners.models import Membership, Program, User
from reports.exports import render_program_pdf
from reports.forms import PeriodForm
from reports.selectors import build_program_report
from reports.tables import program_tables

TARGET_RATIO = 3.0
TARGET_SWEEP_SECONDS = 10.0  # the first sweep over the whole backlog (issue 19)
TARGET_NEXT_DAY_SECONDS = 3.0  # the next day's sweep


@dataclass
class Result:
    label: str
    median_ms: float | None
    queries: int | None
    queries_small: int | None = None
    status: int | None = None
    note: str = ""
    key: str = ""
    html_bytes: int | None = None


class RollbackError(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the heavy pages against a minimal logged-in page (server-side medians, query counts)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--sweep", action="store_true", help="also time one reminder sweep (rolled back)")
        parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
        parser.add_argument("--no-pages", action="store_true", help="only the floor (and the sweep with --sweep)")
        parser.add_argument(
            "--commit-sweep", action="store_true", help="with --sweep: commit the sweeps (as production does)"
        )
        parser.add_argument("--json", dest="json_path", metavar="FILE", help="also write the results as JSON")

    def handle(
        self,
        *args,
        runs=7,
        sweep=False,
        markdown=False,
        no_pages=False,
        commit_sweep=False,
        json_path=None,
        **options,
    ):
        # Time what production runs: no template debug, no query logging outside the counting run.
        settings.DEBUG = False
        logging.getLogger("django.request").setLevel(logging.ERROR)  # refused probes are expected
        self.runs = max(1, runs)
        subjects = self.pick_subjects()
        for key, value in subjects.items():
            self.stdout.write(f"  {key:<22} {value}")
        results = []
        floor = self.page("floor: password change page", subjects["facilitator"], "password_change")
        results.append(floor)
        big, small = subjects["program"], subjects["small_program"]
        results += (
            []
            if no_pages
            else [
                self.page(
                    "facilitator dashboard",
                    subjects["facilitator"],
                    "facilitation:dashboard",
                    small_user=subjects["small_facilitator"],
                ),
                self.page(
                    "road map (tree)",
                    subjects["program_facilitator"],
                    "roadmap:tree",
                    big,
                    small,
                    subjects["small_fac_of"],
                ),
                self.page(
                    "road map timeline",
                    subjects["program_facilitator"],
                    "roadmap:timeline",
                    big,
                    small,
                    subjects["small_fac_of"],
                ),
                self.page(
                    "my milestones", subjects["staff"], "roadmap:my_milestones", small_user=subjects["small_staff"]
                ),
                self.page(
                    "program report", subjects["manager"], "reports:program", big, small, subjects["small_mgr_of"]
                ),
                self.page(
                    "portfolio report", subjects["manager"], "reports:portfolio", small_user=subjects["small_manager"]
                ),
                self.pdf(subjects["manager"], big, small, subjects["small_mgr_of"]),
                self.page(
                    "results IPTT",
                    subjects["results_manager"],
                    "results:iptt",
                    subjects["results_program"],
                    subjects["small_results_program"],
                    subjects["small_results_mgr_of"],
                ),
                self.page(
                    "results portfolio roll-up",
                    subjects["manager"],
                    "results:portfolio",
                    small_user=subjects["small_manager"],
                ),
            ]
        )
        if sweep:
            results += self.sweep(commit=commit_sweep)
        self.report(results, floor.median_ms, markdown)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(as_json(results, floor.median_ms, committed=commit_sweep), handle, indent=2)
            self.stdout.write(f"Wrote {json_path}")

    # ------------------------------------------------------------------ subjects
    def pick_subjects(self):
        facilitators = User.objects.filter(role=User.Role.FACILITATOR).annotate(
            n=Count("memberships", filter=Q(memberships__role="facilitator"))
        )
        programs = Program.objects.annotate(n=Count("milestones"))
        staff = User.objects.filter(role=User.Role.PARTNER_STAFF).annotate(n=Count("responsible_milestones"))
        managers = User.objects.filter(role=User.Role.MANAGER).annotate(
            n=Count("memberships", filter=Q(memberships__role="manager"))
        )
        program = programs.order_by("-n", "pk").first()
        small_program = programs.filter(n__gt=0).order_by("n", "pk").first()
        manager_of = Membership.objects.filter(program=program, role="manager").select_related("user").first()
        facilitator_of = Membership.objects.filter(program=program, role="facilitator").select_related("user").first()

        def member(program, role):
            found = Membership.objects.filter(program=program, role=role).select_related("user").first()
            return found.user if found else None

        # The IPTT's subject: the program with the most indicators; seed_scale gives every program
        # the same number per output, so the first (the largest program) wins the tie.
        by_indicators = Program.objects.annotate(k=Count("indicators"))
        results_program = by_indicators.order_by("-k", "pk").first()
        small_results_program = by_indicators.filter(k__gt=0).order_by("k", "-pk").first()

        return {
            "facilitator": facilitators.order_by("-n", "pk").first(),
            "small_facilitator": facilitators.filter(n__gt=0).order_by("n", "pk").first(),
            "program": program,
            "small_program": small_program,
            "program_facilitator": facilitator_of.user if facilitator_of else None,
            "small_fac_of": member(small_program, "facilitator"),
            "small_mgr_of": member(small_program, "manager"),
            "staff": staff.order_by("-n", "pk").first(),
            "small_staff": staff.filter(n__gt=0).order_by("n", "pk").first(),
            "manager": manager_of.user if manager_of else managers.order_by("-n", "pk").first(),
            "small_manager": managers.filter(n__gt=0).order_by("n", "pk").first(),
            "results_program": results_program,
            "small_results_program": small_results_program,
            "results_manager": member(results_program, "manager"),
            "small_results_mgr_of": member(small_results_program, "manager"),
        }

    # ------------------------------------------------------------------ measuring
    def _client(self, user):
        client = Client()
        client.force_login(user)
        return client

    def _measure(self, client, url):
        """(median ms, status, query count, HTML bytes) of GET url."""
        response = client.get(url)  # warm-up (template loading, caches)
        status = response.status_code
        timings = []
        for _ in range(self.runs):
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                size = len(b"".join(response.streaming_content))
            else:
                size = len(response.content)
        return statistics.median(timings), status, len(queries), size

    def _count(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(queries)

    def page(self, label, user, name, program=None, small_program=None, small_user=None, args=(), query=""):
        if user is None:
            return Result(label, None, None, note="no such user in the data")
        url = reverse(name, args=[program.pk, *args] if program else list(args)) + query
        client = self._client(user)
        median, status, queries, size = self._measure(client, url)
        result = Result(label, median, queries, status=status, html_bytes=size)
        if small_program is not None:
            small_client = self._client(small_user) if small_user is not None else client
            result.queries_small = self._count(small_client, reverse(name, args=[small_program.pk, *args]) + query)
        elif small_user is not None:
            result.queries_small = self._count(self._client(small_user), url)
        if status != 200:
            result.note = f"HTTP {status}"
        return result

    def pdf(self, user, program, small_program, small_user):
        """The program-report PDF as the export task renders it (reports.tasks.build_export)."""
        label = "program report PDF"

        def render(p):
            report = build_program_report(p, PeriodForm().period_or_default(), hide_individual_scores=True)
            target = io.BytesIO()
            render_program_pdf(report, program_tables(report), target)
            return target.getbuffer().nbytes

        render(program)  # warm-up (fonts)
        timings = []
        runs = max(1, min(self.runs, 3))  # a PDF takes seconds; three runs give a fair median
        for _ in range(runs):
            started = time.perf_counter()
            size = render(program)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            render(program)
        with CaptureQueriesContext(connection) as small_queries:
            render(small_program)
        result = Result(label, statistics.median(timings), len(queries), len(small_queries), key="pdf")
        result.note = f"{size / 1024:.0f} KiB, rendered in-process (no HTTP)"
        return result

    def sweep(self, commit=False):
        """The first sweep over the whole data set (the backlog), then the next day's sweep.

        Rolled back by default so the benchmark can be repeated; `commit=True` lets each sweep
        commit as it does in production (the timing then includes the commits)."""
        results = []
        runs = [
            ("reminder sweep (whole data set)", "sweep_first", None),
            ("reminder sweep, next day", "sweep_next_day", timezone.now() + datetime.timedelta(days=1)),
        ]

        def measure(label, key, now):
            # The sweep records, claims and creates the in-app notifications; each claimed batch's
            # emails are then sent by the worker (tasks.send_reminder_emails), timed apart here.
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                sweep = run_sweep(now, emails=HOLD)
                elapsed = (time.perf_counter() - started) * 1000
            with CaptureQueriesContext(connection) as email_queries:
                started = time.perf_counter()
                email_stats = Counter()
                for claim, user_ids in sweep.claims:
                    email_stats.update(send_claimed(claim, now, user_ids))
                email_elapsed = (time.perf_counter() - started) * 1000
            note = ", ".join(f"{k}={v}" for k, v in sorted(sweep.stats.items()) if v)
            email_note = ", ".join(f"{k}={v}" for k, v in sorted(email_stats.items()) if v)
            email_note = f"{len(sweep.claims)} batches, by the worker after the sweep; {email_note}"
            if commit:
                note = f"committed; {note}"
            return [
                Result(label, elapsed, len(queries), note=note, key=key),
                Result(f"{label}: its emails", email_elapsed, len(email_queries), note=email_note, key=f"{key}_emails"),
            ]

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            if commit:
                return [result for run in runs for result in measure(*run)]
            try:
                with transaction.atomic():
                    results = [result for run in runs for result in measure(*run)]
                    raise RollbackError
            except RollbackError:
                pass
        return results

    # ------------------------------------------------------------------ output
    def report(self, results, floor_ms, markdown):
        self.stdout.write("")
        header = ["page", "median ms", "x floor", "queries", "queries (smallest)", "note"]
        rows = []
        for r in results:
            ratio = f"{r.median_ms / floor_ms:.1f}x" if r.median_ms and floor_ms else "-"
            rows.append(
                [
                    r.label,
                    f"{r.median_ms:.1f}" if r.median_ms is not None else "-",
                    ratio if "sweep" not in r.label else "-",
                    str(r.queries) if r.queries is not None else "-",
                    str(r.queries_small) if r.queries_small is not None else "-",
                    r.note if len(r.note) < 40 else r.note[:37] + "...",
                ]
            )
        if markdown:
            self.stdout.write("| " + " | ".join(header) + " |")
            self.stdout.write("|" + "---|" * len(header))
            for row in rows:
                self.stdout.write("| " + " | ".join(row) + " |")
        else:
            widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
            for row in [header, *rows]:
                self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        self.stdout.write("")
        for r in results:
            if len(r.note) >= 40:
                self.stdout.write(f"{r.label}: {r.note}")
        for r in results:
            if r.median_ms is None:
                continue
            if "sweep" in r.label:
                if "emails" in r.label:
                    # Sent by the worker in batches after the sweep commits: no target of their own.
                    self.stdout.write(f"     {r.label}: {r.median_ms / 1000:.1f}s (by the worker, after the sweep)")
                    continue
                target = TARGET_NEXT_DAY_SECONDS if "next day" in r.label else TARGET_SWEEP_SECONDS
                ok = r.median_ms / 1000 <= target
                self.stdout.write(
                    f"{'OK  ' if ok else 'MISS'} {r.label}: {r.median_ms / 1000:.1f}s (target <= {target:g} s)"
                )
            elif r is not results[0]:
                ok = r.median_ms <= TARGET_RATIO * floor_ms
                constant = r.queries_small is None or r.queries_small == r.queries
                self.stdout.write(
                    f"{'OK  ' if ok else 'MISS'} {r.label}: {r.median_ms / floor_ms:.1f}x floor (target <= 3x); "
                    f"queries {'constant' if constant else 'DIFFER'} ({r.queries_small} small / {r.queries} large)"
                )


def page_key(label):
    """'road map (tree)' -> 'road_map_tree': the stable JSON name of a measured page."""
    return "_".join("".join(c if c.isalnum() else " " for c in label.lower()).split())


def as_json(results, floor_ms, committed=False):
    """Every measurement as one JSON-ready dict (the shape docs/PERFORMANCE.md describes)."""
    data = {"floor_ms": round(floor_ms, 2) if floor_ms else None, "pages": {}, "sweep_committed": committed}
    for r in results:
        if r.key.startswith("sweep"):
            data[f"{r.key}_s"] = round(r.median_ms / 1000, 3) if r.median_ms is not None else None
            data[f"{r.key}_queries"] = r.queries
            continue
        if r.key == "pdf":
            data["pdf_s"] = round(r.median_ms / 1000, 3) if r.median_ms is not None else None
        key = r.key or page_key(r.label.split(":")[0])
        data["pages"][key] = {
            "label": r.label,
            "median_ms": round(r.median_ms, 2) if r.median_ms is not None else None,
            "ratio_to_floor": round(r.median_ms / floor_ms, 2) if r.median_ms and floor_ms else None,
            "queries": r.queries,
            "queries_smallest": r.queries_small,
            "html_bytes": r.html_bytes,
            "status": r.status,
            "note": r.note,
        }
    return data
