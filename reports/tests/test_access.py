"""Every reports URL for every role of the cast: who gets 200, 403, 404 or the login page."""

import pytest
from django.urls import reverse

from reports.models import ExportJob

pytestmark = pytest.mark.django_db

MEMBERS = ["manajer", "fasilitator", "staf_a", "lead_a", "staf_b", "lead_b", "admin"]


@pytest.mark.parametrize("who", MEMBERS)
def test_every_member_reads_the_program_report(cast, road, login, who):
    response = login(getattr(cast, who)).get(reverse("reports:program", args=[cast.program.pk]))
    assert response.status_code == 200
    assert response.context["report"].hide_individual_scores is (who in {"staf_a", "lead_a", "staf_b", "lead_b"})


@pytest.mark.parametrize(
    "name, args",
    [
        ("reports:program", []),
        ("reports:program_export", ["outcomes", "csv"]),
        ("reports:program_export", ["milestones", "xlsx"]),
    ],
)
def test_outsider_gets_404_on_program_report_and_exports(cast, road, login, name, args):
    response = login(cast.luar).get(reverse(name, args=[cast.program.pk, *args]))
    assert response.status_code == 404


def test_outsider_cannot_start_a_program_export(cast, road, login):
    response = login(cast.luar).post(
        reverse("reports:program_export_job", args=[cast.program.pk]), {"kind": "program_pdf"}
    )
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_missing_program_is_404(cast, login):
    assert login(cast.manajer).get(reverse("reports:program", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "name, args",
    [
        ("reports:portfolio", []),
        ("reports:portfolio_export", ["programs", "csv"]),
        ("reports:program", [1]),
        ("reports:export_list", []),
        ("reports:export_detail", [1]),
        ("reports:export_status", [1]),
        ("reports:export_download", [1]),
    ],
)
def test_anonymous_is_sent_to_login(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staf_a", "lead_b"])
def test_partner_people_get_403_on_portfolio_exports(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("reports:portfolio_export", args=["programs", "csv"])).status_code == 403
    assert client.post(reverse("reports:portfolio_export_job"), {"kind": "milestones_csv"}).status_code == 403


@pytest.mark.parametrize("who", ["manajer", "fasilitator", "admin"])
def test_portfolio_roles_read_the_portfolio(cast, login, who):
    assert login(getattr(cast, who)).get(reverse("reports:portfolio")).status_code == 200


def test_export_job_pages_only_for_the_requester(cast, login):
    job = ExportJob.objects.create(
        requested_by=cast.manajer, kind="milestones_csv", params={}, status=ExportJob.Status.QUEUED
    )
    for name in ("reports:export_detail", "reports:export_status", "reports:export_download"):
        for other in (cast.fasilitator, cast.admin, cast.staf_a):
            assert login(other).get(reverse(name, args=[job.pk])).status_code == 404, (name, other)
    assert login(cast.manajer).get(reverse("reports:export_detail", args=[job.pk])).status_code == 200
    # Not ready yet: nothing to download, even for the requester.
    assert login(cast.manajer).get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_export_list_shows_only_my_jobs(cast, login):
    mine = ExportJob.objects.create(requested_by=cast.manajer, kind="milestones_csv", params={"label": "Q1"})
    ExportJob.objects.create(requested_by=cast.fasilitator, kind="program_pdf", params={"label": "Q2"})
    response = login(cast.manajer).get(reverse("reports:export_list"))
    assert list(response.context["jobs"]) == [mine]


@pytest.mark.parametrize("name", ["reports:program_export_job"])
def test_export_job_start_needs_post(cast, login, name):
    assert login(cast.manajer).get(reverse(name, args=[cast.program.pk])).status_code == 405


def test_portfolio_export_job_needs_post(cast, login):
    assert login(cast.manajer).get(reverse("reports:portfolio_export_job")).status_code == 405


def test_program_page_links_to_the_report(cast, login):
    response = login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert reverse("reports:program", args=[cast.program.pk]).encode() in response.content


def test_partner_staff_can_take_the_pdf_with_scores_hidden(cast, road, login, django_capture_on_commit_callbacks):
    client = login(cast.staf_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:program_export_job", args=[cast.program.pk]), {"kind": "program_pdf"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reports:export_detail", args=[job.pk])
    assert job.requested_by == cast.staf_a and job.params["hide_scores"] is True
    assert job.status == ExportJob.Status.DONE
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 200
    assert login(cast.manajer).get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_export_admin_lists_jobs(cast, login):
    ExportJob.objects.create(requested_by=cast.manajer, kind="program_pdf", params={})
    response = login(cast.admin).get(reverse("admin:reports_exportjob_changelist"))
    assert response.status_code == 200
