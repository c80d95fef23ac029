"""Demo meetings (with decisions and action items) and a mediation case. Idempotent: natural keys.

Desa Sejahtera NTT [0] has recent meetings, a planned workshop and a resolved mediation case between
Yayasan Harapan Timur and PT Bank Sejahtera Nusantara; Tenun Ikat Sumba [1] has had no meeting for
42 days, so the facilitator's dashboard flags it; Lumbung Pangan [2] had a field visit three weeks ago.
"""

import datetime

from facilitation.actions import do_post_emergency_review
from facilitation.models import ActionItem, Decision, MediationCase, Meeting
from governance.actions import do_record_meeting_answer
from governance.models import PostEmergencyReview, Recommendation, RecommendationResponse
from partners.actions import record_activity
from partners.models import ProgramPartner

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


def _seed_meeting(program, row, today, users, partners, facilitator):
    title, kind, status, offset, location, agenda, notes, decisions, items, attendees, partner_idx = row
    date = today + datetime.timedelta(days=offset)
    meeting, created = Meeting.objects.get_or_create(
        program=program,
        title=title,
        defaults={
            "kind": kind,
            "status": status,
            "date": date,
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
    record_activity(program, facilitator, kind_label, f"{title} ({date:%d-%m-%Y})", meeting.get_absolute_url())
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
        meeting_label=f"{meeting.title} ({meeting.date:%d-%m-%Y})",
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
