"""Fill a throwaway database with a large portfolio and time one reminder sweep.

    createdb -h 127.0.0.1 -U postgres kemitraan_bench_notif
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kemitraan_bench_notif python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kemitraan_bench_notif \
        python manage.py reminders_benchmark --milestones 200000 --people 20000

Refuses to run on a database whose name does not contain "bench". Emails go to the
in-memory backend (rendered and "sent", not delivered), so the timing includes rendering.
"""

import datetime
import os
import random
import time

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from notifications.models import Notification, Reminder
from notifications.reminders import Sweep, deliver_pending
from partners.models import Membership, Organisation, Program, ProgramPartner, Province, User
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output, ProgressUpdate


class Command(BaseCommand):
    help = "Benchmark the reminder sweep on generated data (throwaway database only)."

    def add_arguments(self, parser):
        parser.add_argument("--milestones", type=int, default=200_000)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--per-program", type=int, default=100, help="people per program")
        parser.add_argument("--reuse", action="store_true", help="keep existing generated data, only re-run")
        parser.add_argument("--seed", type=int, default=6)

    def handle(self, *args, milestones, people, per_program, reuse, seed, **options):
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name:
            raise CommandError(f"Refusing to fill database {name!r}: use a throwaway database named *bench*.")
        random.seed(seed)
        if not reuse or not Milestone.objects.exists():
            started = time.perf_counter()
            self._generate(milestones, people, per_program)
            self.stdout.write(f"Generated data in {time.perf_counter() - started:.1f}s")
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        self._report("first sweep (the whole backlog)", *self._sweep())
        self._report("second sweep (nothing new)", *self._sweep())
        self._report(
            "a sweep one day later (a day's new reminders)", *self._sweep(timezone.now() + datetime.timedelta(days=1))
        )

    def _sweep(self, now=None):
        now = now or timezone.now()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            with CaptureQueriesContext(connection) as collect_queries:
                started, cpu = time.perf_counter(), time.process_time()
                sweep = Sweep(now)
                sweep.collect()
                collect_time = (time.perf_counter() - started, time.process_time() - cpu)
            with CaptureQueriesContext(connection) as deliver_queries:
                started, cpu = time.perf_counter(), time.process_time()
                stats = deliver_pending(now)
                deliver_time = (time.perf_counter() - started, time.process_time() - cpu)
            emails = len(mail.outbox)
            mail.outbox = []
        sizes = {"milestones": Milestone.objects.count(), "people": User.objects.count()}
        return (
            sizes,
            sweep.stats,
            stats,
            emails,
            (collect_time, len(collect_queries)),
            (deliver_time, len(deliver_queries)),
        )

    def _report(self, title, sizes, collected, delivered, emails, collect, deliver):
        recorded = sum(v for k, v in collected.items() if k != "milestones_scanned")
        kinds = ", ".join(f"{k}={v}" for k, v in sorted(collected.items()) if k != "milestones_scanned")
        (collect_wall, collect_cpu), collect_queries = collect
        (deliver_wall, deliver_cpu), deliver_queries = deliver
        self.stdout.write(
            f"{title}: {sizes['milestones']} milestones, {sizes['people']} people, "
            f"{collected.get('milestones_scanned', 0)} milestones in the reminder window\n"
            f"  collect: {collect_wall:.2f}s wall ({collect_cpu:.2f}s Python CPU), {collect_queries} queries, "
            f"{recorded} new reminders ({kinds})\n"
            f"  deliver: {deliver_wall:.2f}s wall ({deliver_cpu:.2f}s Python CPU), {deliver_queries} queries, "
            f"{delivered.get('claimed', 0)} claimed, {delivered.get('in_app', 0)} in-app notifications, "
            f"{emails} emails\n"
            f"  total:   {collect_wall + deliver_wall:.2f}s wall, load average {os.getloadavg()[0]:.1f}"
        )

    @transaction.atomic
    def _generate(self, n_milestones, n_people, per_program):
        today = timezone.localdate()
        now = timezone.now()
        province = Province.objects.first()
        n_programs = max(1, n_people // per_program)
        partners_per_program = 5
        programs = Program.objects.bulk_create(
            [
                Program(name=f"Program Bench {i}", goal="Bench", start_date=today - datetime.timedelta(days=400),
                        phase="managing")
                for i in range(n_programs)
            ]
        )  # fmt: skip
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Lembaga Bench {i}", sector="civil_society", province=province)
                for i in range(n_programs * partners_per_program)
            ],
            batch_size=5000,
        )
        partners = ProgramPartner.objects.bulk_create(
            [
                ProgramPartner(
                    program=programs[i // partners_per_program], organisation=org, role="implementing",
                    endorsement_status="requested" if i % 17 == 0 else "endorsed",
                )
                for i, org in enumerate(orgs)
            ],
            batch_size=5000,
        )  # fmt: skip
        users, memberships = [], []
        for i in range(n_people):
            program_index = (i // per_program) % n_programs
            slot = i % per_program
            if slot == 0:
                role, partner = "facilitator", None
            elif slot == 1:
                role, partner = "manager", None
            else:
                partner = partners[program_index * partners_per_program + slot % partners_per_program]
                role = "partner_lead" if slot < 2 + partners_per_program else "partner_staff"
            users.append(
                User(username=f"bench{i}", email=f"bench{i}@example.org", password="!", role=role,
                     organisation_id=partner.organisation_id if partner else None, language="id" if i % 3 else "en")
            )  # fmt: skip
            memberships.append((program_index, role, partner))
        users = User.objects.bulk_create(users, batch_size=5000)
        Membership.objects.bulk_create(
            [
                Membership(program=programs[p], user=user, role=role, partner=partner)
                for user, (p, role, partner) in zip(users, memberships, strict=True)
            ],
            batch_size=5000,
        )
        staff_by_partner = {}
        for user, (_, _role, partner) in zip(users, memberships, strict=True):
            if partner is not None:
                staff_by_partner.setdefault(partner.pk, []).append(user.pk)
        outputs = []
        for program in programs:
            outcome = Outcome.objects.create(program=program, statement="Capaian bench")
            outputs.append(Output.objects.create(outcome=outcome, statement="Keluaran bench"))
        open_ = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_PROGRESS]
        statuses = [
            *open_,
            MilestoneStatus.DONE,
            MilestoneStatus.DONE,
            MilestoneStatus.BLOCKED,
            MilestoneStatus.CANCELLED,
        ]
        rows = []
        for i in range(n_milestones):
            p = i % n_programs
            partner = partners[p * partners_per_program + random.randrange(partners_per_program)]
            due = today + datetime.timedelta(days=random.randint(-365, 365))
            chosen = random.choice(statuses)
            rows.append(
                Milestone(
                    program_id=programs[p].pk, output_id=outputs[p].pk, owner_id=partner.pk,
                    responsible_id=random.choice(staff_by_partner.get(partner.pk, [None])),
                    title=f"Tonggak capaian bench {i}", start_date=due - datetime.timedelta(days=120),
                    due_date=due, status=chosen,
                    last_progress_at=now - datetime.timedelta(days=random.randint(0, 60)) if i % 4 else None,
                )
            )  # fmt: skip
            if len(rows) == 10_000:
                Milestone.objects.bulk_create(rows)
                rows = []
        Milestone.objects.bulk_create(rows)
        sample = list(
            Milestone.objects.order_by("?").values_list("pk", "owner_id", "program_id")[: max(1, n_milestones // 40)]
        )
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    milestone_id=pk, program_id=program_id,
                    author_id=random.choice(staff_by_partner.get(owner, [users[0].pk])),
                    state="submitted", new_status="in_progress", progress=50, narrative="Bench",
                    submitted_at=now - datetime.timedelta(days=random.randint(0, 10)),
                )
                for pk, owner, program_id in sample
            ],
            batch_size=5000,
        )  # fmt: skip
