"""Demo road maps: 20-40 milestones per running program in mixed states (idempotent).

A program whose road map already has an outcome is left alone, so running twice changes nothing.
Everything is written through roadmap.actions, so the demo has a real change log.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from notifications.models import Notification
from partners.models import Membership
from partners.reminders import ENDORSEMENT_MISSING
from roadmap import actions, reminders
from roadmap.models import Milestone, MilestoneStatus, Outcome

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# program index -> [(outcome statement, indicator, unit, baseline, target, [(output statement, [milestone titles])])]
# The indicator, unit, baseline and target become each outcome's indicator in results/demo.py.
ROADMAPS = {
    0: [
        (
            "Pendapatan rumah tangga miskin di 20 desa sasaran meningkat",
            "Rata-rata pendapatan bulanan rumah tangga sasaran",
            "ribu Rp",
            850,
            1250,
            [
                (
                    "Kelompok usaha ekonomi produktif terbentuk dan berjalan",
                    [
                        "Survei data dasar rumah tangga sasaran",
                        "Musyawarah desa penetapan kelompok usaha",
                        "Pelatihan kewirausahaan tahap 1",
                        "Pendampingan rencana usaha kelompok",
                        "Pelatihan kewirausahaan tahap 2",
                        "Temu usaha dengan pembeli di Kupang",
                        "Evaluasi usaha kelompok semester 1",
                        "Pameran produk desa tingkat kabupaten",
                    ],
                ),
                (
                    "Akses keuangan bagi kelompok usaha terbuka",
                    [
                        "Kajian kelayakan kredit mikro",
                        "Sosialisasi produk tabungan desa",
                        "Pembukaan rekening anggota kelompok",
                        "Penyaluran kredit usaha tahap 1",
                        "Pelatihan literasi keuangan",
                        "Penyaluran kredit usaha tahap 2",
                        "Pemantauan pengembalian kredit",
                    ],
                ),
            ],
        ),
        (
            "Layanan dasar bagi keluarga miskin membaik",
            "Keluarga miskin yang terdaftar layanan sosial",
            "%",
            45,
            90,
            [
                (
                    "Data terpadu keluarga miskin desa diperbarui",
                    [
                        "Pelatihan operator data desa",
                        "Verifikasi data keluarga miskin",
                        "Musyawarah desa validasi data",
                        "Integrasi data ke sistem kabupaten",
                        "Pemutakhiran data triwulan",
                    ],
                ),
                (
                    "Posko layanan terpadu di kecamatan berjalan",
                    [
                        "Penyusunan SOP posko layanan",
                        "Pelatihan petugas posko",
                        "Peluncuran posko layanan terpadu",
                        "Kampanye radio layanan posko",
                        "Survei kepuasan layanan",
                        "Lokakarya replikasi ke kecamatan lain",
                    ],
                ),
            ],
        ),
    ],
    1: [
        (
            "Pendapatan perempuan penenun Sumba Timur meningkat",
            "Rata-rata pendapatan penenun per bulan",
            "ribu Rp",
            600,
            1000,
            [
                (
                    "Koperasi penenun siap bermitra",
                    [
                        "Pemetaan kelompok penenun",
                        "Penilaian kapasitas koperasi",
                        "Lokakarya rencana kemitraan",
                        "Penyusunan kesepakatan kemitraan",
                    ],
                ),
                (
                    "Akses pasar kain tenun terbuka",
                    [
                        "Kajian pasar kain tenun ikat",
                        "Penjajakan mitra pembeli",
                        "Uji coba penjualan daring",
                    ],
                ),
            ],
        ),
    ],
    2: [
        (
            "Ketahanan pangan rumah tangga miskin di Lombok Timur menguat",
            "Rumah tangga dengan stok pangan 3 bulan",
            "%",
            30,
            70,
            [
                (
                    "Lumbung pangan desa berfungsi",
                    [
                        "Rehabilitasi gudang lumbung pascagempa",
                        "Pembentukan pengurus lumbung",
                        "Pelatihan tata kelola lumbung",
                        "Pengisian stok awal lumbung",
                        "Audit stok lumbung semester 1",
                        "Audit stok lumbung semester 2",
                        "Penyusunan aturan simpan-pinjam gabah",
                    ],
                ),
                (
                    "Kemitraan petani dan industri pangan berjalan",
                    [
                        "Kontrak pembelian hasil panen",
                        "Pelatihan budidaya tahan kekeringan",
                        "Demplot varietas unggul",
                        "Panen raya dan serah terima hasil",
                        "Evaluasi harga dasar pembelian",
                        "Perpanjangan kontrak pembelian",
                    ],
                ),
                (
                    "Rencana keberlanjutan swakelola disusun",
                    [
                        "Kajian keberlanjutan lumbung",
                        "Lokakarya rencana swakelola",
                        "Penetapan peraturan desa lumbung",
                        "Serah terima pengelolaan ke desa",
                    ],
                ),
                (
                    "Kapasitas kelembagaan desa untuk tanggap darurat pangan meningkat",
                    [
                        "Pemetaan risiko rawan pangan desa",
                        "Pelatihan tim siaga pangan desa",
                        "Simulasi tanggap darurat pangan",
                        "Penyusunan rencana kontinjensi desa",
                        "Forum berbagi pengalaman antardesa",
                    ],
                ),
            ],
        ),
    ],
}


def _people(program):
    """facilitator, and {partner_id: [partner staff/lead users]} of the program."""
    facilitator, by_partner = None, {}
    for membership in Membership.objects.filter(program=program).select_related("user").order_by("pk"):
        if membership.role == Membership.Role.FACILITATOR and facilitator is None:
            facilitator = membership.user
        elif membership.partner_id:
            by_partner.setdefault(membership.partner_id, []).append(membership.user)
    return facilitator, by_partner


def _state(position, total, today, start, end):
    """Dates and state for the milestone at `position` of `total`, spread over the program's span."""
    span = (end - start).days
    milestone_start = start + datetime.timedelta(days=round(span * position / total))
    # each milestone ends before the next one starts, so dependency chains run forward in time
    due = milestone_start + datetime.timedelta(days=max(14, round(span / total * 0.9)))
    if due < today - datetime.timedelta(days=20):
        # past: mostly done, every fifth one overdue or blocked
        if position % 5 == 3:
            return milestone_start, due, MilestoneStatus.IN_PROGRESS, 60
        if position % 7 == 4:
            return milestone_start, due, MilestoneStatus.BLOCKED, 30
        return milestone_start, due, MilestoneStatus.DONE, 100
    if milestone_start <= today:
        return milestone_start, due, MilestoneStatus.IN_PROGRESS, 20 + (position * 13) % 60
    return milestone_start, due, MilestoneStatus.PLANNED, 0


def _seed_program(index, program, today):
    facilitator, by_partner = _people(program)
    if facilitator is None:
        return
    partners = list(program.partners.order_by("pk"))
    # owners rotate over partners that have people, so demo users have milestones to report on
    owners = [p for p in partners if p.pk in by_partner] or partners
    start = program.start_date
    end = program.end_date or start + datetime.timedelta(days=720)
    if index == 1:
        end = start + datetime.timedelta(days=240)
    total = sum(len(titles) for _s, _i, _u, _b, _t, outputs in ROADMAPS[index] for _o, titles in outputs)
    position = 0
    created = []
    for order, (statement, _indicator, _unit, _baseline, _target, outputs) in enumerate(ROADMAPS[index]):
        outcome = actions.do_create_outcome(
            facilitator,
            program,
            statement=statement,
            order=order,
            partners=owners[:2],
        )
        for output_order, (output_statement, titles) in enumerate(outputs):
            output = actions.do_create_output(
                facilitator, outcome, statement=output_statement, order=output_order, partners=owners[:1]
            )
            previous = None
            for title in titles:
                m_start, due, status, progress = _state(position, total, today, start, end)
                owner = owners[position % len(owners)]
                milestone = actions.do_create_milestone(
                    facilitator,
                    program,
                    output=output,
                    title=title,
                    owner=owner,
                    start_date=m_start,
                    due_date=due,
                    responsible=by_partner.get(owner.pk, [None])[0],
                    description=f"{title} — bagian dari keluaran “{output_statement}”.",
                    status=status,
                    progress=progress,
                    depends_on=[previous] if previous is not None and position % 3 else [],
                    completed_on=min(due, today) if status == MilestoneStatus.DONE else None,
                )
                created.append(milestone)
                previous = milestone
                position += 1

    # Revisions with reasons: a few due dates moved, one outcome statement sharpened.
    for milestone in [m for m in created if m.is_open][1:4]:
        actions.do_revise_item(
            facilitator,
            milestone,
            {"due_date": milestone.due_date + datetime.timedelta(days=30)},
            "Jadwal digeser karena musim hujan menghambat akses ke desa sasaran.",
        )
    first_outcome = Outcome.objects.filter(program=program).order_by("order", "pk").first()
    actions.do_revise_item(
        facilitator,
        first_outcome,
        {"statement": first_outcome.statement + " secara berkelanjutan"},
        "Rekomendasi kajian tengah program: rumusan capaian dipertajam agar keberlanjutan ikut diukur.",
    )

    # Progress reports: approved history, some awaiting review (one with evidence), one returned.
    reportable = [m for m in created if m.is_open and m.owner_id in by_partner]
    for n, milestone in enumerate(reportable[:5]):
        author = by_partner[milestone.owner_id][0]
        update = actions.do_save_update(
            author,
            milestone,
            new_status=MilestoneStatus.IN_PROGRESS,
            progress=min(100, milestone.progress + 20),
            narrative=f"Kegiatan “{milestone.title}” berjalan; {n + 2} desa sudah selesai, sisanya dijadwalkan "
            "bulan depan.",
            files=[ContentFile(PDF, name="daftar-hadir.pdf")] if n == 0 else [],
            submit=True,
        )
        if n == 3:
            actions.do_return_update(
                facilitator, update, "Mohon lampirkan daftar hadir dan foto kegiatan sebagai bukti."
            )
        elif n == 4:
            actions.do_approve_update(facilitator, update, "Terima kasih, laporan lengkap.")
    for milestone in reportable[5:7]:
        actions.do_add_comment(
            by_partner[milestone.owner_id][0], milestone, "Kami butuh data dari mitra lain sebelum mulai."
        )
        actions.do_add_comment(facilitator, milestone, "Baik, akan dibahas di pertemuan koordinasi berikutnya.")


def _notification_items(ntt):
    """(username, kind, label, message, url): a few unread notifications for the demo navbar."""
    program_url = ntt.get_absolute_url()
    milestone = Milestone.objects.filter(program=ntt).order_by("due_date", "pk").first()
    title = milestone.title if milestone else ntt.name
    milestone_url = milestone.get_absolute_url() if milestone else program_url
    return [
        ("fasilitator", "update_submitted", title, "Survei sudah dilakukan di 12 dari 20 desa.", milestone_url),
        ("fasilitator", ENDORSEMENT_MISSING, "Universitas Nusa Cendana", "", program_url),
        ("fasilitator", reminders.REVIEW_WAITING, title, "", reverse("roadmap:review_queue")),
        ("mitra_a", reminders.DUE_SOON, title, "", milestone_url),
        ("mitra_a", "update_returned", title, "Mohon lampirkan daftar hadir pelatihan.", milestone_url),
        ("pimpinan_a", reminders.OVERDUE, title, "", milestone_url),
        ("mitra_b", "update_approved", ntt.name, "Terima kasih, laporan lengkap.", program_url),
    ]


def _seed_notifications(ctx):
    users = ctx["users"]
    for username, kind, label, message, url in _notification_items(ctx["programs"][0]):
        user = users.get(username)
        if user is None:
            continue
        Notification.objects.get_or_create(
            user=user, kind=kind, label=label[:300], defaults={"message": message, "url": url}
        )


def seed(ctx):
    today = ctx["today"]
    for index, program in enumerate(ctx["programs"]):
        if index not in ROADMAPS or Outcome.objects.filter(program=program).exists():
            continue
        _seed_program(index, program, today)
    _seed_notifications(ctx)
