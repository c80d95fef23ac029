"""Demo meetings (with decisions and action items), a mediation case and the lesson library. Idempotent.

Desa Sejahtera NTT [0] has recent meetings, a planned workshop and a resolved mediation case between
Yayasan Harapan Timur and PT Bank Sejahtera Nusantara; Tenun Ikat Sumba [1] has had no meeting for
42 days, so the facilitator's dashboard flags it; Lumbung Pangan [2] had a field visit three weeks ago.
"""

import datetime

from django.utils.formats import date_format

from facilitation.actions import (
    do_hand_over,
    do_post_emergency_review,
    do_publish_lesson,
    do_set_facilitation_institution,
)
from facilitation.models import (
    ActionItem,
    Decision,
    HandOver,
    JournalEntry,
    Lesson,
    MediationCase,
    Meeting,
    ProgramFacilitation,
)
from governance.actions import do_record_meeting_answer
from governance.models import PostEmergencyReview, Recommendation, RecommendationResponse
from partners.actions import record_activity
from partners.demo import DEMO_PASSWORD
from partners.models import Membership, ProgramPartner, Province, User

# program index -> meetings: (title, kind, status, days from today, location, agenda, notes,
#   decisions, action items [(description, owner username or None, partner org index or None, due in days, done)],
#   attendees (usernames), attending partner org indexes)
MEETINGS = {
    0: [
        (
            "Rapat koordinasi triwulan III",
            "coordination",
            "held",
            -12,
            "Kantor Bappeda Provinsi NTT, Kupang",
            "1. Kemajuan peta jalan triwulan III\n2. Penyaluran modal usaha kelompok\n3. Rencana pelatihan",
            "Semua mitra hadir. Penyaluran modal tahap 2 tertunda karena data kelompok belum lengkap.",
            [
                "Data kelompok usaha dari 20 desa dilengkapi sebelum penyaluran modal tahap 2.",
                "Pelatihan pembukuan sederhana dilaksanakan bersama Universitas Nusa Cendana.",
                "Buletin kemitraan dicetak tiap bulan untuk desa tanpa internet.",
            ],
            [
                ("Lengkapi data kelompok usaha 20 desa", "mitra_a", 1, -2, False),
                ("Susun modul pelatihan pembukuan", "staf_unc", 3, 20, False),
                ("Cetak dan kirim buletin kemitraan edisi November", None, 0, 5, False),
                ("Kirim notulen ke seluruh mitra", "fasilitator", None, -10, True),
            ],
            ["fasilitator", "pimpinan_bappeda", "mitra_a", "pimpinan_a", "mitra_b", "staf_unc"],
            [0, 1, 2, 3],
        ),
        (
            "Kunjungan lapangan Desa Oinlasi",
            "field_visit",
            "held",
            -35,
            "Desa Oinlasi, Timor Tengah Selatan",
            "Melihat langsung usaha tenun dan ternak kelompok penerima modal.",
            "Tiga kelompok sudah menjual produk di pasar kecamatan; dua kelompok perlu pendampingan pemasaran.",
            ["Pendamping desa menambah kunjungan ke dua kelompok yang tertinggal."],
            [("Jadwalkan pendampingan pemasaran dua kelompok", "pimpinan_a", 1, 10, False)],
            ["fasilitator", "mitra_a"],
            [1],
        ),
        (
            "Pertemuan koordinasi pembiayaan pelatihan",
            "coordination",
            "held",
            -60,
            "Sekretariat bersama, Soe",
            "Pembagian biaya transportasi peserta pelatihan.",
            "Pendamping menawarkan tiga alternatif pembagian biaya; satu disepakati.",
            ["Biaya transportasi dibagi sesuai jumlah peserta dari wilayah kerja masing-masing mitra."],
            [],
            ["fasilitator", "pimpinan_a", "pimpinan_b"],
            [1, 2],
        ),
        (
            "Lokakarya refleksi tengah program",
            "workshop",
            "planned",
            10,
            "Hotel Swiss-Belinn, Kupang",
            "1. Refleksi capaian\n2. Pemeriksaan kesehatan kemitraan\n3. Rencana keberlanjutan",
            "",
            [],
            [],
            [],
            [0, 1, 2, 3],
        ),
    ],
    1: [
        (
            "Panggilan perkenalan calon mitra",
            "call",
            "held",
            -42,
            "Panggilan video",
            "Perkenalan calon mitra dan gambaran program.",
            "Koperasi siap; lembaga donor masih menimbang keterlibatan.",
            ["Pendamping mengirim kerangka perjanjian kemitraan kepada calon mitra."],
            [("Minta surat restu pimpinan dari Yayasan Harapan Timur", "fasilitator", 1, -20, False)],
            ["fasilitator", "pimpinan_koperasi"],
            [5],
        ),
    ],
    2: [
        (
            "Kunjungan lapangan lumbung Desa Sembalun",
            "field_visit",
            "held",
            -21,
            "Desa Sembalun, Lombok Timur",
            "Memeriksa stok lumbung dan kesepakatan harga dasar dengan petani.",
            "Stok cukup untuk musim paceklik; petani meminta kepastian jadwal pembelian.",
            ["Jadwal pembelian hasil panen diumumkan di balai desa dua minggu sebelum panen."],
            [("Umumkan jadwal pembelian panen", "staf_agro", 8, 14, False)],
            ["fasilitator2", "staf_lotim", "staf_agro"],
            [4, 8],
        ),
    ],
}

CASE = {
    "title": "Perbedaan pandangan soal biaya transportasi pelatihan",
    "issue": "Yayasan Harapan Timur meminta PT Bank Sejahtera Nusantara menanggung seluruh biaya transportasi "
    "peserta pelatihan; bank berpendapat biaya itu bagian dari kontribusi pendamping desa.",
    "resolution": "Biaya transportasi dibagi sesuai jumlah peserta dari wilayah kerja masing-masing mitra, "
    "dicatat sebagai kontribusi dalam peta jalan.",
    "lessons_learnt": "Sepakati pembagian biaya operasional di perjanjian kemitraan sejak masa penjajakan. "
    "Perbedaan diselesaikan lebih cepat ketika pendamping menawarkan beberapa alternatif dengan data jumlah "
    "peserta, bukan memutuskan sendiri.",
}


def _partners(program, orgs):
    by_org = {p.organisation_id: p for p in ProgramPartner.objects.filter(program=program)}
    return {i: by_org.get(org.pk) for i, org in enumerate(orgs)}


# Start times, in the program's zone (the demo programs are WITA): meetings at 09.00, field visits
# leave early, calls after lunch.
START_TIMES = {"field_visit": datetime.time(8, 0), "call": datetime.time(14, 0)}
DEFAULT_START = datetime.time(9, 0)


def _seed_meeting(program, row, today, users, partners, facilitator):
    title, kind, status, offset, location, agenda, notes, decisions, items, attendees, partner_idx = row
    date = today + datetime.timedelta(days=offset)
    start = START_TIMES.get(kind, DEFAULT_START)
    # A meeting seeded before meetings had a start time gets one (idempotent: only where none is set).
    Meeting.objects.filter(program=program, title=title, start_time=None).update(start_time=start)
    meeting, created = Meeting.objects.get_or_create(
        program=program,
        title=title,
        defaults={
            "kind": kind,
            "status": status,
            "date": date,
            "start_time": start,
            "location": location,
            "agenda": agenda,
            "notes": notes,
            "created_by": facilitator,
        },
    )
    if not created:
        return meeting
    meeting.attendees.set([users[u] for u in attendees if u in users])
    meeting.attending_partners.set([partners[i] for i in partner_idx if partners.get(i)])
    Decision.objects.bulk_create(Decision(meeting=meeting, text=text, order=i) for i, text in enumerate(decisions))
    for description, owner, partner_index, due_in, done in items:
        ActionItem.objects.create(
            meeting=meeting,
            description=description,
            owner_person=users.get(owner) if owner else None,
            owner_partner=partners.get(partner_index) if partner_index is not None else None,
            due_date=today + datetime.timedelta(days=due_in),
            done=done,
        )
    kind_label = "meeting_held" if status == "held" else "meeting_planned"
    record_activity(program, facilitator, kind_label, f"{title} ({date_format(date)})", meeting.get_absolute_url())
    return meeting


def seed(ctx):
    today, users, orgs, programs = ctx["today"], ctx["users"], ctx["organisations"], ctx["programs"]
    meetings = {}
    for index, rows in MEETINGS.items():
        program = programs[index]
        facilitator = users.get("fasilitator2" if index == 2 else "fasilitator")
        partners = _partners(program, orgs)
        for row in rows:
            meetings[row[0]] = _seed_meeting(program, row, today, users, partners, facilitator)

    program = programs[0]
    partners = _partners(program, orgs)
    case, created = MediationCase.objects.get_or_create(
        program=program,
        title=CASE["title"],
        defaults={
            "issue": CASE["issue"],
            "opened_on": today - datetime.timedelta(days=75),
            "status": MediationCase.Status.RESOLVED,
            "resolution": CASE["resolution"],
            "lessons_learnt": CASE["lessons_learnt"],
            "resolved_on": today - datetime.timedelta(days=60),
            "created_by": users.get("fasilitator"),
        },
    )
    if created:
        case.parties.set([partners[1], partners[2]])
        case.meetings.set([meetings["Pertemuan koordinasi pembiayaan pelatihan"]])
        record_activity(program, users.get("fasilitator"), "mediation_opened")
        record_activity(program, users.get("fasilitator"), "mediation_resolved")
    _meeting_answer(program, meetings.get("Rapat koordinasi triwulan III"), users.get("fasilitator"), orgs)
    _lessons(programs, case, users.get("fasilitator"))
    _journal(programs, users.get("fasilitator"), orgs, today)
    _institution_and_hand_over(programs[1], users, orgs, today)
    _post_emergency_review(programs[2], users.get("fasilitator2"), orgs)


def _meeting_answer(program, meeting, facilitator, orgs):
    """The partner with nobody to answer in the app (org 6) agreed in the quarterly meeting: the
    facilitator records it with a link to that meeting, and the change is applied (issue 15, item 4)."""
    rec = Recommendation.objects.filter(program=program, title="Mundurkan jadwal pelatihan karena musim tanam").first()
    partner = ProgramPartner.objects.filter(program=program, organisation=orgs[6]).first()
    if rec is None or partner is None or meeting is None or not rec.is_open:
        return
    if RecommendationResponse.objects.filter(recommendation=rec, partner=partner).exists():
        return
    do_record_meeting_answer(
        facilitator,
        rec,
        partner=partner,
        verdict="agree",
        comment="Disampaikan langsung oleh perwakilan dalam rapat.",
        meeting_url=meeting.get_absolute_url(),
        meeting_label=f"{meeting.title} ({date_format(meeting.date)})",
    )


def _post_emergency_review(program, facilitator, orgs):
    """Lumbung Pangan [2] was formed after a disaster: its post-emergency review hands a lingering
    dispute over the grain stores to mediation (issue 15, item 2)."""
    if not program.is_emergency or PostEmergencyReview.objects.filter(program=program).exists():
        return
    partners = _partners(program, orgs)
    do_post_emergency_review(
        facilitator,
        program,
        notes="Pembagian bantuan pangan saat bencana menimbulkan kecemburuan antar desa; sebagian gudang "
        "masih dipakai tanpa kesepakatan tertulis.",
        conflict={
            "title": "Pemakaian gudang lumbung pascabencana",
            "issue": "Pemerintah kabupaten dan PT Agro Pangan Lestari berbeda pendapat tentang siapa yang "
            "mengelola gudang setelah masa tanggap darurat.",
            "parties": [partners[4], partners[8]],
        },
    )


def _lessons(programs, case, facilitator):
    """Two lessons in the library (issue 15, item 5): the mediation case's lesson, published with the
    parties' names hidden, and a success story from Tenun Ikat Sumba whose partners agreed to be named."""
    ntt = Province.objects.get(code="53")
    if not Lesson.objects.filter(mediation_case=case).exists():
        do_publish_lesson(
            facilitator,
            programs[0],
            case=case,
            fields={
                "kind": Lesson.Kind.LESSON,
                "title": "Membagi biaya transportasi pelatihan antara Yayasan Harapan Timur dan "
                "PT Bank Sejahtera Nusantara",
                "text": "Yayasan Harapan Timur meminta PT Bank Sejahtera Nusantara menanggung seluruh biaya "
                "transportasi peserta pelatihan. Perbedaan selesai dalam dua pertemuan setelah pendamping "
                "menyajikan data jumlah peserta per wilayah kerja dan menawarkan tiga pilihan pembagian biaya.\n\n"
                + CASE["lessons_learnt"],
                "sector": "civil_society",
                "province": ntt,
                "problem": Lesson.Problem.FUNDING,
                "names_agreed": False,
            },
        )
    if not Lesson.objects.filter(program=programs[1], kind=Lesson.Kind.SUCCESS_STORY).exists():
        do_publish_lesson(
            facilitator,
            programs[1],
            fields={
                "kind": Lesson.Kind.SUCCESS_STORY,
                "title": "Koperasi Perempuan Tenun Ikat Sumba menembus pasar kota",
                "text": "Setelah pelatihan desain dan penetapan harga bersama, koperasi menjual kain tenun ke "
                "galeri di Kupang dan Denpasar. Pendapatan rata-rata penenun naik, dan koperasi kini "
                "mengelola sendiri pemesanan bahan baku. Para mitra setuju kisah ini diterbitkan dengan nama.",
                "sector": "community",
                "province": ntt,
                "problem": Lesson.Problem.OTHER,
                "names_agreed": True,
            },
        )


# The facilitator's journal in the two NTT programs (issue 15, item 6):
# (program index, days ago, role, text, bridge (org index, org index, people) or None)
JOURNAL = [
    (
        0,
        250,
        "building_ideas",
        "Memfasilitasi lokakarya perumusan tujuan bersama dengan Bappeda dan para mitra; "
        "disepakati tiga capaian dan cara pengambilan keputusan dalam forum mitra.",
        None,
    ),
    (
        0,
        230,
        "bridge",
        "Mempertemukan Bappeda NTT dengan PT Bank Sejahtera Nusantara untuk membahas skema kredit usaha kelompok desa.",
        (0, 2, "Bapak Yosef Nae Soi dengan Bapak Hendra Gunawan"),
    ),
    (
        0,
        200,
        "trainer",
        "Melatih staf Yayasan Harapan Timur menyusun laporan kemajuan tonggak capaian beserta buktinya.",
        None,
    ),
    (
        0,
        170,
        "options",
        "Menyajikan tiga pilihan jadwal penyaluran modal tahap 2 agar tidak bentrok dengan "
        "musim tanam; mitra memilih penundaan dua minggu.",
        None,
    ),
    (
        0,
        140,
        "mediator",
        "Memandu dua pertemuan mediasi soal biaya transportasi pelatihan; para pihak "
        "menyepakati pembagian menurut jumlah peserta.",
        None,
    ),
    (
        0,
        100,
        "role_model",
        "Membagikan notulen rapat koordinasi kepada semua mitra dalam dua hari, termasuk "
        "keputusan yang belum disepakati, sebagai contoh keterbukaan.",
        None,
    ),
    (
        0,
        60,
        "promoter",
        "Menceritakan kisah sukses koperasi tenun di Sumba kepada kelompok usaha desa "
        "Oinlasi sebagai gagasan pemasaran bersama.",
        None,
    ),
    (0, 20, "trainer", "Pelatihan pembukuan sederhana bersama Universitas Nusa Cendana untuk 40 kader desa.", None),
    (1, 180, "building_ideas", "Menyusun bersama koperasi dan dinas gagasan rumah produksi tenun bersama.", None),
    (
        1,
        120,
        "bridge",
        "Memperkenalkan Koperasi Perempuan Tenun Ikat Sumba kepada Radio Suara Desa untuk siaran profil penenun.",
        (5, 6, "Ibu Rambu Anamila dengan redaksi Radio Suara Desa"),
    ),
    (1, 45, "promoter", "Membawa contoh galeri tenun di Kupang sebagai pilihan saluran pemasaran.", None),
    (1, 10, "role_model", "Menepati jadwal kunjungan bulanan dan mencatat setiap janji tindak lanjut.", None),
]


def _journal(programs, facilitator, orgs, today):
    if facilitator is None or JournalEntry.objects.filter(author=facilitator).exists():
        return
    JournalEntry.objects.bulk_create(
        JournalEntry(
            program=programs[index],
            author=facilitator,
            date=today - datetime.timedelta(days=days_ago),
            role=role,
            text=text,
            bridge_from=orgs[bridge[0]] if bridge else None,
            bridge_to=orgs[bridge[1]] if bridge else None,
            bridge_people=bridge[2] if bridge else "",
        )
        for index, days_ago, role, text, bridge in JOURNAL
    )


# Universitas Nusa Cendana (org 3) holds the facilitation of Tenun Ikat Sumba (issue 15, item 7).
UNDANA_FACILITATORS = [
    ("fasilitator_undana", "Yuliana", "Manu", "Dosen, Pusat Studi Pemberdayaan Masyarakat"),
    ("fasilitator_lama", "Benediktus", "Tae", "Peneliti, Pusat Studi Pemberdayaan Masyarakat"),
]


def _institution_and_hand_over(program, users, orgs, today):
    undana = orgs[3]
    people = {}
    for username, first, last, job_title in UNDANA_FACILITATORS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": User.Role.FACILITATOR,
                "facilitator_kind": User.FacilitatorKind.EXTERNAL,
                "organisation": undana,
                "job_title": job_title,
                "email": f"{username}@kemitraan.example.id",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        people[username] = user
    admin = users.get("admin")
    if not ProgramFacilitation.objects.filter(program=program).exists():
        do_set_facilitation_institution(admin, program, undana)
    if HandOver.objects.filter(program=program).exists():
        return
    # Benediktus Tae facilitated the program's first months for the university, then handed over to Yuliana Manu.
    Membership.objects.get_or_create(
        program=program, user=people["fasilitator_lama"], defaults={"role": Membership.Role.FACILITATOR}
    )
    do_hand_over(
        admin,
        program,
        from_user=people["fasilitator_lama"],
        to_user=people["fasilitator_undana"],
        date=today - datetime.timedelta(days=120),
        notes="Koperasi sangat aktif, tetapi Dinas Perindustrian belum memberi restu tertulis. Janji yang "
        "belum dipenuhi: pelatihan pewarnaan alami untuk 30 penenun. Ketua koperasi lebih nyaman dihubungi "
        "lewat telepon daripada surel.",
    )
