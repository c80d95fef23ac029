import pytest
from django.urls import reverse

from imports.models import ImportJob
from imports.tests.helpers import HEADERS_ID, csv_file, roadmap_rows, xlsx
from partners.models import Activity
from roadmap.models import Milestone, Outcome, Output, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_facilitator(cast):
    """The reasons are written in the uploader's language; most tests read them in English."""
    cast.fasilitator.language = "en"
    cast.fasilitator.save()


def upload(client, program, file):
    return client.post(reverse("imports:program_roadmap", args=[program.pk]), {"file": file})


def job_of(response):
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def apply(client, job):
    client.post(reverse("imports:job_apply", args=[job.pk]))
    job.refresh_from_db()
    return job


def counts(program):
    return (
        Outcome.objects.filter(program=program).count(),
        Output.objects.filter(outcome__program=program).count(),
        Milestone.objects.filter(program=program).count(),
        Revision.objects.filter(program=program).count(),
        Activity.objects.filter(program=program).count(),
    )


def test_preview_changes_nothing_and_apply_creates_the_road_map(cast, login):
    client = login(cast.fasilitator)
    before = counts(cast.program)
    job = job_of(upload(client, cast.program, xlsx(roadmap_rows())))
    assert job.status == ImportJob.Status.PREVIEWED
    assert (job.created, job.updated, job.refused) == (4, 0, 0)
    assert counts(cast.program) == before
    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert page.count('data-action="create"') == 4

    job = apply(client, job)
    assert job.status == ImportJob.Status.APPLIED
    t1, t2 = Milestone.objects.filter(program=cast.program).order_by("code")
    assert (t1.code, t1.owner, str(t1.start_date), str(t1.due_date)) == (
        "T1",
        cast.partner_a,
        "2026-01-05",
        "2026-03-31",
    )
    assert list(t2.depends_on.all()) == [t1]
    assert t1.output.code == "K1" and t1.output.outcome.code == "C1"
    assert Revision.objects.filter(program=cast.program, field="created").count() == 4


def test_a_second_import_of_the_same_file_changes_nothing(cast, login):
    client = login(cast.fasilitator)
    apply(client, job_of(upload(client, cast.program, xlsx(roadmap_rows()))))
    before = counts(cast.program)
    job = job_of(upload(client, cast.program, csv_file(roadmap_rows(), headers=HEADERS_ID)))
    assert (job.created, job.updated, job.unchanged) == (0, 0, 4)
    assert not job.can_apply
    assert counts(cast.program) == before


def test_a_changed_row_updates_through_a_revision(cast, login):
    client = login(cast.fasilitator)
    apply(client, job_of(upload(client, cast.program, xlsx(roadmap_rows()))))
    rows = roadmap_rows()
    rows[2][6] = "30/04/2026"
    job = job_of(upload(client, cast.program, xlsx(rows, name="v2.xlsx")))
    assert (job.created, job.updated, job.unchanged) == (0, 1, 3)
    job = apply(client, job)
    assert str(Milestone.objects.get(code="T1").due_date) == "2026-04-30"
    revision = Revision.objects.get(field="due_date")
    assert revision.reason == "Imported from v2.xlsx"
    assert Milestone.objects.filter(program=cast.program).count() == 2


def test_one_bad_row_refuses_the_whole_file_and_says_why(cast, login):
    client = login(cast.fasilitator)
    rows = roadmap_rows()
    rows[3][4] = "Dinas Tidak Ada"
    rows.append(["milestone", "T3", "K9", "Salah", "Yayasan Mitra A", "besok", "2026-01-01", "T1"])
    rows.append(["milestone", "T1", "K1", "Kembar", "Yayasan Mitra A", "2026-01-01", "2026-01-02", ""])
    rows.append(["milestone", "T4", "K1", "Tergantung", "Yayasan Mitra A", "2026-01-01", "2026-01-02", "T99"])
    rows.append(["milestone", "T5", "K1", "Mundur", "Yayasan Mitra A", "2026-02-01", "2026-01-02", ""])
    rows.append(["hal", "X1", "", "Jenis salah", "", "", "", ""])
    before = counts(cast.program)
    job = job_of(upload(client, cast.program, xlsx(rows)))
    assert job.status == ImportJob.Status.REFUSED
    by_line = {r["line"]: " ".join(r["messages"]) for r in job.rows if r["action"] == "refuse"}
    assert "“Dinas Tidak Ada” is not a partner in this program." in by_line[5]
    assert "“besok” is not a date" in by_line[6] and "“K9” is not an output" in by_line[6]
    assert "“T1” already appears on row 4" in by_line[7]
    assert "unknown milestones: “T99”" in by_line[8]
    assert "due date cannot be before the start date" in by_line[9]
    assert "“hal” is not a valid Type" in by_line[10]
    assert job.refused == 6
    assert not job.can_apply
    # Applying anyway (a forged POST) changes nothing either.
    apply(client, job)
    assert counts(cast.program) == before


def test_a_dependency_cycle_is_refused(cast, login):
    client = login(cast.fasilitator)
    rows = roadmap_rows()
    rows[2][7] = "T2"
    job = job_of(upload(client, cast.program, xlsx(rows)))
    assert job.status == ImportJob.Status.REFUSED
    assert any("cycle" in " ".join(r["messages"]) for r in job.rows)
    assert Milestone.objects.count() == 0


def test_apply_refuses_when_the_data_changed_since_the_preview(cast, login):
    client = login(cast.fasilitator)
    job = job_of(upload(client, cast.program, xlsx(roadmap_rows())))
    cast.org_a.name = "Yayasan Berganti Nama"
    cast.org_a.save()
    job = apply(client, job)
    assert job.status == ImportJob.Status.REFUSED
    assert Milestone.objects.count() == 0


def test_a_broken_file_is_a_form_error_not_a_500(cast, login):
    client = login(cast.fasilitator)
    response = client.post(
        reverse("imports:program_roadmap", args=[cast.program.pk]),
        {"file": csv_file([], headers=["Foo"])},
    )
    assert response.status_code == 400
    assert "Unknown columns" in response.content.decode()
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_templates_download_and_import_to_nothing(cast, login, fmt):
    client = login(cast.fasilitator)
    response = client.get(reverse("imports:program_roadmap_template", args=[cast.program.pk, fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(f"t.{fmt}", response.content)
    response = upload(client, cast.program, file)
    assert response.status_code == 400  # only the example row, which is a comment: no data rows
    assert "no data rows" in response.content.decode()


def test_unknown_template_format_is_404(cast, login):
    client = login(cast.fasilitator)
    assert client.get(reverse("imports:program_roadmap_template", args=[cast.program.pk, "pdf"])).status_code == 404


WHO = [
    ("fasilitator", 200),
    ("admin", 200),
    ("manajer", 403),
    ("lead_a", 403),
    ("staf_a", 403),
    ("staf_b", 403),
    ("luar", 404),
]


@pytest.mark.parametrize("who, status", WHO)
def test_who_may_import_a_road_map(cast, login, who, status):
    client = login(getattr(cast, who))
    assert client.get(reverse("imports:program_roadmap", args=[cast.program.pk])).status_code == status
    assert client.get(reverse("imports:program_roadmap_template", args=[cast.program.pk, "xlsx"])).status_code == status
    response = upload(client, cast.program, xlsx(roadmap_rows()))
    assert response.status_code == (302 if status == 200 else status)


@pytest.mark.parametrize("who", ["admin", "luar", "manajer", "lead_a"])
def test_only_the_uploader_sees_a_job(cast, login, who):
    job = job_of(upload(login(cast.fasilitator), cast.program, xlsx(roadmap_rows())))
    client = login(getattr(cast, who))
    assert client.get(reverse("imports:job_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_apply", args=[job.pk])).status_code == 404
    assert Milestone.objects.count() == 0


def test_reasons_are_in_the_uploaders_language(cast, login):
    cast.fasilitator.language = "id"
    cast.fasilitator.save()
    rows = roadmap_rows()
    rows[2][5], rows[2][6] = "2026-05-01", "2026-01-01"
    job = job_of(upload(login(cast.fasilitator), cast.program, xlsx(rows)))
    assert job.language == "id"
    assert "Tenggat tidak boleh sebelum tanggal mulai." in job.rows[2]["messages"]


def test_a_milestone_title_longer_than_the_field_is_refused_not_cut(cast, login):
    """Issue 16, item 15: a 250-character statement used to be cut to 200 characters silently."""
    client = login(cast.fasilitator)
    rows = roadmap_rows()
    rows[2][3] = "Lumbung" + " padi" * 50  # 257 characters
    job = job_of(upload(client, cast.program, xlsx(rows)))
    assert job.status == ImportJob.Status.REFUSED
    by_line = {r["line"]: " ".join(r["messages"]) for r in job.rows if r["action"] == "refuse"}
    assert "at most 200 characters; this one has 257" in by_line[4]
    assert Milestone.objects.count() == 0
