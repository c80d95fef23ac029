"""Stories through the pages: revising, reporting, reviewing, and the bad input each refuses."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import Notification
from roadmap.models import Evidence, Milestone, MilestoneStatus, ProgressUpdate, Revision
from roadmap.tests.conftest import pdf_file
from roadmap.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def milestone_data(milestone, **overrides):
    data = {
        "title": milestone.title,
        "description": milestone.description,
        "output": milestone.output_id,
        "owner": milestone.owner_id,
        "responsible": "",
        "start_date": milestone.start_date.isoformat(),
        "due_date": milestone.due_date.isoformat(),
        "status": milestone.status,
        "progress": milestone.progress,
        "depends_on": [m.pk for m in milestone.depends_on.all()],
        "reason": "Penyesuaian jadwal musim tanam",
        "version": milestone.version,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_tree_rolls_up_progress_and_filters(cast, roadmap, login):
    Milestone.objects.filter(pk=roadmap.first.pk).update(progress=100, status=MilestoneStatus.DONE)
    Milestone.objects.filter(pk=roadmap.second.pk).update(progress=50)
    # cancelled milestones do not count in the roll-up
    MilestoneFactory(output=roadmap.output, owner=cast.partner_a, progress=0, status=MilestoneStatus.CANCELLED)
    client = login(cast.staf_b)
    response = client.get(reverse("roadmap:tree", args=[cast.program.pk]))
    outcome = response.context["outcomes"][0]
    output = outcome.output_list[0]
    assert output.progress == 50  # (100 + 50 + 0) / 3
    assert outcome.progress == 50
    assert len(output.milestone_list) == 4

    response = client.get(reverse("roadmap:tree", args=[cast.program.pk]), {"owner": cast.partner_b.pk})
    titles = [m.title for m in response.context["outcomes"][0].output_list[0].milestone_list]
    assert titles == ["Penyaluran kredit mikro"]


def test_tree_overdue_and_due_this_month_filters(cast, roadmap, login):
    today = datetime.date.today()
    Milestone.objects.filter(pk=roadmap.first.pk).update(
        start_date=today - datetime.timedelta(days=60), due_date=today - datetime.timedelta(days=3)
    )
    client = login(cast.fasilitator)
    response = client.get(reverse("roadmap:tree", args=[cast.program.pk]), {"overdue": "on"})
    titles = [m.title for m in response.context["outcomes"][0].output_list[0].milestone_list]
    assert titles == ["Survei data dasar"]
    assert b"data-overdue" in response.content
    response = client.get(reverse("roadmap:tree", args=[cast.program.pk]), {"due_this_month": "on"})
    shown = {m.title for m in response.context["outcomes"][0].output_list[0].milestone_list}
    expected = {m.title for m in Milestone.objects.filter(due_date__year=today.year, due_date__month=today.month)}
    assert shown == expected


def test_timeline_draws_bars_dependencies_and_today(cast, roadmap, login):
    response = login(cast.manajer).get(reverse("roadmap:timeline", args=[cast.program.pk]))
    chart = response.context["chart"]
    assert chart["count"] == 3
    assert len(chart["arrows"]) == 1  # second depends on first
    body = response.content.decode()
    assert 'data-testid="today-line"' in body and "<svg" in body
    assert "cdn" not in body.lower()


def test_lead_revises_due_date_with_reason_shown_on_page_and_change_log(cast, roadmap, login):
    client = login(cast.lead_a)
    new_due = roadmap.first.due_date + datetime.timedelta(days=21)
    response = client.post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        {
            "title": roadmap.first.title,
            "description": "",
            "start_date": roadmap.first.start_date.isoformat(),
            "due_date": new_due.isoformat(),
            "reason": "Banjir di lokasi survei",
            "version": 1,
        },
    )
    assert response.status_code == 302
    revision = Revision.objects.get(item_id=roadmap.first.pk, field="due_date")
    assert (revision.actor, revision.reason, revision.new_value) == (
        cast.lead_a,
        "Banjir di lokasi survei",
        str(new_due),
    )
    detail = client.get(reverse("roadmap:milestone_detail", args=[roadmap.first.pk]))
    assert "Banjir di lokasi survei" in detail.content.decode()
    log = login(cast.manajer).get(reverse("roadmap:change_log", args=[cast.program.pk]))
    assert "Banjir di lokasi survei" in log.content.decode()


def test_stale_edit_is_refused_and_shows_what_changed(cast, roadmap, login):
    loaded_version = roadmap.first.version
    login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        milestone_data(roadmap.first, title="Survei data dasar rumah tangga", reason="Lebih spesifik"),
    )
    response = login(cast.lead_a).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        {
            "title": "Survei awal",
            "description": "",
            "start_date": roadmap.first.start_date.isoformat(),
            "due_date": roadmap.first.due_date.isoformat(),
            "reason": "Singkat",
            "version": loaded_version,
        },
    )
    assert response.status_code == 200
    assert [r.new_value for r in response.context["conflict"]] == ["Survei data dasar rumah tangga"]
    assert "Survei data dasar rumah tangga" in response.content.decode()
    assert Milestone.objects.get(pk=roadmap.first.pk).title == "Survei data dasar rumah tangga"
    assert not Revision.objects.filter(new_value="Survei awal").exists()


def test_due_before_start_is_refused(cast, roadmap, login):
    start = datetime.date(2027, 3, 1)
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_create", args=[roadmap.output.pk]),
        {
            "title": "Terbalik",
            "output": roadmap.output.pk,
            "owner": cast.partner_a.pk,
            "start_date": start.isoformat(),
            "due_date": (start - datetime.timedelta(days=1)).isoformat(),
            "status": "planned",
            "progress": 0,
        },
    )
    assert response.status_code == 200
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode() or response.context["form"].errors
    assert "due_date" in response.context["form"].errors
    assert not Milestone.objects.filter(title="Terbalik").exists()


def test_progress_outside_range_is_refused(cast, roadmap, login):
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]), milestone_data(roadmap.first, progress=150)
    )
    assert response.status_code == 200 and "progress" in response.context["form"].errors
    response = login(cast.staf_a).post(
        reverse("roadmap:update_create", args=[roadmap.first.pk]),
        {"new_status": "in_progress", "progress": -5, "narrative": "x", "submit": "1"},
    )
    assert response.status_code == 200 and "progress" in response.context["form"].errors
    assert not ProgressUpdate.objects.exists()
    assert Milestone.objects.get(pk=roadmap.first.pk).progress == 0


def test_dependency_on_other_program_is_refused(cast, roadmap, login):
    foreign = MilestoneFactory()
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        milestone_data(roadmap.first, depends_on=[foreign.pk]),
    )
    assert response.status_code == 200
    assert "depends_on" in response.context["form"].errors
    assert not roadmap.first.depends_on.exists()


def test_dependency_cycle_is_refused_with_path(cast, roadmap, login):
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        milestone_data(roadmap.first, depends_on=[roadmap.second.pk]),
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("Pelatihan kelompok usaha" in e for e in errors)
    assert not roadmap.first.depends_on.exists()


def test_done_before_dependencies_warns_but_saves(cast, roadmap, login):
    client = login(cast.fasilitator)
    response = client.post(
        reverse("roadmap:milestone_edit", args=[roadmap.second.pk]),
        milestone_data(roadmap.second, status="done", progress=100),
        follow=True,
    )
    assert Milestone.objects.get(pk=roadmap.second.pk).status == MilestoneStatus.DONE
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels


def test_staff_report_with_evidence_then_facilitator_approves(cast, roadmap, login):
    response = login(cast.staf_a).post(
        reverse("roadmap:update_create", args=[roadmap.first.pk]),
        {
            "new_status": "in_progress",
            "progress": 40,
            "narrative": "Survei 12 dari 30 desa",
            "evidence": [pdf_file("daftar-hadir.pdf")],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert update.evidence.get().original_name == "daftar-hadir.pdf"
    assert Milestone.objects.get(pk=roadmap.first.pk).progress == 0  # not before approval

    client = login(cast.fasilitator)
    queue = client.get(reverse("roadmap:review_queue"))
    assert [u.pk for u in queue.context["updates"]] == [update.pk]
    response = client.post(reverse("roadmap:update_review", args=[update.pk]), {"decision": "approve", "note": ""})
    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=roadmap.first.pk)
    assert (milestone.status, milestone.progress) == (MilestoneStatus.IN_PROGRESS, 40)
    assert milestone.last_progress_at is not None

    download = login(cast.staf_b).get(reverse("roadmap:evidence_download", args=[update.evidence.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_return_needs_a_note_then_notifies_author(cast, submitted_update, login):
    client = login(cast.fasilitator)
    url = reverse("roadmap:update_review", args=[submitted_update.pk])
    response = client.post(url, {"decision": "return", "note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    client.post(url, {"decision": "return", "note": "Mohon lampirkan foto kegiatan"})
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.RETURNED
    assert Notification.objects.filter(user=cast.staf_a, kind="update_returned").count() == 1
    # the author revises and resubmits
    staff = login(cast.staf_a)
    response = staff.post(
        reverse("roadmap:update_edit", args=[submitted_update.pk]),
        {"new_status": "in_progress", "progress": 60, "narrative": "Dengan foto", "submit": "1"},
    )
    assert response.status_code == 302
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.SUBMITTED


def test_evidence_of_wrong_type_is_refused(cast, roadmap, login):
    script = SimpleUploadedFile("laporan.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")
    response = login(cast.staf_a).post(
        reverse("roadmap:update_create", args=[roadmap.first.pk]),
        {"new_status": "in_progress", "progress": 10, "narrative": "x", "evidence": [script], "submit": "1"},
    )
    assert response.status_code == 200 and "evidence" in response.context["form"].errors
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_evidence_too_large_is_refused(cast, roadmap, login, settings):
    settings.MAX_UPLOAD_BYTES = 20
    response = login(cast.staf_a).post(
        reverse("roadmap:update_create", args=[roadmap.first.pk]),
        {"new_status": "in_progress", "progress": 10, "narrative": "x", "evidence": [pdf_file()], "submit": "1"},
    )
    assert response.status_code == 200
    assert "MB" in " ".join(response.context["form"].errors["evidence"])
    assert not ProgressUpdate.objects.exists()


def test_bulk_add_creates_rows_and_skips_empty(cast, roadmap, login):
    data = {"form-TOTAL_FORMS": 3, "form-INITIAL_FORMS": 0}
    for i, title in enumerate(["Rapat koordinasi", "Pelatihan kader"]):
        data.update(
            {
                f"form-{i}-title": title,
                f"form-{i}-owner": cast.partner_b.pk,
                f"form-{i}-start_date": "2027-01-01",
                f"form-{i}-due_date": "2027-02-01",
            }
        )
    response = login(cast.fasilitator).post(reverse("roadmap:milestone_bulk", args=[roadmap.output.pk]), data)
    assert response.status_code == 302
    assert set(Milestone.objects.filter(owner=cast.partner_b).values_list("title", flat=True)) >= {
        "Rapat koordinasi",
        "Pelatihan kader",
    }


def test_bulk_add_with_one_bad_row_saves_nothing(cast, roadmap, login):
    data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 0}
    rows = [("Baik", "2027-01-01", "2027-02-01"), ("Terbalik", "2027-03-01", "2027-02-01")]
    for i, (title, start, due) in enumerate(rows):
        data.update(
            {
                f"form-{i}-title": title,
                f"form-{i}-owner": cast.partner_a.pk,
                f"form-{i}-start_date": start,
                f"form-{i}-due_date": due,
            }
        )
    response = login(cast.fasilitator).post(reverse("roadmap:milestone_bulk", args=[roadmap.output.pk]), data)
    assert response.status_code == 200
    assert not Milestone.objects.filter(title__in=["Baik", "Terbalik"]).exists()


def test_outcome_create_and_revise_statement(cast, roadmap, login):
    client = login(cast.fasilitator)
    response = client.post(
        reverse("roadmap:outcome_create", args=[cast.program.pk]),
        # an old figure field posted by a stale form is ignored (targets live on indicators now)
        {"statement": "Akses layanan dasar meningkat", "target_value": "80", "order": 2},
    )
    assert response.status_code == 302
    old = roadmap.outcome.statement
    response = client.post(
        reverse("roadmap:outcome_edit", args=[roadmap.outcome.pk]),
        {"statement": "Akses layanan dasar keluarga miskin meningkat", "reason": "Kajian tengah", "version": 1},
    )
    assert response.status_code == 302
    revision = Revision.objects.get(item_type="outcome", field="statement")
    assert (revision.old_value, revision.new_value) == (old, "Akses layanan dasar keluarga miskin meningkat")
    detail = client.get(reverse("roadmap:outcome_detail", args=[roadmap.outcome.pk]))
    assert "Kajian tengah" in detail.content.decode()


def test_comment_is_added_and_shown(cast, roadmap, login):
    client = login(cast.staf_b)
    client.post(reverse("roadmap:comment_create", args=[roadmap.first.pk]), {"body": "Data kami siap dibagikan"})
    detail = client.get(reverse("roadmap:milestone_detail", args=[roadmap.first.pk]))
    assert "Data kami siap dibagikan" in detail.content.decode()


def test_my_milestones_lists_own_organisation_by_due_date(cast, roadmap, login):
    response = login(cast.staf_a).get(reverse("roadmap:my_milestones"))
    milestones = list(response.context["milestones"])
    assert {m.owner_id for m in milestones} == {cast.partner_a.pk}
    assert [m.due_date for m in milestones] == sorted(m.due_date for m in milestones)
    assert "Report progress" in response.content.decode() or "Laporkan kemajuan" in response.content.decode()


def test_program_page_shows_roadmap_panel(cast, roadmap, login):
    response = login(cast.manajer).get(reverse("partners:program_detail", args=[cast.program.pk]))
    body = response.content.decode()
    assert 'data-panel="roadmap"' in body
    assert reverse("roadmap:timeline", args=[cast.program.pk]) in body


def test_milestone_with_reports_cannot_be_deleted(cast, submitted_update, login):
    url = reverse("roadmap:milestone_delete", args=[submitted_update.milestone_id])
    response = login(cast.fasilitator).post(url, {"reason": "Salah input"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Milestone.objects.filter(pk=submitted_update.milestone_id).exists()


def test_empty_milestone_is_deleted_with_reason_kept(cast, roadmap, login):
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_delete", args=[roadmap.other.pk]), {"reason": "Dobel"}
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=roadmap.other.pk).exists()
    revision = Revision.objects.get(item_id=roadmap.other.pk, field="deleted")
    assert (revision.reason, revision.old_value) == ("Dobel", "Penyaluran kredit mikro")


def test_output_with_milestones_cannot_be_deleted(cast, roadmap, login):
    response = login(cast.fasilitator).post(reverse("roadmap:output_delete", args=[roadmap.output.pk]), {"reason": "x"})
    assert response.status_code == 200
    assert roadmap.output.__class__.objects.filter(pk=roadmap.output.pk).exists()


def test_bad_filter_values_are_ignored_not_500(cast, roadmap, login):
    response = login(cast.fasilitator).get(
        reverse("roadmap:tree", args=[cast.program.pk]), {"status": "bogus", "owner": "abc", "overdue": "x"}
    )
    assert response.status_code == 200
    response = login(cast.fasilitator).get(reverse("roadmap:timeline", args=[cast.program.pk]), {"owner": "999999"})
    assert response.status_code == 200


def test_approving_done_before_dependencies_warns(cast, roadmap, login):
    update = ProgressUpdate.objects.create(
        milestone=roadmap.second,
        author=cast.staf_a,
        state=ProgressUpdate.State.SUBMITTED,
        new_status=MilestoneStatus.DONE,
        progress=100,
        narrative="Selesai lebih awal",
    )
    response = login(cast.fasilitator).post(
        reverse("roadmap:update_review", args=[update.pk]), {"decision": "approve", "note": ""}, follow=True
    )
    assert Milestone.objects.get(pk=roadmap.second.pk).status == MilestoneStatus.DONE
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "Survei data dasar" in warnings[0]


def test_review_of_an_already_reviewed_report_is_refused_cleanly(cast, submitted_update, login):
    client = login(cast.fasilitator)
    url = reverse("roadmap:update_review", args=[submitted_update.pk])
    client.post(url, {"decision": "approve", "note": ""})
    response = client.post(url, {"decision": "return", "note": "Terlambat"}, follow=True)
    assert response.status_code == 200
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.APPROVED
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_review_decision_has_no_default(cast, submitted_update, login):
    """Issue 16, item 1: the reviewer chooses; a form without a decision is refused."""
    client = login(cast.fasilitator)
    url = reverse("roadmap:update_review", args=[submitted_update.pk])
    assert client.get(url).context["form"]["decision"].value() in (None, "")
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "decision" in response.context["form"].errors
    submitted_update.refresh_from_db()
    assert submitted_update.state == ProgressUpdate.State.SUBMITTED


def test_a_returned_report_is_fixed_and_resubmitted_from_my_milestones(cast, submitted_update, login):
    """Issue 16, item 3: the returned report is on top of "my milestones" with the note and one button;
    the list row and the "report progress" link open that same report, so no duplicate is created."""
    login(cast.fasilitator).post(
        reverse("roadmap:update_review", args=[submitted_update.pk]),
        {"decision": "return", "note": "Mohon lampirkan daftar hadir."},
    )
    client = login(cast.staf_a)
    page = client.get(reverse("roadmap:my_milestones"))
    assert [u.pk for u in page.context["returned_updates"]] == [submitted_update.pk]
    html = page.content.decode()
    edit_url = reverse("roadmap:update_edit", args=[submitted_update.pk])
    assert "Mohon lampirkan daftar hadir." in html
    assert html.count(edit_url) == 2  # the box on top and the milestone's row
    assert reverse("roadmap:update_create", args=[submitted_update.milestone_id]) not in html
    # The "new report" URL opens the returned one instead.
    response = client.get(reverse("roadmap:update_create", args=[submitted_update.milestone_id]))
    assert response.status_code == 302 and response["Location"] == edit_url
    client.post(
        edit_url, {"new_status": "in_progress", "progress": "70", "narrative": "Dengan daftar hadir.", "submit": "1"}
    )
    assert ProgressUpdate.objects.filter(milestone=submitted_update.milestone).count() == 1
    submitted_update.refresh_from_db()
    assert (submitted_update.state, submitted_update.progress) == (ProgressUpdate.State.SUBMITTED, 70)
    assert not client.get(reverse("roadmap:my_milestones")).context["returned_updates"]


def test_someone_elses_returned_report_is_not_offered(cast, submitted_update, login):
    submitted_update.state = ProgressUpdate.State.RETURNED
    submitted_update.save()
    page = login(cast.lead_a).get(reverse("roadmap:my_milestones"))
    assert not page.context["returned_updates"]
    assert reverse("roadmap:update_create", args=[submitted_update.milestone_id]) in page.content.decode()


# Issue 16, item 8: dates within the program (or confirmed), past due dates confirmed, done = 100 %


def _new_milestone(cast, roadmap, **overrides):
    today = datetime.date.today()
    data = {
        "title": "Pelatihan kader tambahan",
        "output": roadmap.output.pk,
        "owner": cast.partner_a.pk,
        "start_date": today.isoformat(),
        "due_date": (today + datetime.timedelta(days=30)).isoformat(),
        "status": "planned",
        "progress": 0,
    }
    data.update(overrides)
    return data


def test_a_due_date_after_the_program_ends_needs_a_confirmation(cast, roadmap, login):
    client = login(cast.fasilitator)
    url = reverse("roadmap:milestone_create", args=[roadmap.output.pk])
    late = (cast.program.end_date + datetime.timedelta(days=10)).isoformat()
    response = client.post(url, _new_milestone(cast, roadmap, due_date=late))
    assert response.status_code == 200 and "confirm_dates" in response.context["form"].errors
    assert 'type="checkbox" name="confirm_dates"' in response.content.decode()
    assert "setelah program berakhir" in response.content.decode()
    assert not Milestone.objects.filter(title="Pelatihan kader tambahan").exists()
    client.post(url, _new_milestone(cast, roadmap, due_date=late, confirm_dates="on"))
    assert Milestone.objects.get(title="Pelatihan kader tambahan").due_date.isoformat() == late


def test_a_past_due_date_on_a_new_milestone_needs_a_confirmation(cast, roadmap, login):
    client = login(cast.fasilitator)
    url = reverse("roadmap:milestone_create", args=[roadmap.output.pk])
    past = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    start = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    response = client.post(url, _new_milestone(cast, roadmap, start_date=start, due_date=past))
    assert "confirm_dates" in response.context["form"].errors
    assert client.get(url).context["form"].date_warnings == []  # no box before a warning
    assert 'type="checkbox" name="confirm_dates"' not in client.get(url).content.decode()


def test_an_unchanged_past_due_date_is_not_warned_about_when_editing(cast, roadmap, login):
    milestone = roadmap.first
    Milestone.objects.filter(pk=milestone.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=2))
    milestone.refresh_from_db()
    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[milestone.pk]), milestone_data(milestone, title="Judul baru")
    )
    assert response.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).title == "Judul baru"


def test_done_means_full_progress_everywhere(cast, roadmap, login):
    from django.core.exceptions import ValidationError

    from roadmap.actions import do_create_milestone, do_save_update

    response = login(cast.fasilitator).post(
        reverse("roadmap:milestone_edit", args=[roadmap.first.pk]),
        milestone_data(roadmap.first, status="done", progress=40),
    )
    assert response.status_code == 200 and "100" in str(response.context["form"].non_field_errors())
    assert Milestone.objects.get(pk=roadmap.first.pk).status != "done"
    response = login(cast.staf_a).post(
        reverse("roadmap:update_create", args=[roadmap.first.pk]),
        {"new_status": "done", "progress": 40, "narrative": "Selesai.", "submit": "1"},
    )
    assert response.status_code == 200 and not ProgressUpdate.objects.exists()
    with pytest.raises(ValidationError, match="100"):
        do_create_milestone(
            cast.fasilitator,
            cast.program,
            output=roadmap.output,
            title="Langsung selesai",
            owner=cast.partner_a,
            start_date=datetime.date.today(),
            due_date=datetime.date.today(),
            status="done",
            progress=40,
        )
    with pytest.raises(ValidationError, match="100"):
        do_save_update(cast.staf_a, roadmap.first, new_status="done", progress=99, narrative="x")
    do_save_update(cast.staf_a, roadmap.first, new_status="done", progress=100, narrative="Selesai penuh.")


def test_dependencies_are_a_checkbox_list_and_unticking_all_clears_them(cast, roadmap, login):
    """Issue 16, item 15: the dependency field was a Ctrl-click multi-select; now each milestone of
    the program is a checkbox (with a filter box JavaScript reveals), the current ones ticked."""
    client = login(cast.fasilitator)
    url = reverse("roadmap:milestone_edit", args=[roadmap.second.pk])
    html = client.get(url).content.decode()
    assert '<select name="depends_on"' not in html
    assert re.search(
        rf'type="checkbox" name="depends_on" value="{roadmap.first.pk}" id="id_depends_on_\d+" checked', html
    )
    assert f'name="depends_on" value="{roadmap.other.pk}"' in html
    assert f'name="depends_on" value="{roadmap.second.pk}"' not in html  # not itself
    assert "data-checkbox-filter" in html
    data = milestone_data(roadmap.second)
    data.pop("depends_on")  # every box unticked: nothing is posted for the field
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert not roadmap.second.depends_on.exists()
