"""The write paths other apps call: creating milestones, revising items, reviewing reports."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from partners.models import Activity
from roadmap.actions import (
    StaleEditError,
    do_approve_update,
    do_create_milestone,
    do_return_update,
    do_revise_item,
    do_save_update,
    unfinished_dependencies,
)
from roadmap.models import Milestone, MilestoneStatus, ProgressUpdate, Revision
from roadmap.tests.factories import MilestoneFactory, OutputFactory

pytestmark = pytest.mark.django_db


def test_create_milestone_records_revision_and_activity(cast, roadmap):
    today = datetime.date(2027, 1, 10)
    milestone = do_create_milestone(
        cast.fasilitator,
        cast.program,
        output=roadmap.output,
        title="Musyawarah desa",
        owner=cast.partner_b,
        start_date=today,
        due_date=today + datetime.timedelta(days=7),
    )
    assert milestone.pk and milestone.version == 1
    assert Revision.objects.filter(item_type="milestone", item_id=milestone.pk, field="created").count() == 1
    assert Activity.objects.filter(program=cast.program, kind="milestone_created").count() == 1


def test_create_milestone_refuses_due_before_start(cast, roadmap):
    today = datetime.date(2027, 1, 10)
    with pytest.raises(ValidationError) as exc:
        do_create_milestone(
            cast.fasilitator,
            cast.program,
            output=roadmap.output,
            title="Terbalik",
            owner=cast.partner_a,
            start_date=today,
            due_date=today - datetime.timedelta(days=1),
        )
    assert exc.value.code == "due_before_start"
    assert not Milestone.objects.filter(title="Terbalik").exists()


def test_revise_records_old_new_reason_and_bumps_version(cast, roadmap):
    milestone = roadmap.first
    old_due = milestone.due_date
    new_due = old_due + datetime.timedelta(days=14)
    revisions = do_revise_item(cast.lead_a, milestone, {"due_date": new_due, "title": milestone.title}, "Musim hujan")
    assert [(r.field, r.old_value, r.new_value, r.reason) for r in revisions] == [
        ("due_date", old_due.isoformat(), new_due.isoformat(), "Musim hujan")
    ]
    milestone.refresh_from_db()
    assert milestone.due_date == new_due and milestone.version == 2
    assert revisions[0].actor == cast.lead_a and revisions[0].item_version == 2


def test_revise_outcome_statement(cast, roadmap):
    old = roadmap.outcome.statement
    revisions = do_revise_item(cast.fasilitator, roadmap.outcome, {"statement": "Baru"}, "Rekomendasi evaluasi")
    assert [(r.item_type, r.field, r.old_value, r.new_value) for r in revisions] == [
        ("outcome", "statement", old, "Baru")
    ]


def test_an_items_old_figures_cannot_be_revised_any_more(cast, roadmap):
    """Issue 13, item 8: what an item measures lives on its indicators (results)."""
    with pytest.raises(ValueError):
        do_revise_item(cast.fasilitator, roadmap.outcome, {"target_value": 30}, "Rekomendasi evaluasi")


def test_revise_requires_reason(cast, roadmap):
    with pytest.raises(ValidationError):
        do_revise_item(cast.fasilitator, roadmap.first, {"title": "Baru"}, "  ")
    assert Revision.objects.filter(field="title").count() == 0


def test_stale_edit_is_refused_with_the_other_persons_changes(cast, roadmap):
    mine = Milestone.objects.get(pk=roadmap.first.pk)
    theirs = Milestone.objects.get(pk=roadmap.first.pk)
    do_revise_item(cast.fasilitator, theirs, {"title": "Judul fasilitator"}, "Lebih jelas")
    with pytest.raises(StaleEditError) as exc:
        do_revise_item(cast.lead_a, mine, {"title": "Judul mitra"}, "Lebih singkat")
    assert [(r.field, r.new_value, r.actor) for r in exc.value.revisions] == [
        ("title", "Judul fasilitator", cast.fasilitator)
    ]
    assert Milestone.objects.get(pk=mine.pk).title == "Judul fasilitator"
    assert not Revision.objects.filter(new_value="Judul mitra").exists()


def test_dependency_cycle_is_refused(cast, roadmap):
    # second depends on first; first depending on second would close the loop
    with pytest.raises(ValidationError) as exc:
        do_revise_item(cast.fasilitator, roadmap.first, {"depends_on": [roadmap.second]}, "Urutan")
    assert exc.value.code == "cycle"
    assert "Survei data dasar" in exc.value.messages[0]
    assert list(roadmap.first.depends_on.all()) == []


def test_dependency_on_other_program_is_refused(cast, roadmap):
    foreign = MilestoneFactory()
    with pytest.raises(ValidationError) as exc:
        do_revise_item(cast.fasilitator, roadmap.first, {"depends_on": [foreign]}, "Urutan")
    assert exc.value.code == "other_program"


def test_marking_done_before_dependencies_is_allowed_but_flagged(cast, roadmap):
    do_revise_item(cast.fasilitator, roadmap.second, {"status": MilestoneStatus.DONE, "progress": 100}, "Selesai")
    roadmap.second.refresh_from_db()
    assert roadmap.second.status == MilestoneStatus.DONE and roadmap.second.completed_on
    assert unfinished_dependencies(roadmap.second) == [roadmap.first]


def test_approval_is_the_only_thing_that_changes_the_milestone(cast, roadmap):
    update = do_save_update(
        cast.staf_a, roadmap.first, new_status=MilestoneStatus.DONE, progress=100, narrative="Selesai", submit=True
    )
    roadmap.first.refresh_from_db()
    assert roadmap.first.status == MilestoneStatus.PLANNED and roadmap.first.progress == 0
    assert Notification.objects.filter(user=cast.fasilitator, kind="update_submitted").count() == 1
    do_approve_update(cast.fasilitator, update)
    roadmap.first.refresh_from_db()
    assert roadmap.first.status == MilestoneStatus.DONE and roadmap.first.progress == 100
    assert roadmap.first.completed_on and roadmap.first.last_progress_at and roadmap.first.version == 2
    assert update.state == ProgressUpdate.State.APPROVED
    with pytest.raises(ValidationError):
        do_approve_update(cast.fasilitator, update)


def test_return_notifies_author_and_leaves_milestone(cast, submitted_update):
    do_return_update(cast.fasilitator, submitted_update, "Lampirkan daftar hadir")
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.RETURNED
    assert submitted_update.milestone.progress == 0
    note = Notification.objects.get(user=cast.staf_a, kind="update_returned")
    assert note.message == "Lampirkan daftar hadir"


def test_output_of_other_program_is_refused(cast, roadmap):
    with pytest.raises(ValidationError):
        do_revise_item(cast.fasilitator, roadmap.first, {"output": OutputFactory()}, "Pindah")
