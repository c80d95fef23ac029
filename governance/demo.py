"""Demo governance records (idempotent: each piece is skipped when it already exists).

- a complete partnering agreement for program [0] (managing) and a partial one for [1] (scoping: gate not met)
- the phase history of [0]
- the agreement of [0] signed by every partner that has someone to sign (v1), then changed: version 2
  shows the diff and waits for sign-off again (pimpinan_a has signed it)
- a due-date recommendation on [0] that every partner with a voice agreed to (staf_unc answers for
  Universitas Nusa Cendana, which has no lead); facilitation's demo records the last partner's
  answer from a meeting, which applies it through road-map revisions
- a target recommendation still waiting for pimpinan_b and pimpinan_bappeda
- sustainability plans for [0] (carried on by Bappeda) and [2] (swakelola)
- a recognition for Yayasan Harapan Timur in [0]
- the partners' commitments in [0] (issue 14, item 5): the bank, the foundation and the university
  are on track; Bappeda's in-kind commitment is behind (dashboard queue, reminder, reports)
Parts that need road-map milestones are skipped when roadmap.demo made none.
"""

import datetime

from governance import actions
from governance.models import (
    AgreementSignOff,
    Commitment,
    InstitutionalChange,
    PartneringAgreement,
    PhaseChange,
    Recognition,
    Recommendation,
    SustainabilityPlan,
)
from partners.models import Document, ProgramPartner
from roadmap.models import Milestone, Outcome

FULL_AGREEMENT = {
    "shared_goals": "Menurunkan angka kemiskinan ekstrem di 20 desa Timor Tengah Selatan sebesar 30% dalam tiga "
    "tahun melalui usaha ekonomi produktif, akses keuangan dan layanan dasar.",
    "committed_contributions": "Bappeda: data dan sekretariat bersama. Yayasan Harapan Timur: 8 pendamping desa. "
    "Bank Sejahtera Nusantara: dana CSR Rp1,25 miliar dan kredit usaha. Universitas Nusa Cendana: survei dan kajian.",
    "decision_making": "Rapat koordinasi bulanan dipimpin Bappeda; keputusan diambil secara musyawarah mufakat, "
    "perubahan peta jalan lewat rekomendasi pendamping kemitraan yang disetujui semua pimpinan mitra.",
    "communication": "Buletin cetak bulanan ke desa, grup pesan singkat untuk staf mitra, laporan kemajuan di sistem.",
    "dispute_resolution": "Perselisihan dibahas dahulu antarmitra; bila buntu, mediasi oleh pendamping kemitraan, "
    "dan pelajaran dicatat untuk semua mitra.",
    "exit_strategy": "Pada tahun ketiga kegiatan diserahkan kepada Bappeda dan pemerintah desa; mitra yang ingin "
    "keluar lebih awal memberi tahu tiga bulan sebelumnya.",
}

PARTIAL_AGREEMENT = {
    "shared_goals": "Meningkatkan pendapatan 600 perempuan penenun di Sumba Timur.",
    "communication": "Pertemuan bulanan di sanggar tenun.",
}

OWN_GOALS = {
    0: "Memperkuat data terpadu kemiskinan daerah.",
    1: "Memperluas model pendampingan desa ke kabupaten lain.",
    2: "Menyalurkan kredit usaha mikro yang sehat di wilayah timur.",
    3: "Menghasilkan kajian rantai nilai yang dipublikasikan.",
    5: "Menjaga harga tenun yang adil bagi anggota koperasi.",
}


def _agreement(facilitator, program, sections, orgs, today, agreed_on=None):
    if PartneringAgreement.objects.filter(program=program).exists():
        return
    partners = ProgramPartner.objects.filter(program=program)
    goals = {p.pk: OWN_GOALS.get(orgs.index(p.organisation), "") for p in partners if p.organisation in orgs}
    if agreed_on is None:
        goals = {pk: text for pk, text in list(goals.items())[:1]}
    actions.do_save_agreement(facilitator, program, sections=sections, partner_goals=goals, agreed_on=agreed_on)


# (partner org index, kind, value, description, whole program (True) or its first year (False))
COMMITMENTS = [
    (2, "cash", 2_500_000_000, "Dana CSR untuk modal usaha kelompok, dua tahun", True),
    (1, "expertise", 900_000_000, "Delapan pendamping desa selama program", True),
    (0, "in_kind", 400_000_000, "Sekretariat bersama, kendaraan lapangan dan data terpadu", True),
    (3, "expertise", 100_000_000, "Survei baseline dan kajian rantai nilai, tahun pertama", False),
]


def _commitments(facilitator, program, orgs):
    partners = {p.organisation_id: p for p in ProgramPartner.objects.filter(program=program)}
    for org_index, kind, value, description, whole in COMMITMENTS:
        partner = partners.get(orgs[org_index].pk)
        if partner is None or Commitment.objects.filter(partner=partner, kind=kind).exists():
            continue
        start = program.start_date
        end = program.end_date if whole else start + datetime.timedelta(days=364)
        actions.do_add_commitment(
            facilitator,
            program,
            partner=partner,
            kind=kind,
            amount_idr=value,
            start_date=start,
            end_date=end,
            description=description,
        )


SIGNERS = ["pimpinan_bappeda", "pimpinan_a", "pimpinan_b", "staf_unc"]


def _sign_offs(facilitator, program, users):
    """v1 signed, then a change after sign-off (v2, with a diff), signed again by one partner."""
    agreement = PartneringAgreement.objects.filter(program=program).first()
    if agreement is None or AgreementSignOff.objects.filter(agreement=agreement).exists():
        return
    for username in SIGNERS:
        actions.do_sign_agreement(users[username], program)
    sections = {name: getattr(agreement, name) for name in PartneringAgreement.SECTIONS}
    sections["communication"] += "\nRapat daring dua mingguan untuk desa yang sudah terjangkau internet."
    goals = {g.partner_id: g.goals for g in agreement.partner_goals.all()}
    actions.do_save_agreement(
        facilitator, program, sections=sections, partner_goals=goals, agreed_on=agreement.agreed_on
    )
    actions.do_sign_agreement(users["pimpinan_a"], program)


def _link_signed_mou(facilitator, program):
    """The agreement points at the signed MoU of the document library (partners' demo uploads it)."""
    agreement = PartneringAgreement.objects.filter(program=program).first()
    mou = Document.objects.filter(program=program, kind="mou").order_by("pk").first()
    if agreement is None or mou is None or agreement.document_id == mou.pk:
        return
    actions.do_link_agreement_document(facilitator, program, mou)


def seed(ctx):
    today, users, orgs, programs = ctx["today"], ctx["users"], ctx["organisations"], ctx["programs"]
    facilitator = users["fasilitator"]
    ntt, sumba, lombok = programs[0], programs[1], programs[2]

    _agreement(facilitator, ntt, FULL_AGREEMENT, orgs, today, agreed_on=ntt.start_date + datetime.timedelta(days=20))
    _sign_offs(facilitator, ntt, users)
    _link_signed_mou(facilitator, ntt)
    _commitments(facilitator, ntt, orgs)
    _agreement(facilitator, sumba, PARTIAL_AGREEMENT, orgs, today)
    PhaseChange.objects.get_or_create(
        program=ntt,
        from_phase="scoping",
        to_phase="managing",
        defaults={"actor": facilitator},
    )

    milestones = list(Milestone.objects.filter(program=ntt).open().order_by("due_date", "pk"))
    moved_title = "Mundurkan jadwal pelatihan karena musim tanam"
    if len(milestones) >= 2 and not Recommendation.objects.filter(program=ntt, title=moved_title).exists():
        rec = actions.do_propose_recommendation(
            facilitator,
            ntt,
            kind="due_dates",
            title=moved_title,
            rationale="Warga desa sedang musim tanam jagung; kehadiran pelatihan akan rendah.",
            alternatives="Pelatihan malam hari (ditolak: penerangan terbatas); mengurangi peserta per desa.",
            milestone_dates={m: m.due_date + datetime.timedelta(days=30) for m in milestones[-2:]},
        )
        for username in ("pimpinan_bappeda", "pimpinan_a", "pimpinan_b", "staf_unc"):
            actions.do_respond_to_recommendation(users[username], rec, verdict="agree", comment="Setuju.")

    waiting_title = "Perluas rumusan capaian ke kelompok usaha yang mandiri"
    outcome = Outcome.objects.filter(program=ntt).order_by("order", "pk").first()
    if outcome is not None and not Recommendation.objects.filter(program=ntt, title=waiting_title).exists():
        rec = actions.do_propose_recommendation(
            facilitator,
            ntt,
            kind="target",
            title=waiting_title,
            rationale="Kelompok usaha yang sudah mandiri belum tercakup dalam rumusan capaian.",
            alternatives="Mempertahankan target dan memperluas ke desa baru.",
            outcome=outcome,
            target_field="statement",
            new_value=outcome.statement.rstrip(".") + ", termasuk kelompok usaha yang mandiri.",
        )
        actions.do_respond_to_recommendation(users["pimpinan_a"], rec, verdict="agree", comment="Kami sanggup.")

    if not SustainabilityPlan.objects.filter(program=ntt).exists():
        bappeda = ProgramPartner.objects.get(program=ntt, organisation=orgs[0])
        actions.do_save_sustainability_plan(
            facilitator,
            ntt,
            path=SustainabilityPlan.Path.CARRIED_ON,
            carrying_partner=bappeda,
            notes="Bappeda memasukkan kegiatan ke RPJMD; dana CSR bank dikurangi bertahap mulai tahun kedua.",
            transition_milestones=milestones[-2:],
        )
    if not SustainabilityPlan.objects.filter(program=lombok).exists():
        actions.do_save_sustainability_plan(
            users.get("fasilitator2", facilitator),
            lombok,
            path=SustainabilityPlan.Path.SWAKELOLA,
            notes="Lumbung pangan dikelola secara swakelola oleh BUMDes; pola ini diterapkan di desa lain.",
            transition_milestones=list(Milestone.objects.filter(program=lombok).order_by("-due_date")[:1]),
        )

    partner = ProgramPartner.objects.filter(program=ntt, organisation=orgs[1]).first()
    if partner is not None and not Recognition.objects.filter(program=ntt, partner=partner).exists():
        actions.do_add_recognition(
            facilitator,
            ntt,
            partner=partner,
            title="Model pendampingan desa direplikasi",
            description="Model pendampingan Yayasan Harapan Timur diadopsi Pemerintah Kabupaten Belu untuk 15 "
            "desa di luar program.",
            date=today - datetime.timedelta(days=30),
            awarded_by="Bupati Timor Tengah Selatan",
            given_by=Recognition.GivenBy.LOCAL_GOVERNMENT,
        )
    _community_recognitions(ntt, orgs, users, today)
    _institutional_strengthening(ntt, lombok, orgs, users, today)


STRENGTHENING = [
    # program index (0 NTT, 2 Lombok), organisation index, kind, title, description, days ago, recorded by
    (
        2,
        4,
        "policy",
        "Perbup Lombok Timur No. 18 Tahun 2026 tentang Lumbung Pangan Desa",
        "Dinas Sosial menyusun rancangan bersama BUMDes dan PT Agro Pangan Lestari; lumbung desa kini punya "
        "dasar hukum dan alokasi APBDes untuk cadangan pangan keluarga miskin.",
        95,
        "fasilitator2",
    ),
    (
        2,
        4,
        "procedure",
        "SOP Penyaluran Cadangan Pangan saat Bencana",
        "Urutan pendataan, verifikasi oleh kepala dusun dan penyaluran dalam 3 x 24 jam, disusun dari "
        "pengalaman tanggap darurat gempa bersama para mitra.",
        40,
        "fasilitator2",
    ),
    (
        0,
        0,
        "system",
        "Dasbor data terpadu keluarga miskin Provinsi NTT",
        "Bappeda memakai satu basis data DTKS yang dimutakhirkan bersama desa dampingan dan Universitas "
        "Nusa Cendana, diakses semua OPD.",
        60,
        "fasilitator",
    ),
    (
        0,
        1,
        "procedure",
        "SOP pendampingan kelompok usaha perempuan",
        "Yayasan Harapan Timur membakukan tahap pendampingan, pencatatan kas kelompok dan rujukan ke kredit mikro.",
        20,
        "pimpinan_a",
    ),
]


def _institutional_strengthening(ntt, lombok, orgs, users, today):
    """Issue 15, item 10: a Perbup and an SOP adopted by Dinas Sosial Lombok Timur, a shared data system
    at Bappeda NTT, and an SOP Yayasan Harapan Timur's own lead recorded."""
    programs = {0: ntt, 2: lombok}
    for program_index, org_index, kind, title, description, days, username in STRENGTHENING:
        program = programs[program_index]
        partner = ProgramPartner.objects.filter(program=program, organisation=orgs[org_index]).first()
        actor = users.get(username)
        if (
            partner is None
            or actor is None
            or InstitutionalChange.objects.filter(program=program, title=title).exists()
        ):
            continue
        actions.do_record_institutional_change(
            actor,
            program,
            partner=partner,
            kind=kind,
            title=title,
            description=description,
            adopted_on=today - datetime.timedelta(days=days),
        )


def _community_recognitions(ntt, orgs, users, today):
    """Issue 15, item 13: a village head in Kabupaten Kupang thanks Bappeda (recorded by the
    facilitator), and the bank's lead proposes one from a women's savings group, still waiting."""
    facilitator = users["fasilitator"]
    bappeda = ProgramPartner.objects.filter(program=ntt, organisation=orgs[0]).first()
    title = "Ucapan terima kasih Pemerintah Desa Oelnasi"
    if bappeda is not None and not Recognition.objects.filter(program=ntt, title=title).exists():
        actions.do_add_recognition(
            facilitator,
            ntt,
            partner=bappeda,
            title=title,
            description="Surat Kepala Desa Oelnasi (Kecamatan Kupang Tengah, Kabupaten Kupang) atas pendataan "
            "ulang keluarga miskin bersama warga, yang membuat 42 keluarga masuk DTKS dan menerima bantuan.",
            date=today - datetime.timedelta(days=12),
            awarded_by="Kepala Desa Oelnasi, Kabupaten Kupang",
            given_by=Recognition.GivenBy.VILLAGE,
        )
    bank = ProgramPartner.objects.filter(program=ntt, organisation=orgs[2]).first()
    title = "Piagam dari Kelompok Simpan Pinjam Perempuan Tunas Harapan"
    lead = users.get("pimpinan_b")
    if bank is not None and lead is not None and not Recognition.objects.filter(program=ntt, title=title).exists():
        actions.do_propose_recognition(
            lead,
            ntt,
            partner=bank,
            title=title,
            description="Kelompok menyerahkan piagam atas pelatihan pembukuan dan kredit mikro tanpa agunan "
            "yang kini dipakai 60 anggota di Desa Baumata.",
            date=today - datetime.timedelta(days=5),
            awarded_by="Kelompok Simpan Pinjam Perempuan Tunas Harapan, Desa Baumata",
            given_by=Recognition.GivenBy.BENEFICIARIES,
        )
