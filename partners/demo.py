"""Demo programs, organisations and people (idempotent: natural keys + get_or_create)."""

import datetime

from django.utils import timezone

from core.timezones import WITA
from partners import demo_documents
from partners.actions import do_add_partner_staff, do_update_program
from partners.models import (
    CapacityItem,
    Contribution,
    District,
    Membership,
    Organisation,
    Program,
    ProgramPartner,
    Province,
    Regency,
    ScopingChecklist,
    User,
    Village,
)
from partners.regions import load_regions

DEMO_PASSWORD = "kemitraan-demo"
# Nusa Tenggara Timur and Barat keep Central Indonesian time.
DEMO_TIME_ZONE = WITA

HOW_JOINED_BY_SECTOR = {"government": "mandate", "business": "invitation", "donor": "invitation"}

ORGANISATIONS = [
    # name, sector, province code, regency / city code (Kemendagri)
    ("Bappeda Provinsi Nusa Tenggara Timur", "government", "53", "53.71"),  # Kota Kupang
    ("Yayasan Harapan Timur", "civil_society", "53", "53.02"),  # Kabupaten Timor Tengah Selatan
    ("PT Bank Sejahtera Nusantara", "business", "31", "31.74"),  # Kota Administrasi Jakarta Selatan
    ("Universitas Nusa Cendana", "academia", "53", "53.71"),
    ("Dinas Sosial Kabupaten Lombok Timur", "government", "52", "52.03"),
    ("Koperasi Perempuan Tenun Ikat Sumba", "community", "53", "53.11"),  # Kabupaten Sumba Timur
    ("Kantor Berita Radio Suara Desa", "media", "35", "35.73"),  # Kota Malang
    ("Lembaga Pembangunan Internasional Mitra Kasih", "donor", "31", "31.71"),  # Jakarta Pusat
    ("PT Agro Pangan Lestari", "business", "73", "73.71"),  # Kota Makassar
    ("Institut Pertanian Bogor — Pusat Studi Pedesaan", "academia", "32", "32.71"),  # Kota Bogor
]

# The places of each program (Kemendagri codes): regencies / cities, districts, villages.
PROGRAM_PLACES = {
    0: {
        "regencies": ["53.01", "53.02", "53.71"],
        "districts": ["53.01.08", "53.01.09", "53.01.10"],
        # Oebelo (Kupang Tengah), Tesbatan (Amarasi), Camplong I (Fatuleu): results' village breakdown.
        "villages": ["53.01.08.2010", "53.01.09.2005", "53.01.10.1001"],
    },
    1: {"regencies": ["53.11"], "districts": ["53.11.01", "53.11.03"], "villages": ["53.11.01.1001"]},
    2: {"regencies": ["52.03"], "districts": ["52.03.01"], "villages": ["52.03.01.2001", "52.03.01.2002"]},
}
# Loaded by seed_demo: every province, regency and district, and the villages of these districts
# (`make run` then loads every village: manage.py load_regions --villages).
DEMO_REGION_PREFIXES = sorted({code for places in PROGRAM_PLACES.values() for code in places["districts"]})

PEOPLE = [
    # username, first, last, role, organisation index or None, extra
    ("admin", "Admin", "Kemitraan", "admin", None, {"is_staff": True, "is_superuser": True}),
    ("fasilitator", "Maria", "Ndolu", "facilitator", None, {"facilitator_kind": "external"}),
    ("fasilitator2", "Agus", "Santoso", "facilitator", None, {"facilitator_kind": "internal"}),
    ("manajer", "Ratna", "Wulandari", "manager", None, {}),
    ("mitra_a", "Yohanes", "Bria", "partner_staff", 1, {"job_title": "Koordinator Lapangan"}),
    ("mitra_b", "Siti", "Rahmawati", "partner_staff", 2, {"job_title": "Staf CSR"}),
    ("pimpinan_a", "Ferdinand", "Lake", "partner_lead", 1, {"job_title": "Direktur Eksekutif"}),
    ("pimpinan_b", "Hendra", "Gunawan", "partner_lead", 2, {"job_title": "Kepala Divisi CSR"}),
    ("pimpinan_bappeda", "Yosef", "Nae Soi", "partner_lead", 0, {"job_title": "Kepala Bidang Sosial Budaya"}),
    ("staf_unc", "Dewi", "Lestari", "partner_staff", 3, {"job_title": "Peneliti"}),
    ("staf_lotim", "Lalu", "Ahmad", "partner_staff", 4, {"job_title": "Kepala Seksi Pemberdayaan"}),
    ("pimpinan_koperasi", "Rambu", "Anamila", "partner_lead", 5, {"job_title": "Ketua Koperasi"}),
    ("staf_agro", "Andi", "Makkasau", "partner_staff", 8, {"job_title": "Manajer Kemitraan Petani"}),
    # Assigned to a program by her own lead (pimpinan_a), not by the facilitator: see _lead_assigns_staff.
    ("staf_harapan", "Marlin", "Tefa", "partner_staff", 1, {"job_title": "Pendamping Desa"}),
]

ACCOUNTS = [
    ("admin", "administrator"),
    ("fasilitator", "pendamping kemitraan (Desa Sejahtera NTT, Tenun Ikat Sumba)"),
    ("mitra_a", "staf mitra — Yayasan Harapan Timur"),
    ("mitra_b", "staf mitra — PT Bank Sejahtera Nusantara (same program as mitra_a)"),
    ("pimpinan_a", "pimpinan mitra — Yayasan Harapan Timur"),
    ("pimpinan_b", "pimpinan mitra — PT Bank Sejahtera Nusantara"),
    ("manajer", "manajer program (reads reports)"),
]


CAPACITY_NOTES = {
    "funding": "Dana hibah/CSR tahunan yang dapat dialokasikan untuk program bersama.",
    "expertise": "Tenaga ahli pemberdayaan masyarakat dan kajian kebijakan.",
    "networks": "Jejaring dengan pemerintah desa, koperasi dan lembaga keuangan.",
    "data": "Data kemiskinan terpadu dan hasil survei rumah tangga.",
    "facilities": "Ruang pertemuan, gudang dan kendaraan lapangan.",
    "volunteers": "Relawan desa yang terlatih untuk pendataan dan pendampingan.",
}


def _programs(today):
    return [
        {
            "name": "Desa Sejahtera Nusa Tenggara Timur",
            "goal": "Menurunkan kemiskinan ekstrem di 20 desa di Timor Tengah Selatan melalui usaha ekonomi "
            "produktif, akses keuangan dan penguatan layanan dasar.",
            "description": "Kemitraan pemerintah daerah, LSM, perbankan dan perguruan tinggi.",
            "start_date": today - datetime.timedelta(days=300),
            "end_date": today + datetime.timedelta(days=430),
            "phase": "managing",
            "provinces": ["53"],
            # org index, role, endorsement, initial funder
            "partners": [
                (0, "lead", "endorsed", False),
                (1, "implementing", "endorsed", False),
                (2, "funding", "endorsed", True),
                (3, "technical", "requested", False),
                (6, "other", "requested", False),
            ],
            "members": [
                ("fasilitator", "facilitator"),
                ("manajer", "manager"),
                ("pimpinan_bappeda", "partner_lead"),
                ("mitra_a", "partner_staff"),
                ("pimpinan_a", "partner_lead"),
                ("mitra_b", "partner_staff"),
                ("pimpinan_b", "partner_lead"),
                ("staf_unc", "partner_staff"),
            ],
        },
        {
            "name": "Tenun Ikat Sumba untuk Ekonomi Perempuan",
            "goal": "Meningkatkan pendapatan 600 perempuan penenun di Sumba Timur melalui akses pasar dan "
            "pelatihan usaha.",
            "description": "Program baru dalam masa penjajakan mitra.",
            "start_date": today - datetime.timedelta(days=40),
            "end_date": today + datetime.timedelta(days=700),
            "phase": "scoping",
            "provinces": ["53"],
            "partners": [
                (5, "beneficiary", "endorsed", False),
                (1, "implementing", "requested", False),
                (7, "funding", "declined", True),
            ],
            "members": [
                ("fasilitator", "facilitator"),
                ("manajer", "manager"),
                ("pimpinan_koperasi", "partner_lead"),
                ("mitra_a", "partner_staff"),
            ],
        },
        {
            "name": "Lumbung Pangan Lombok Timur",
            "goal": "Memperkuat ketahanan pangan rumah tangga miskin di Lombok Timur lewat lumbung pangan "
            "desa dan kemitraan petani-industri.",
            "description": "Program pascabencana yang kini ditinjau untuk keberlanjutan.",
            "start_date": today - datetime.timedelta(days=800),
            "end_date": today + datetime.timedelta(days=120),
            "phase": "reviewing",
            "is_emergency": True,
            "provinces": ["52"],
            "partners": [
                (4, "lead", "endorsed", False),
                (8, "funding", "endorsed", True),
                (9, "technical", "endorsed", False),
                (2, "funding", "endorsed", False),
            ],
            "members": [
                ("fasilitator2", "facilitator"),
                ("manajer", "manager"),
                ("staf_lotim", "partner_staff"),
                ("staf_agro", "partner_staff"),
                ("mitra_b", "partner_staff"),
            ],
        },
    ]


# Staff members their partner (which has no lead account) designated to answer for it (issue 15, item 4).
REPRESENTATIVES = {"staf_lotim", "staf_unc"}


def _partner_extras(today):
    """program index -> {org index: fields}: endorsement that lasts (issue 15, item 1)."""
    return {
        0: {
            # Joined after scoping, not yet endorsed: the facilitator let it work, with a reason.
            3: {
                "endorsement_override_reason": "Survei baseline tidak dapat ditunda; surat restu pimpinan "
                "sedang ditandatangani rektor.",
            },
            # Its lead changed: the dashboard chases a renewed endorsement.
            1: {"reendorsement_requested_on": today - datetime.timedelta(days=5)},
        }
    }


CONTRIBUTIONS = {
    # program index -> list of (partner org index, kind, description, value, days ago)
    0: [
        (2, "cash", "Dana CSR tahap 1 untuk modal usaha kelompok", 750_000_000, 250),
        (2, "cash", "Dana CSR tahap 2", 500_000_000, 60),
        (0, "in_kind", "Ruang kantor sekretariat bersama dan kendaraan lapangan", 120_000_000, 280),
        (1, "expertise", "Pendamping desa (8 orang) selama 12 bulan", 380_000_000, 200),
        (3, "expertise", "Survei baseline dan kajian rantai nilai", 95_000_000, 150),
    ],
    1: [(5, "in_kind", "Sanggar tenun dan alat tenun untuk pelatihan", 45_000_000, 20)],
    2: [
        (8, "cash", "Pembelian hasil panen dengan harga dasar", 1_200_000_000, 500),
        (4, "facilities", "Gudang lumbung pangan di 12 desa", 600_000_000, 700),
        (9, "expertise", "Pelatihan budidaya tahan kekeringan", 150_000_000, 400),
        (2, "cash", "Kredit usaha rakyat berbunga rendah", 900_000_000, 90),
    ],
}


def seed(ctx):
    today = timezone.localdate()
    load_regions()
    load_regions(villages=True, only=DEMO_REGION_PREFIXES)
    provinces = {p.code: p for p in Province.objects.all()}
    regencies = {r.code: r for r in Regency.objects.filter(code__in=[o[3] for o in ORGANISATIONS])}
    orgs = []
    for name, sector, code, regency in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "sector": sector,
                "province": provinces[code],
                "regency": regencies[regency],
                "description": f"{name} — mitra dalam program penanggulangan kemiskinan.",
                "contact_email": "info@" + name.split()[0].lower().strip("—") + ".example.id",
            },
        )
        orgs.append(org)
    for org, kinds in [
        (orgs[1], ["expertise", "networks", "volunteers"]),
        (orgs[2], ["funding", "networks"]),
        (orgs[3], ["expertise", "data"]),
        (orgs[0], ["data", "facilities"]),
        (orgs[5], ["volunteers", "facilities"]),
        (orgs[8], ["funding", "networks"]),
    ]:
        for kind in kinds:
            CapacityItem.objects.get_or_create(organisation=org, kind=kind, defaults={"notes": CAPACITY_NOTES[kind]})
    ScopingChecklist.objects.get_or_create(
        organisation=orgs[2],
        defaults={
            "track_record": 5,
            "sector_standing": 5,
            "complementary_skills": 3,
            "governance": 5,
            "financial_stability": 5,
            "staff_stability": 4,
            "resource_mobilisation": 5,
            "notes": "Dana CSR tersedia; perlu memastikan program tidak bergantung pada pendana awal.",
            "assessed_on": today - datetime.timedelta(days=285),
        },
    )
    ScopingChecklist.objects.get_or_create(
        organisation=orgs[1],
        defaults={
            "track_record": 4,
            "sector_standing": 4,
            "complementary_skills": 5,
            "governance": 3,
            "financial_stability": 3,
            "staff_stability": 3,
            "resource_mobilisation": 4,
            "notes": "Berpengalaman 10 tahun mendampingi desa di TTS.",
            "assessed_on": today - datetime.timedelta(days=290),
        },
    )

    users = {}
    for username, first, last, role, org_index, extra in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "email": f"{username}@kemitraan.example.id",
                "organisation": orgs[org_index] if org_index is not None else None,
                **extra,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user

    programs = []
    for index, spec in enumerate(_programs(today)):
        spec = dict(spec)
        partner_specs = spec.pop("partners")
        member_specs = spec.pop("members")
        spec_extras = _partner_extras(today).get(index, {})
        province_codes = spec.pop("provinces")
        program, created = Program.objects.get_or_create(name=spec.pop("name"), defaults=spec)
        if program.time_zone != DEMO_TIME_ZONE:
            # The demo programs are in NTT and NTB (WITA); a database seeded before programs had a
            # time zone is brought up to date too.
            Program.objects.filter(pk=program.pk).update(time_zone=DEMO_TIME_ZONE)
            program.time_zone = DEMO_TIME_ZONE
        if created:
            places = PROGRAM_PLACES.get(index, {})
            do_update_program(
                users["fasilitator"],
                program,
                provinces=[provinces[c] for c in province_codes],
                regencies=Regency.objects.filter(code__in=places.get("regencies", [])),
                districts=District.objects.filter(code__in=places.get("districts", [])),
                villages=Village.objects.filter(code__in=places.get("villages", [])),
            )
        partners = {}
        for org_index, role, endorsement, initial in partner_specs:
            endorsed = endorsement == "endorsed"
            partner, _ = ProgramPartner.objects.get_or_create(
                program=program,
                organisation=orgs[org_index],
                defaults={
                    "role": role,
                    "endorsement_status": endorsement,
                    "is_initial_funder": initial,
                    "own_goals": "Memperluas jangkauan layanan dan membangun reputasi di wilayah timur.",
                    "joined_on": program.start_date,
                    # How it joined (issue 15, item 8): government bodies by mandate, funders by invitation.
                    "how_joined": HOW_JOINED_BY_SECTOR.get(orgs[org_index].sector, "voluntary"),
                    "endorsed_by_name": "Pimpinan " + orgs[org_index].name if endorsed else "",
                    "endorsed_by_title": "Direktur" if endorsed else "",
                    "endorsed_on": program.start_date + datetime.timedelta(days=14) if endorsed else None,
                },
            )
            partners[org_index] = partner
        for org_index, extra in spec_extras.items():
            # Idempotent: sets the same values on every run.
            ProgramPartner.objects.filter(pk=partners[org_index].pk).update(**extra)
        for username, role in member_specs:
            user = users[username]
            partner = None
            if role in ("partner_lead", "partner_staff"):
                partner = partners[orgs.index(user.organisation)]
            Membership.objects.get_or_create(
                program=program,
                user=user,
                defaults={
                    "role": role,
                    "partner": partner,
                    "is_representative": role == "partner_lead" or username in REPRESENTATIVES,
                },
            )
        for org_index, kind, description, value, days_ago in CONTRIBUTIONS.get(index, []):
            Contribution.objects.get_or_create(
                partner=partners[org_index],
                description=description,
                defaults={"kind": kind, "value_idr": value, "date": today - datetime.timedelta(days=days_ago)},
            )
        programs.append(program)

    _lead_assigns_staff(users)
    demo_documents.seed(users, programs, orgs, today)
    ctx.update(
        {"today": today, "organisations": orgs, "users": users, "programs": programs, "accounts": list(ACCOUNTS)}
    )


def _lead_assigns_staff(users):
    """Issue 15, item 9: a partner lead adds a person of their own organisation (the facilitator is notified)."""
    lead = Membership.objects.filter(user=users["pimpinan_a"], role="partner_lead").select_related("program", "partner")
    lead = lead.order_by("program__pk").first()
    newcomer = users["staf_harapan"]
    if lead is None or Membership.all_objects.filter(program=lead.program, user=newcomer).exists():
        return
    do_add_partner_staff(lead.user, lead.program, lead.partner, newcomer)
