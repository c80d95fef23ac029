"""Fill the database with a national-scale data set for the benchmark and the load run.

    python manage.py seed_scale                      # 500 programs, 5,000 organisations, 20,000 people,
                                                     # 200,000 milestones (+ updates, contributions, ...)
    python manage.py seed_scale --programs 5 --organisations 40 --people 150 --milestones 1000
    python manage.py seed_scale --only results       # indicators, 8 quarters of targets and results

Meant for PostgreSQL (`DATABASE_URL=postgres://.../kemitraan_scale`); it works on SQLite at
small sizes. Everything is inserted with `bulk_create` in batches, bypassing the actions on
purpose: this is synthetic load, not an audit trail. All names start with "Skala" so the data
set is recognisable. Stages are idempotent: a stage whose rows already exist is skipped, so
running again after a new app lands fills only the new stage (meetings, assessments, ...).
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import (
    Assessment,
    Behaviour,
    Framework,
    HealthCheck,
    HealthDimension,
    HealthScore,
    Round,
    Score,
)
from facilitation.models import ActionItem, Decision, Meeting
from partners.models import Activity, Contribution, Membership, Organisation, Program, ProgramPartner, Regency, User
from partners.regions import load_regions
from results.models import (
    BreakdownCategory,
    BreakdownOption,
    BreakdownValue,
    Indicator,
    PeriodTarget,
    ReportingPeriod,
    Result,
    StandardIndicator,
)
from roadmap.models import Comment, Milestone, Outcome, Output, ProgressUpdate, Revision

PREFIX = "Skala"
USER_PREFIX = "skala_"
PASSWORD = "kemitraan-skala"

SECTORS = ["government", "business", "civil_society", "academia", "media", "community", "donor"]
PARTNER_ROLES = ["lead", "implementing", "funding", "technical", "beneficiary", "other"]
CONTRIBUTION_KINDS = ["cash", "in_kind", "expertise", "facilities", "network"]
WORDS = [
    "Pelatihan",
    "Survei",
    "Lokakarya",
    "Pendataan",
    "Penyaluran",
    "Pendampingan",
    "Monitoring",
    "Sosialisasi",
    "Evaluasi",
    "Pembangunan",
]
INDICATOR_NAMES = [
    ("Rumah tangga desil 1–4 dengan usaha produktif", "rumah tangga"),
    ("Peserta pelatihan kewirausahaan", "orang"),
    ("Kelompok usaha aktif", "kelompok"),
]
PLACES = ["Desa Oelnasi", "Desa Kuanheun", "Kec. Amarasi", "Kab. Sumba Timur", "Kab. Lombok Timur", "Kota Kupang"]


class Progress:
    """A plain-stdout progress bar: one line per batch, with the rate so far."""

    def __init__(self, out, label, total):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.done, self.started = 0, time.monotonic()

    def step(self, n):
        self.done += n
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed else 0
        self.out.write(
            f"  {self.label:<14} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>9,}/{self.total:,}  {elapsed:6.1f}s  {rate:,.0f}/s"
        )
        self.out.flush()


def bulk(out, model, objects, label, batch=5000):
    """bulk_create in batches with a progress line; returns the created objects (with pks)."""
    objects = list(objects)
    bar = Progress(out, label, len(objects))
    created = []
    for start in range(0, len(objects), batch):
        chunk = objects[start : start + batch]
        with transaction.atomic():
            created.extend(model.objects.bulk_create(chunk, batch_size=batch))
        bar.step(len(chunk))
    if not objects:
        bar.step(0)
    return created


class Command(BaseCommand):
    help = "Seed a national-scale synthetic data set (bulk inserts, idempotent per stage)."

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=500)
        parser.add_argument("--organisations", type=int, default=5000)
        parser.add_argument("--people", type=int, default=20000)
        parser.add_argument("--milestones", type=int, default=200_000)
        parser.add_argument("--largest", type=int, default=2000, help="milestones in the largest program")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated stages to run (core, meetings, assessments, governance, results)",
        )
        parser.add_argument("--indicators-per-output", type=int, default=3)
        parser.add_argument("--result-periods", type=int, default=8, help="past quarters with targets and results")

    def handle(self, *args, **opts):
        if opts["programs"] < 1 or opts["organisations"] < 2 or opts["milestones"] < opts["programs"]:
            raise CommandError("Need at least 1 program, 2 organisations and one milestone per program.")
        if opts["people"] < opts["programs"] // 2 + opts["programs"] // 10 + opts["organisations"] + 2:
            raise CommandError("Need enough people: facilitators, managers and one lead per organisation.")
        self.opts = opts
        self.rng = random.Random(opts["seed"])
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.batch = opts["batch"]
        only = {s.strip() for s in opts["only"].split(",") if s.strip()}
        started = time.monotonic()
        stages = [
            ("core", self.stage_core),
            ("meetings", self.stage_meetings),
            ("governance", self.stage_governance),
            ("assessments", self.stage_assessments),
            ("results", self.stage_results),
        ]
        for name, stage in stages:
            if only and name not in only:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"Stage {name}"))
            stage()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s."))
        self.summary()

    # ------------------------------------------------------------------ helpers
    def scale_programs(self):
        return Program.objects.filter(name__startswith=PREFIX)

    def summary(self):
        counts = {
            "programs": self.scale_programs().count(),
            "organisations": Organisation.objects.filter(name__startswith=PREFIX).count(),
            "people": User.objects.filter(username__startswith=USER_PREFIX).count(),
            "milestones": Milestone.objects.filter(program__name__startswith=PREFIX).count(),
            "progress updates": ProgressUpdate.objects.filter(milestone__program__name__startswith=PREFIX).count(),
        }
        counts["meetings"] = Meeting.objects.filter(program__name__startswith=PREFIX).count()
        counts["assessment rounds"] = Round.objects.filter(program__name__startswith=PREFIX).count()
        counts["indicators"] = Indicator.objects.filter(program__name__startswith=PREFIX).count()
        counts["results"] = Result.objects.filter(indicator__program__name__startswith=PREFIX).count()
        for label, n in counts.items():
            self.stdout.write(f"  {label:<18} {n:>9,}")

    # ------------------------------------------------------------------ core
    def stage_core(self):
        if self.scale_programs().exists():
            self.stdout.write("  already seeded: skipped")
            return
        self.seed_organisations()
        self.seed_people()
        self.seed_programs()
        self.seed_roadmap()
        self.seed_updates()
        self.seed_contributions_and_feed()

    def seed_organisations(self):
        # Real Kemendagri regencies (issue 14): provinces, regencies and districts are loaded if missing.
        if not Regency.objects.exists():
            load_regions()
        regencies = list(Regency.objects.values_list("pk", "province_id").order_by("code"))
        self.regencies = regencies
        rng = self.rng
        placed = [rng.choice(regencies) for _ in range(self.opts["organisations"])]
        self.orgs = bulk(
            self.stdout,
            Organisation,
            (
                Organisation(
                    name=f"{PREFIX} Lembaga {i:05d}",
                    sector=SECTORS[i % len(SECTORS)],
                    province_id=placed[i][1],
                    regency_id=placed[i][0],
                )
                for i in range(self.opts["organisations"])
            ),
            "organisations",
            self.batch,
        )

    def seed_people(self):
        n_programs = self.opts["programs"]
        n_fac, n_mgr = max(1, n_programs // 2), max(1, n_programs // 10)
        password = make_password(PASSWORD)
        people = []

        def person(i, role, organisation=None, **extra):
            return User(
                username=f"{USER_PREFIX}{i:05d}",
                first_name="Skala",
                last_name=f"{i:05d}",
                email=f"{USER_PREFIX}{i:05d}@example.org",
                role=role,
                organisation_id=organisation,
                password=password,
                **extra,
            )

        i = 0
        for _ in range(n_fac):
            people.append(person(i, User.Role.FACILITATOR, facilitator_kind="external"))
            i += 1
        for _ in range(n_mgr):
            people.append(person(i, User.Role.MANAGER))
            i += 1
        # One lead per organisation, then staff spread round-robin over the organisations.
        for org in self.orgs:
            people.append(person(i, User.Role.PARTNER_LEAD, org.pk))
            i += 1
        k = 0
        while i < self.opts["people"]:
            people.append(person(i, User.Role.PARTNER_STAFF, self.orgs[k % len(self.orgs)].pk))
            i += 1
            k += 1
        created = bulk(self.stdout, User, people, "people", self.batch)
        self.facilitators = created[:n_fac]
        self.managers = created[n_fac : n_fac + n_mgr]
        self.people_by_org = {}
        for user in created[n_fac + n_mgr :]:
            self.people_by_org.setdefault(user.organisation_id, []).append(user)

    def seed_programs(self):
        rng, n = self.rng, self.opts["programs"]
        phases = ["managing"] * 6 + ["scoping", "reviewing", "sustaining", "closed"]
        programs = [
            Program(
                name=f"{PREFIX} Program {p:04d}",
                goal="Menurunkan angka kemiskinan ekstrem di desa sasaran.",
                start_date=self.today - datetime.timedelta(days=rng.randint(200, 900)),
                end_date=self.today + datetime.timedelta(days=rng.randint(100, 900)),
                phase="managing" if p == 0 else phases[p % len(phases)],
            )
            for p in range(n)
        ]
        self.programs = bulk(self.stdout, Program, programs, "programs", self.batch)
        # Each program works in one to three real regencies; its provinces are theirs.
        places = {program.pk: rng.sample(self.regencies, rng.randint(1, 3)) for program in self.programs}
        through = Program.regencies.through
        bulk(
            self.stdout,
            through,
            (through(program_id=pk, regency_id=regency) for pk, chosen in places.items() for regency, _p in chosen),
            "regencies",
            self.batch,
        )
        through = Program.provinces.through
        bulk(
            self.stdout,
            through,
            (
                through(program_id=pk, province_id=province)
                for pk, chosen in places.items()
                for province in sorted({province for _r, province in chosen})
            ),
            "regions",
            self.batch,
        )
        # Partners: every organisation takes part somewhere; some in two or three programs.
        per_program = max(2, round(len(self.orgs) * 1.2 / n))
        pairs = set()
        for p in range(n):
            count = per_program * 3 if p == 0 else per_program
            for j in range(count):
                pairs.add((p, (p * per_program + j) % len(self.orgs)))
        partners = bulk(
            self.stdout,
            ProgramPartner,
            (
                ProgramPartner(
                    program_id=self.programs[p].pk,
                    organisation_id=self.orgs[o].pk,
                    role=PARTNER_ROLES[(p + o) % len(PARTNER_ROLES)],
                    is_initial_funder=(o % 7 == 0),
                    endorsement_status="endorsed" if rng.random() < 0.85 else "requested",
                    joined_on=self.today - datetime.timedelta(days=rng.randint(30, 600)),
                )
                for p, o in sorted(pairs)
            ),
            "partners",
            self.batch,
        )
        self.partners_by_program = {}
        for partner in partners:
            self.partners_by_program.setdefault(partner.program_id, []).append(partner)
        memberships = []
        for index, program in enumerate(self.programs):
            fac = self.facilitators[index % len(self.facilitators)]
            memberships.append(Membership(program_id=program.pk, user_id=fac.pk, role="facilitator"))
            # The busiest facilitator also accompanies every 50th program (about 12 programs in all).
            busiest = self.facilitators[0]
            if index % 50 == 0 and fac.pk != busiest.pk:
                memberships.append(Membership(program_id=program.pk, user_id=busiest.pk, role="facilitator"))
            mgr = self.managers[index % len(self.managers)]
            memberships.append(Membership(program_id=program.pk, user_id=mgr.pk, role="manager"))
            for partner in self.partners_by_program[program.pk]:
                for user in self.people_by_org.get(partner.organisation_id, []):
                    role = "partner_lead" if user.role == "partner_lead" else "partner_staff"
                    memberships.append(
                        Membership(
                            program_id=program.pk,
                            user_id=user.pk,
                            role=role,
                            partner_id=partner.pk,
                            is_representative=(role == "partner_lead"),
                        )
                    )
        bulk(self.stdout, Membership, memberships, "memberships", self.batch)

    def seed_roadmap(self):
        rng, n = self.rng, self.opts["programs"]
        outcomes = bulk(
            self.stdout,
            Outcome,
            (
                Outcome(
                    program_id=program.pk,
                    statement=f"Capaian {k + 1}: rumah tangga miskin ekstrem berkurang",
                    order=k,
                )
                for program in self.programs
                for k in range(3)
            ),
            "outcomes",
            self.batch,
        )
        outputs = bulk(
            self.stdout,
            Output,
            (
                Output(
                    outcome_id=outcome.pk,
                    statement=f"Keluaran {k + 1} dari capaian {outcome.order + 1}",
                    order=k,
                )
                for outcome in outcomes
                for k in range(3)
            ),
            "outputs",
            self.batch,
        )
        outputs_by_program = {}
        outcome_program = {o.pk: o.program_id for o in outcomes}
        for output in outputs:
            outputs_by_program.setdefault(outcome_program[output.outcome_id], []).append(output)

        total = self.opts["milestones"]
        largest = min(self.opts["largest"], total // 2) if n > 1 else total
        rest = total - largest
        sizes = [largest] + [rest // (n - 1) + (1 if i < rest % (n - 1) else 0) for i in range(n - 1)] if n > 1 else []
        sizes = sizes or [total]

        def milestones():
            for program, size in zip(self.programs, sizes, strict=True):
                partners = self.partners_by_program[program.pk]
                program_outputs = outputs_by_program[program.pk]
                for m in range(size):
                    owner = partners[m % len(partners)]
                    staff = self.people_by_org.get(owner.organisation_id) or [None]
                    start = self.today + datetime.timedelta(days=rng.randint(-400, 200))
                    due = start + datetime.timedelta(days=rng.randint(7, 180))
                    if due < self.today:
                        status = "done" if rng.random() < 0.7 else rng.choice(["in_progress", "blocked", "planned"])
                    else:
                        status = rng.choice(["planned", "in_progress", "in_progress", "done", "cancelled"])
                    progress = {"done": 100, "planned": 0, "cancelled": 0}.get(status, rng.randint(5, 95))
                    yield Milestone(
                        program_id=program.pk,
                        output_id=program_outputs[m % len(program_outputs)].pk,
                        title=f"{WORDS[m % len(WORDS)]} {PLACES[m % len(PLACES)]} #{m + 1}",
                        owner_id=owner.pk,
                        responsible_id=(rng.choice(staff).pk if staff[0] and rng.random() < 0.8 else None),
                        start_date=start,
                        due_date=due,
                        status=status,
                        progress=progress,
                        completed_on=min(due, self.today) if status == "done" else None,
                        last_progress_at=(
                            self.now - datetime.timedelta(days=rng.randint(0, 40)) if status != "planned" else None
                        ),
                    )

        self.milestones = bulk(self.stdout, Milestone, milestones(), "milestones", self.batch)

    def seed_updates(self):
        rng = self.rng
        fac_of_program = {}
        for index, program in enumerate(self.programs):
            fac_of_program[program.pk] = self.facilitators[index % len(self.facilitators)].pk
        owner_org = {p.pk: p.organisation_id for ps in self.partners_by_program.values() for p in ps}

        def author_for(m):
            if m.responsible_id:
                return m.responsible_id
            return self.people_by_org[owner_org[m.owner_id]][0].pk

        def updates():
            for m in self.milestones:
                if m.status == "planned":
                    continue
                author = author_for(m)
                when = self.now - datetime.timedelta(days=rng.randint(3, 60))
                yield ProgressUpdate(
                    milestone_id=m.pk,
                    program_id=m.program_id,
                    author_id=author,
                    state="approved",
                    new_status=m.status,
                    progress=m.progress,
                    narrative="Kegiatan berjalan sesuai rencana; data lapangan terlampir.",
                    reviewed_by_id=fac_of_program[m.program_id],
                    submitted_at=when,
                    reviewed_at=when + datetime.timedelta(days=1),
                )
                roll = rng.random()
                if m.status in ("in_progress", "blocked") and roll < 0.15:
                    yield ProgressUpdate(
                        milestone_id=m.pk,
                        program_id=m.program_id,
                        author_id=author,
                        state="submitted",
                        new_status="in_progress",
                        progress=min(100, m.progress + 10),
                        narrative="Laporan kemajuan terbaru menunggu tinjauan pendamping.",
                        submitted_at=self.now - datetime.timedelta(days=rng.randint(0, 10)),
                    )
                elif m.status in ("in_progress", "blocked") and roll < 0.2:
                    yield ProgressUpdate(
                        milestone_id=m.pk,
                        program_id=m.program_id,
                        author_id=author,
                        state="returned",
                        new_status="in_progress",
                        progress=m.progress,
                        narrative="Laporan awal.",
                        review_note="Mohon lampirkan daftar hadir.",
                        reviewed_by_id=fac_of_program[m.program_id],
                        submitted_at=self.now - datetime.timedelta(days=12),
                        reviewed_at=self.now - datetime.timedelta(days=10),
                    )

        bulk(self.stdout, ProgressUpdate, updates(), "updates", self.batch)
        bulk(
            self.stdout,
            Comment,
            (
                Comment(milestone_id=m.pk, author_id=author_for(m), body="Mohon koordinasi jadwal dengan desa.")
                for m in self.milestones
                if rng.random() < 0.1
            ),
            "comments",
            self.batch,
        )
        bulk(
            self.stdout,
            Revision,
            (
                Revision(
                    program_id=m.program_id,
                    item_type="milestone",
                    item_id=m.pk,
                    item_label=m.title,
                    field="due_date",
                    old_value=(m.due_date - datetime.timedelta(days=30)).isoformat(),
                    new_value=m.due_date.isoformat(),
                    reason="Disesuaikan dengan musim tanam.",
                    actor_id=fac_of_program[m.program_id],
                )
                for m in self.milestones
                if rng.random() < 0.05
            ),
            "revisions",
            self.batch,
        )

    def seed_contributions_and_feed(self):
        rng = self.rng
        bulk(
            self.stdout,
            Contribution,
            (
                Contribution(
                    partner_id=partner.pk,
                    kind=CONTRIBUTION_KINDS[k % len(CONTRIBUTION_KINDS)],
                    description=f"Kontribusi {k + 1}",
                    value_idr=Decimal(rng.randint(1, 500) * 1_000_000),
                    date=self.today - datetime.timedelta(days=rng.randint(0, 700)),
                )
                for partners in self.partners_by_program.values()
                for partner in partners
                for k in range(2)
            ),
            "contributions",
            self.batch,
        )
        bulk(
            self.stdout,
            Activity,
            (
                Activity(program_id=program.pk, kind="milestone_updated", label=f"Pembaruan {k}", url="")
                for program in self.programs
                for k in range(20)
            ),
            "activity feed",
            self.batch,
        )

    # ------------------------------------------------------------------ other apps
    def _programs_with_people(self):
        """[(program, facilitator id, [partners])] for the scale programs (for stages run later)."""
        programs = list(self.scale_programs().order_by("pk"))
        facs = dict(
            Membership.objects.filter(program__in=programs, role="facilitator")
            .order_by("program_id", "pk")
            .values_list("program_id", "user_id")
        )
        partners = {}
        for partner in ProgramPartner.objects.filter(program__in=programs).order_by("pk"):
            partners.setdefault(partner.program_id, []).append(partner)
        return [(p, facs.get(p.pk), partners.get(p.pk, [])) for p in programs]

    def stage_meetings(self):
        if Meeting.objects.filter(program__name__startswith=PREFIX).exists():
            self.stdout.write("  already seeded: skipped")
            return
        rng = self.rng
        rows = self._programs_with_people()
        meetings = bulk(
            self.stdout,
            Meeting,
            (
                Meeting(
                    program_id=program.pk,
                    title=f"Rapat koordinasi {k + 1}",
                    kind="coordination",
                    status="held" if k < 10 else "planned",
                    date=self.today - datetime.timedelta(days=30 * (10 - k) + rng.randint(0, 20)),
                    location=PLACES[k % len(PLACES)],
                    agenda="Tinjauan peta jalan dan kontribusi mitra.",
                    notes="Notulen singkat.",
                    created_by_id=fac,
                )
                for program, fac, _partners in rows
                for k in range(12)
            ),
            "meetings",
            self.batch,
        )
        partners_by_program = {program.pk: partners for program, _fac, partners in rows}
        bulk(
            self.stdout,
            Decision,
            (Decision(meeting_id=m.pk, text="Jadwal penyaluran disepakati.") for m in meetings if m.status == "held"),
            "decisions",
            self.batch,
        )
        bulk(
            self.stdout,
            ActionItem,
            (
                ActionItem(
                    meeting_id=m.pk,
                    description=f"Tindak lanjut {k + 1}",
                    owner_partner_id=(
                        partners_by_program[m.program_id][k % len(partners_by_program[m.program_id])].pk
                        if partners_by_program[m.program_id]
                        else None
                    ),
                    due_date=m.date + datetime.timedelta(days=14),
                    done=m.date < self.today - datetime.timedelta(days=60),
                )
                for m in meetings
                for k in range(2)
            ),
            "action items",
            self.batch,
        )

    def stage_governance(self):
        self.stdout.write("  governance records are per program and few: not seeded at scale")

    def stage_assessments(self):
        if Round.objects.filter(program__name__startswith=PREFIX).exists():
            self.stdout.write("  already seeded: skipped")
            return
        framework = Framework.current(Framework.Kind.ATTITUDES)
        # Rounds that use a framework freeze it (as opening a round through the app does).
        Framework.objects.filter(pk=framework.pk, frozen_at=None).update(frozen_at=self.now)
        behaviours = list(Behaviour.objects.filter(competency__framework=framework).values_list("pk", flat=True))
        dimensions = list(HealthDimension.objects.values_list("pk", flat=True))
        rng = self.rng
        rows = self._programs_with_people()
        rounds = bulk(
            self.stdout,
            Round,
            (
                Round(
                    program_id=program.pk,
                    kind=kind,
                    held_on=self.today - datetime.timedelta(days=ago),
                    closes_on=self.today - datetime.timedelta(days=ago - 30),
                    framework_id=framework.pk,
                    status="closed" if ago > 30 else "open",
                    opened_by_id=fac,
                )
                for program, fac, _partners in rows
                for kind, ago in (("baseline", 180), ("midterm", 10))
            ),
            "rounds",
            self.batch,
        )
        leads = {}
        for program_id, user_id, partner_id in Membership.objects.filter(
            program__name__startswith=PREFIX, role="partner_lead"
        ).values_list("program_id", "user_id", "partner_id"):
            leads.setdefault(program_id, []).append((user_id, partner_id))
        # Baseline: every lead submitted; mid-term (still open): about half so far.
        takers = [
            (r, user, partner)
            for r in rounds
            for user, partner in leads.get(r.program_id, [])
            if r.status == "closed" or rng.random() < 0.5
        ]
        assessments = bulk(
            self.stdout,
            Assessment,
            (
                Assessment(
                    round_id=r.pk,
                    subject_id=user,
                    rater_id=user,
                    partner_id=partner,
                    framework_id=framework.pk,
                    kind="self",
                    status="submitted",
                    submitted_at=self.now,
                )
                for r, user, partner in takers
            ),
            "self-assessments",
            self.batch,
        )
        bulk(
            self.stdout,
            Score,
            (
                Score(assessment_id=a.pk, behaviour_id=b, value=rng.randint(1, 5))
                for a in assessments
                for b in behaviours
            ),
            "scores",
            self.batch,
        )
        checks = bulk(
            self.stdout,
            HealthCheck,
            (
                HealthCheck(
                    round_id=r.pk, respondent_id=user, partner_id=partner, status="submitted", submitted_at=self.now
                )
                for r, user, partner in takers
            ),
            "health checks",
            self.batch,
        )
        bulk(
            self.stdout,
            HealthScore,
            (
                HealthScore(health_check_id=c.pk, dimension_id=d, value=rng.randint(1, 5))
                for c in checks
                for d in dimensions
            ),
            "health scores",
            self.batch,
        )

    # ------------------------------------------------------------------ results
    def _quarters(self):
        """The last `--result-periods` complete calendar quarters, oldest first: [(start, end, label)]."""
        month = (self.today.month - 1) // 3 * 3 + 1
        start = datetime.date(self.today.year, month, 1)
        quarters = []
        for _n in range(self.opts["result_periods"]):
            end = start - datetime.timedelta(days=1)
            start = datetime.date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
            quarters.append((start, end, f"Q{(start.month - 1) // 3 + 1} {start.year}"))
        return quarters[::-1]

    def stage_results(self):
        """Indicators on every output (--indicators-per-output), 8 past quarters with period targets and
        results of the responsible partners, broken down by sex (and welfare decile for some), most
        approved, the latest quarter partly in review; the first indicator of each output adopts a
        standard indicator, so the portfolio roll-up adds up every program."""
        if Indicator.objects.filter(program__name__startswith=PREFIX).exists():
            self.stdout.write("  already seeded: skipped")
            return
        rng = self.rng
        rows = self._programs_with_people()
        quarters = self._quarters()
        periods = bulk(
            self.stdout,
            ReportingPeriod,
            (
                ReportingPeriod(
                    program_id=program.pk,
                    start=start,
                    end=end,
                    due_date=end + datetime.timedelta(days=program.reporting_due_days),
                    label=label,
                )
                for program, _fac, _partners in rows
                if not program.reporting_periods.exists()
                for start, end, label in quarters
            ),
            "periods",
            self.batch,
        )
        periods_by_program = {}
        for period in periods:
            periods_by_program.setdefault(period.program_id, []).append(period)
        standard, _created = StandardIndicator.objects.get_or_create(
            code=f"{PREFIX} TPB 1.4.1",
            defaults={"name": "Rumah tangga miskin dengan usaha produktif", "unit": "rumah tangga"},
        )
        outputs = {}
        for output in Output.objects.filter(outcome__program__name__startswith=PREFIX).select_related("outcome"):
            outputs.setdefault(output.outcome.program_id, []).append(output)
        per_output = self.opts["indicators_per_output"]
        indicators = bulk(
            self.stdout,
            Indicator,
            (
                Indicator(
                    program_id=program.pk,
                    output_id=output.pk,
                    code=f"K{output.outcome.order + 1}.{output.order + 1}.{k + 1}",
                    name=INDICATOR_NAMES[k % 3][0],
                    unit=INDICATOR_NAMES[k % 3][1],
                    baseline_value=Decimal(0),
                    target_value=Decimal(rng.randint(100, 400)),
                    standard_id=standard.pk if k == 0 else None,
                    order=k,
                )
                for program, _fac, _partners in rows
                for output in outputs.get(program.pk, [])
                for k in range(per_output)
            ),
            "indicators",
            self.batch,
        )
        sex = BreakdownCategory.objects.get(code="sex")
        decile = BreakdownCategory.objects.get(code="decile")
        sex_options = list(BreakdownOption.objects.filter(category=sex, program=None).order_by("order"))
        decile_options = list(BreakdownOption.objects.filter(category=decile, program=None).order_by("order"))[:4]
        partners_by_program = {program.pk: partners for program, _fac, partners in rows}
        responsible = {}
        for indicator in indicators:
            partners = partners_by_program.get(indicator.program_id) or []
            responsible[indicator.pk] = rng.sample(partners, min(len(partners), rng.choice((1, 2))))
        categories = Indicator.categories.through
        bulk(
            self.stdout,
            categories,
            (
                categories(indicator_id=i.pk, breakdowncategory_id=category.pk)
                for i in indicators
                for category in ((sex, decile) if i.order == 0 else (sex,))
            ),
            "breakdowns",
            self.batch,
        )
        reporters = Indicator.partners.through
        bulk(
            self.stdout,
            reporters,
            (reporters(indicator_id=i.pk, programpartner_id=p.pk) for i in indicators for p in responsible[i.pk]),
            "reporters",
            self.batch,
        )
        bulk(
            self.stdout,
            PeriodTarget,
            (
                PeriodTarget(indicator_id=i.pk, period_id=period.pk, value=i.target_value / len(quarters))
                for i in indicators
                for period in periods_by_program.get(i.program_id, [])
            ),
            "period targets",
            self.batch,
        )
        self._seed_results(indicators, periods_by_program, responsible, sex_options, decile_options)

    def _seed_results(self, indicators, periods_by_program, responsible, sex_options, decile_options):
        rng = self.rng
        lead = dict(
            Membership.objects.filter(program__name__startswith=PREFIX, partner__isnull=False)
            .order_by("partner_id", "pk")
            .values_list("partner_id", "user_id")
        )
        reviewer = dict(
            Membership.objects.filter(program__name__startswith=PREFIX, role="facilitator")
            .order_by("program_id", "pk")
            .values_list("program_id", "user_id")
        )

        def results():
            for i in indicators:
                periods = periods_by_program.get(i.program_id, [])
                for n, period in enumerate(periods):
                    latest = n == len(periods) - 1
                    for partner in responsible[i.pk]:
                        if partner.pk not in lead:
                            continue
                        state = rng.choice(("approved", "submitted", "draft")) if latest else "approved"
                        reviewed = state == "approved"
                        yield Result(
                            indicator_id=i.pk,
                            program_id=i.program_id,
                            period_id=period.pk,
                            partner_id=partner.pk,
                            kind=i.kind,
                            value=Decimal(rng.randint(5, 60)),
                            state=state,
                            author_id=lead[partner.pk],
                            submitted_at=self.now if state != "draft" else None,
                            reviewed_by_id=reviewer.get(i.program_id) if reviewed else None,
                            reviewed_at=self.now if reviewed else None,
                        )

        created = bulk(self.stdout, Result, results(), "results", self.batch)
        order = {i.pk: i.order for i in indicators}

        def parts():
            for result in created:
                female = (result.value * Decimal("0.55")).quantize(Decimal(1))
                yield BreakdownValue(result_id=result.pk, option_id=sex_options[0].pk, value=female)
                yield BreakdownValue(result_id=result.pk, option_id=sex_options[1].pk, value=result.value - female - 1)
                if order[result.indicator_id] == 0:
                    for option in decile_options:
                        yield BreakdownValue(result_id=result.pk, option_id=option.pk, value=result.value // 5)

        bulk(self.stdout, BreakdownValue, parts(), "breakdown values", self.batch)
