"""Demo assessments: two rounds per demo program [0] and [2] with believable change, capacity plans and
facilitator certifications. Idempotent: each object is found by a natural key before it is created.
"""

import datetime

from django.utils import timezone

from assessments.actions import do_add_health_action, do_set_health_action_done
from assessments.models import (
    Assessment,
    Behaviour,
    CapacityPlan,
    FacilitatorCredential,
    Framework,
    HealthAction,
    HealthCheck,
    HealthDimension,
    HealthScore,
    Round,
    Score,
    Submission,
    Training,
)
from assessments.selectors import plan_dimensions
from partners.models import Membership, ProgramPartner

# Competency averages per round: baseline, then mid-term. Most improve; "berani-inovasi" stays low.
SELF = {
    "saling-menghormati": (4, 4),
    "menghargai-keragaman": (3, 4),
    "transparan-jujur": (3, 4),
    "manfaat-bersama": (3, 3),
    "berani-inovasi": (2, 3),
}
OTHERS = {
    "saling-menghormati": (3, 4),
    "menghargai-keragaman": (3, 3),
    "transparan-jujur": (2, 3),
    "manfaat-bersama": (3, 4),
    "berani-inovasi": (2, 2),
}
# Health check per round; "kepercayaan-konflik" falls after a dispute over the revolving fund.
HEALTH = {
    "komunikasi": (2, 4),
    "restu-pimpinan": (3, 4),
    "efisiensi-pengelolaan": (3, 3),
    "orientasi-hasil": (3, 4),
    "manfaat-bersama": (3, 4),
    "kepercayaan-konflik": (4, 2),
    "keberlanjutan": (2, 3),
}
COMMENTS = (
    "Pertemuan koordinasi belum rutin; informasi sering terlambat sampai ke desa.",
    "Komunikasi jauh membaik sejak buletin bulanan. Perselisihan soal dana bergulir perlu dimediasi.",
)
EVIDENCE = (
    "Terlihat pada pertemuan koordinasi triwulan pertama.",
    "Terlihat pada lokakarya peta jalan dan rapat evaluasi tengah program.",
)


def _score(table, code, index, offset):
    low, high = table[code]
    value = (low, high)[index] + offset
    return max(1, min(5, value))


def _assessment(round_, subject, rater, kind, partner, behaviours, table, index, offset):
    assessment, created = Assessment.objects.get_or_create(
        round=round_,
        subject=subject,
        rater=rater,
        defaults={
            "kind": kind,
            "partner": partner,
            "framework": round_.framework,
            "status": Submission.SUBMITTED,
            "submitted_at": timezone.now(),
        },
    )
    if created:
        Score.objects.bulk_create(
            Score(
                assessment=assessment,
                behaviour=b,
                value=_score(table, b.competency.code, index, offset + (b.order % 2) * (1 if index else 0)),
                evidence=EVIDENCE[index],
            )
            for b in behaviours
        )


def _seed_program(program, facilitator, today):
    framework = Framework.current(Framework.Kind.ATTITUDES)
    behaviours = list(Behaviour.objects.filter(competency__framework=framework).select_related("competency"))
    if not behaviours:
        return
    Framework.objects.filter(pk=framework.pk, frozen_at=None).update(frozen_at=timezone.now())
    rounds = []
    for index, (kind, days_ago) in enumerate([(Round.Kind.BASELINE, 200), (Round.Kind.MIDTERM, 20)]):
        held_on = today - datetime.timedelta(days=days_ago)
        round_, _ = Round.objects.get_or_create(
            program=program,
            kind=kind,
            defaults={
                "held_on": held_on,
                "closes_on": held_on + datetime.timedelta(days=14),
                "framework": framework,
                "status": Round.Status.CLOSED,
                "closed_at": timezone.now(),
                "opened_by": facilitator,
                "health_anonymous": index == 1,
            },
        )
        rounds.append(round_)
    members = list(
        Membership.objects.filter(program=program, partner__isnull=False)
        .select_related("user", "partner")
        .order_by("user__username")
    )
    dimensions = list(HealthDimension.objects.all())
    # Representatives answer the health check; a partner without one is represented by its first member.
    respondents, covered = set(), set()
    for member in members:
        if member.is_representative or member.is_lead:
            respondents.add(member.pk)
            covered.add(member.partner_id)
    for member in members:
        if member.partner_id not in covered:
            respondents.add(member.pk)
            covered.add(member.partner_id)
    for index, round_ in enumerate(rounds):
        for n, member in enumerate(members):
            offset = (n % 3) - 1  # people differ a little from each other
            _assessment(round_, member.user, member.user, "self", member.partner, behaviours, SELF, index, offset)
            if facilitator:
                _assessment(
                    round_, member.user, facilitator, "facilitator", member.partner, behaviours, OTHERS, index, offset
                )
            if member.pk in respondents:
                check, created = HealthCheck.objects.get_or_create(
                    round=round_,
                    respondent=member.user,
                    defaults={
                        "partner": member.partner,
                        "status": Submission.SUBMITTED,
                        "submitted_at": timezone.now(),
                        "comments": COMMENTS[index] if member.pk == min(respondents) else "",
                    },
                )
                if created:
                    HealthScore.objects.bulk_create(
                        HealthScore(health_check=check, dimension=d, value=_score(HEALTH, d.code, index, -(n % 2)))
                        for d in dimensions
                    )
    return members


def _seed_capacity(program, facilitator, members, today):
    if not members:
        return
    person = members[0]
    plan, _ = CapacityPlan.objects.get_or_create(
        program=program,
        person=person.user,
        title="Berani mencoba inovasi dan keterbukaan laporan",
        defaults={
            "goals": "Skor inovasi dan transparansi masih 2 pada penilaian awal. Target: 3 atau lebih pada "
            "penilaian akhir.",
            "created_by": facilitator,
        },
    )
    trainings = [
        (
            "Pelatihan pelaporan keuangan program yang transparan",
            "Bappeda Provinsi NTT",
            120,
            True,
            True,
            "Membagikan format laporan bersama kepada 6 kader desa dalam pertemuan bulanan.",
        ),
        ("Kunjungan belajar inovasi desa di Kabupaten Banyuwangi", "Kementerian Desa PDTT", 60, False, True, ""),
        ("Lokakarya desain uji coba usaha ekonomi produktif", "Universitas Nusa Cendana", -20, False, False, ""),
    ]
    for title, provider, days_ago, formal, attended, transfer in trainings:
        start = today - datetime.timedelta(days=days_ago)
        Training.objects.get_or_create(
            plan=plan,
            title=title,
            defaults={
                "provider": provider,
                "start_date": start,
                "end_date": start + datetime.timedelta(days=2),
                "is_formal": formal,
                "attended": attended,
                "knowledge_transfer": transfer,
            },
        )
    CapacityPlan.objects.get_or_create(
        program=program,
        partner=person.partner,
        title="Penguatan kapasitas lembaga dalam kemitraan multipihak",
        defaults={"goals": "Staf baru memahami lima sikap kemitraan.", "created_by": facilitator},
    )


# From health check to action (issue 15, item 11): (round kind, dimension, organisation name, action,
# due in days from today, done days ago or None).
HEALTH_ACTIONS = [
    (
        Round.Kind.BASELINE,
        "komunikasi",
        "Bappeda Provinsi Nusa Tenggara Timur",
        "Rapat koordinasi bulanan bergilir antarkabupaten dan buletin cetak untuk desa tanpa internet",
        -170,
        175,
    ),
    (
        Round.Kind.MIDTERM,
        "kepercayaan-konflik",
        "Yayasan Harapan Timur",
        "Mediasi perselisihan dana bergulir bersama kelompok usaha dan bank, hasilnya dibacakan di rapat desa",
        -5,
        None,
    ),
    (
        Round.Kind.MIDTERM,
        "kepercayaan-konflik",
        "PT Bank Sejahtera Nusantara",
        "Laporan penyaluran dana bergulir per desa dibagikan kepada semua mitra setiap bulan",
        -12,
        3,
    ),
]


def _seed_health_actions(program, facilitator, today):
    """A plan after each round of the NTT program: the baseline's item done, the mid-term's one done and
    one overdue (it shows in the dashboard queue and the reminders)."""
    if facilitator is None:
        return
    for kind, code, organisation, description, due_in, done_ago in HEALTH_ACTIONS:
        round_ = Round.objects.filter(program=program, kind=kind).select_related("program").first()
        partner = ProgramPartner.objects.filter(program=program, organisation__name=organisation).first()
        dimension = HealthDimension.objects.filter(code=code).first()
        if round_ is None or partner is None or dimension is None:
            continue
        if HealthAction.objects.filter(round=round_, description=description).exists():
            continue
        if dimension.pk not in plan_dimensions(round_):
            continue
        action = do_add_health_action(
            facilitator,
            round_,
            dimension=dimension,
            description=description,
            owner_partner=partner,
            due_date=max(round_.held_on, today + datetime.timedelta(days=due_in)),
        )
        if done_ago is not None:
            do_set_health_action_done(facilitator, action, True)
            # Backdated, as the demo tells a story that began months ago.
            HealthAction.objects.filter(pk=action.pk).update(done_on=today - datetime.timedelta(days=done_ago))


def seed(ctx):
    today = ctx["today"]
    users = ctx["users"]
    facilitator = users.get("fasilitator")
    for index in (0, 2):
        if index >= len(ctx["programs"]):
            continue
        program = ctx["programs"][index]
        program_facilitator = (
            Membership.objects.filter(program=program, role=Membership.Role.FACILITATOR).select_related("user").first()
        )
        rater = program_facilitator.user if program_facilitator else facilitator
        members = _seed_program(program, rater, today)
        _seed_capacity(program, rater, members, today)
        if index == 0:
            _seed_health_actions(program, rater, today)
    if facilitator:
        for title, provider, completed, certified, valid in [
            ("Accredited Partnership Broker (APBS)", "Partnership Brokers Association", 900, True, 1200),
            ("Pelatihan mediasi dan negosiasi kemitraan", "Pusat Mediasi Nasional", 400, True, None),
            ("Pelatihan fasilitator pembangunan partisipatif", "TNP2K", 1500, False, None),
        ]:
            completed_on = today - datetime.timedelta(days=completed)
            FacilitatorCredential.objects.get_or_create(
                facilitator=facilitator,
                title=title,
                defaults={
                    "provider": provider,
                    "completed_on": completed_on,
                    "is_certified": certified,
                    "valid_until": completed_on + datetime.timedelta(days=valid) if valid else None,
                },
            )
