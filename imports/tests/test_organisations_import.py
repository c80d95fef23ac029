import pytest
from django.urls import reverse

from imports.models import ImportJob
from imports.tests.helpers import csv_file, xlsx
from partners.models import Organisation

pytestmark = pytest.mark.django_db

HEADERS = ["Nama", "Provinsi", "Sektor", "Kabupaten / kota", "Situs web", "Narahubung", "Email narahubung"]


@pytest.fixture(autouse=True)
def english(cast):
    cast.admin.language = "en"
    cast.admin.save()


def upload(client, file):
    response = client.post(reverse("imports:organisations"), {"file": file})
    assert response.status_code == 302, response.content[:3000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_organisations_are_created_then_matched_by_name_and_province(cast, login, regions):
    client = login(cast.admin)
    rows = [
        [
            "Koperasi Tani Makmur",
            "Nusa Tenggara Timur",
            "civil_society",
            "Kab. Kupang",
            "",
            "Bu Ani",
            "ani@example.org",
        ],
        ["Dinas Pertanian", "53", "Government", "", "", "", ""],
        # Same name, another province: another organisation.
        ["Dinas Pertanian", "Nusa Tenggara Barat", "government", "", "", "", ""],
    ]
    before = Organisation.objects.count()
    job = upload(client, xlsx(rows, headers=HEADERS))
    assert (job.created, job.refused) == (3, 0)
    assert Organisation.objects.count() == before
    client.post(reverse("imports:job_apply", args=[job.pk]))
    assert Organisation.objects.count() == before + 3

    rows[0][3] = "Kota Kupang"
    rows[1][0] = "dinas pertanian"  # the name matches whatever its case
    job = upload(client, csv_file(rows, headers=HEADERS))
    assert (job.created, job.updated, job.unchanged) == (0, 1, 2)
    client.post(reverse("imports:job_apply", args=[job.pk]))
    assert Organisation.objects.get(name="Koperasi Tani Makmur").regency.code == "53.71"
    assert Organisation.objects.count() == before + 3


def test_bad_organisation_rows_are_refused_each_with_its_reason(cast, login, regions):
    client = login(cast.admin)
    rows = [
        ["Koperasi D", "53", "business", "Kupang", "", "", ""],
        ["Koperasi E", "52", "business", "Kota Kupang", "", "", ""],
        ["Koperasi A", "Atlantis", "civil_society", "", "", "", ""],
        ["Koperasi B", "53", "pirates", "", "", "", ""],
        ["Koperasi C", "53", "business", "", "", "", "bukan-email"],
        ["Koperasi C", "53", "business", "", "", "", ""],
        ["", "53", "business", "", "", "", ""],
    ]
    before = Organisation.objects.count()
    job = upload(client, xlsx(rows, headers=HEADERS))
    reasons = {r["line"]: " ".join(r["messages"]) for r in job.rows}
    assert "is both a kabupaten and a kota" in reasons[2]
    assert "not a regency / city of Nusa Tenggara Barat" in reasons[3]
    assert "“Atlantis” is not a valid Province" in reasons[4]
    assert "“pirates” is not a valid Sector" in reasons[5]
    assert "email" in reasons[6].lower()
    assert "already appears on row 6" in reasons[7]
    assert "“Name” is required" in reasons[8]
    assert job.status == ImportJob.Status.REFUSED
    client.post(reverse("imports:job_apply", args=[job.pk]))
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    "who, status",
    [("admin", 200), ("fasilitator", 200), ("luar", 200), ("manajer", 403), ("lead_a", 403), ("staf_b", 403)],
)
def test_who_may_import_organisations(cast, login, who, status):
    client = login(getattr(cast, who))
    assert client.get(reverse("imports:organisations")).status_code == status
    assert client.get(reverse("imports:organisations_template", args=["csv"])).status_code == status


def test_a_large_file_is_checked_and_applied_in_the_background(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_ROWS = 5
    client = login(cast.admin)
    rows = [[f"Koperasi {i}", "53", "community", "", "", "", ""] for i in range(12)]
    before = Organisation.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = upload(client, csv_file(rows, headers=HEADERS))
    assert job.status == ImportJob.Status.QUEUED and job.row_count == 12
    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert 'hx-get="{}"'.format(reverse("imports:job_status", args=[job.pk])) in page
    assert len(callbacks) == 1

    from imports import tasks

    tasks.preview_import(job.pk)
    tasks.preview_import(job.pk)  # a second delivery does nothing
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.PREVIEWED, 12)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("imports:job_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLY_QUEUED
    assert Organisation.objects.count() == before
    tasks.apply_import(job.pk)
    tasks.apply_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED
    assert Organisation.objects.count() == before + 12
    fragment = client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "hx-get" not in fragment
