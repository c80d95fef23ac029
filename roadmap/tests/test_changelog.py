"""Change-log sentences (issue 16, item 5): labels and values as a manager reads them, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap.actions import do_create_milestone, do_revise_item
from roadmap.changelog import describe
from roadmap.models import MilestoneStatus, Revision

pytestmark = pytest.mark.django_db


def rev(item_type, field, old="", new=""):
    return Revision(item_type=item_type, field=field, old_value=old, new_value=new)


CASES = [
    (
        rev("milestone", "status", "planned", "in_progress"),
        "Status diubah dari Direncanakan menjadi Sedang berjalan.",
        "Status changed from Planned to In progress.",
    ),
    (
        rev("milestone", "due_date", "2026-03-31", "2026-04-30"),
        "Tenggat diubah dari 31 Maret 2026 menjadi 30 April 2026.",
        "Due date changed from 31 March 2026 to 30 April 2026.",
    ),
    (
        rev("milestone", "completed_on", "", "2026-03-31"),
        "Selesai pada diisi 31 Maret 2026.",
        "Completed on set to 31 March 2026.",
    ),
    (
        rev("milestone", "progress", "40", "60"),
        "Kemajuan diubah dari 40% menjadi 60%.",
        "Progress changed from 40% to 60%.",
    ),
    (
        rev("outcome", "target_value", "1250000.50", "1500.00"),
        "Target diubah dari 1.250.000,5 menjadi 1.500.",
        "Target changed from 1,250,000.5 to 1,500.",
    ),
    (
        rev("milestone", "title", "Survei", "Survei lahan"),
        "Judul diubah dari “Survei” menjadi “Survei lahan”.",
        "Title changed from “Survei” to “Survei lahan”.",
    ),
    (
        rev("output", "unit", "desa", ""),
        "Satuan dikosongkan (sebelumnya “desa”).",
        "Unit cleared (was “desa”).",
    ),
    (
        rev("milestone", "depends_on", "Survei data dasar", "Pelatihan kelompok, Survei data dasar"),
        "Bergantung pada: ditambahkan Pelatihan kelompok.",
        "Depends on: added Pelatihan kelompok.",
    ),
    (
        rev("milestone", "depends_on", "Pelatihan kelompok, Survei data dasar", ""),
        "Bergantung pada: dihapus Pelatihan kelompok, Survei data dasar.",
        "Depends on: removed Pelatihan kelompok, Survei data dasar.",
    ),
    (rev("milestone", "created", "", "Survei"), "Tonggak capaian dibuat.", "Milestone created."),
    (rev("output", "created", "", "Pelatihan"), "Keluaran dibuat.", "Output created."),
    (
        rev("outcome", "deleted", "Capaian", ""),
        "Capaian dihapus dari peta jalan.",
        "Outcome deleted from the road map.",
    ),
]


@pytest.mark.parametrize("revision, indonesian, english", CASES, ids=[f"{c[0].item_type}-{c[0].field}" for c in CASES])
def test_each_kind_of_change_reads_as_a_sentence_in_both_languages(revision, indonesian, english):
    with translation.override("id"):
        assert describe(revision) == indonesian
    with translation.override("en"):
        assert describe(revision) == english


def test_a_field_since_removed_still_reads_without_crashing():
    with translation.override("en"):
        assert describe(rev("milestone", "old_budget", "1", "2")) == "Old budget changed from “1” to “2”."


def test_actions_store_what_the_sentences_read(cast, roadmap):
    milestone = roadmap.first
    do_revise_item(
        cast.fasilitator,
        milestone,
        {"status": MilestoneStatus.IN_PROGRESS, "progress": 30, "depends_on": [roadmap.other]},
        "Rapat koordinasi",
    )
    with translation.override("id"):
        sentences = {r.field: r.description for r in Revision.objects.filter(item_id=milestone.pk)}
    assert sentences["status"].startswith("Status diubah dari Direncanakan menjadi Sedang berjalan")
    assert sentences["progress"].endswith("menjadi 30%.")
    assert sentences["depends_on"] == "Bergantung pada: ditambahkan Penyaluran kredit mikro."


def test_change_log_page_shows_sentences_not_field_names(cast, roadmap, login):
    milestone = roadmap.first
    assert milestone.start_date < milestone.due_date
    created = do_create_milestone(
        cast.fasilitator,
        cast.program,
        output=roadmap.output,
        title="Musyawarah desa",
        owner=cast.partner_a,
        start_date=milestone.start_date,
        due_date=milestone.due_date,
    )
    do_revise_item(cast.fasilitator, created, {"due_date": milestone.start_date}, "Jadwal bergeser")
    response = login(cast.manajer).get(reverse("roadmap:change_log", args=[cast.program.pk]))
    text = response.content.decode()
    assert "Tonggak capaian dibuat." in text
    assert "Tenggat diubah dari" in text
    assert "due_date" not in text and "created:" not in text and "→" not in text
    detail = login(cast.manajer).get(reverse("roadmap:milestone_detail", args=[created.pk])).content.decode()
    assert "Tonggak capaian dibuat." in detail and "Tenggat diubah dari" in detail
