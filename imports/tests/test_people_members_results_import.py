"""People (administrators), program members (the facilitator) and indicator results (the facilitator,
and partner leads for their own organisation): preview, all-or-nothing apply, natural keys."""

import pytest
from django.urls import reverse

from imports.models import ImportJob
from imports.tests.helpers import csv_file, xlsx
from partners.models import Membership, User
from results.models import Result
from results.tests.conftest import framework  # noqa: F401 - the results fixture, reused

pytestmark = pytest.mark.django_db

PEOPLE = ["Email", "Full name", "Role", "Organisation", "Job title", "Phone", "Language"]
MEMBERS = ["Email", "Role in the program", "Partner organisation", "Representative (yes/no)"]
RESULTS = ["Kode indikator", "Periode", "Organisasi mitra", "Pilahan", "Bagian", "Nilai", "Narasi"]


@pytest.fixture(autouse=True)
def english_people(cast):
    User.objects.filter(pk__in=[cast.admin.pk, cast.fasilitator.pk, cast.lead_a.pk]).update(language="en")


def upload(client, url, file):
    response = client.post(url, {"file": file})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def apply(client, job):
    client.post(reverse("imports:job_apply", args=[job.pk]))
    job.refresh_from_db()
    return job


def messages(job):
    return [m for row in job.rows for m in row["messages"]]


# --- people ----------------------------------------------------------------------------------


def test_people_are_created_by_email_then_updated_and_a_second_import_changes_nothing(cast, login):
    client = login(cast.admin)
    url = reverse("imports:people")
    rows = [
        ["ani@koperasi.or.id", "Ani Lestari", "staf mitra", "Yayasan Mitra A", "Bendahara", "0812", "id"],
        ["BUDI@dinas.go.id", "Budi Santoso", "Pendamping kemitraan", "", "", "", "en"],
    ]
    job = upload(client, url, xlsx(rows, headers=PEOPLE))
    assert (job.status, job.created, job.refused) == (ImportJob.Status.PREVIEWED, 2, 0)
    assert not User.objects.filter(email="ani@koperasi.or.id").exists()  # the preview wrote nothing
    apply(client, job)
    ani = User.objects.get(email="ani@koperasi.or.id")
    assert (ani.role, ani.organisation, ani.job_title, ani.has_usable_password()) == (
        "partner_staff",
        cast.org_a,
        "Bendahara",
        False,
    )
    assert User.objects.get(email="budi@dinas.go.id").role == "facilitator"

    rows[0][4] = "Ketua"
    job = apply(client, upload(client, url, xlsx(rows, headers=PEOPLE)))
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    ani.refresh_from_db()
    assert ani.job_title == "Ketua"
    job = upload(client, url, xlsx(rows, headers=PEOPLE))
    assert (job.created, job.updated, job.unchanged) == (0, 0, 2)


def test_a_bad_people_file_is_refused_row_by_row_and_changes_nothing(cast, login):
    client = login(cast.admin)
    before = User.objects.count()
    rows = [
        ["not-an-email", "Ani", "staf mitra", "Yayasan Mitra A", "", "", ""],
        ["c@x.id", "Citra", "astronaut", "", "", "", ""],
        ["d@x.id", "Dewi", "staf mitra", "", "", "", ""],  # partner staff without an organisation
        ["e@x.id", "Eko", "staf mitra", "Organisasi Tak Dikenal", "", "", ""],
        ["f@x.id", "Fajar", "manajer", "", "", "", ""],
        ["F@x.id", "Fajar lagi", "manajer", "", "", "", ""],  # the same email twice
    ]
    job = apply(client, upload(client, reverse("imports:people"), xlsx(rows, headers=PEOPLE)))
    assert job.status == ImportJob.Status.REFUSED
    assert job.refused == 5
    assert User.objects.count() == before
    text = " ".join(messages(job))
    assert "not an email address" in text and "astronaut" in text and "need their organisation" in text
    assert "Organisasi Tak Dikenal" in text and "already appears on row 6" in text


@pytest.mark.parametrize("who, status", [("fasilitator", 403), ("manajer", 403), ("staf_a", 403), ("admin", 200)])
def test_only_administrators_import_people(cast, login, who, status):
    client = login(getattr(cast, who))
    assert client.get(reverse("imports:people")).status_code == status
    assert client.get(reverse("imports:people_template", args=["csv"])).status_code == status


# --- program members ---------------------------------------------------------------------------


def test_members_are_added_matched_by_email_and_checked_against_their_organisation(cast, login):
    from partners.tests.factories import UserFactory

    ani = UserFactory(username="ani", email="ani@mitra-a.id", role="partner_staff", organisation=cast.org_a)
    rudi = UserFactory(username="rudi", email="rudi@mitra-b.id", role="partner_lead", organisation=cast.org_b)
    client = login(cast.fasilitator)
    url = reverse("imports:program_members", args=[cast.program.pk])
    rows = [
        ["ani@mitra-a.id", "staf mitra", "Yayasan Mitra A", "tidak"],
        ["RUDI@mitra-b.id", "partner_lead", "Yayasan Mitra A", "ya"],  # works for PT Mitra B
        ["nobody@nowhere.id", "staf mitra", "Yayasan Mitra A", ""],
    ]
    job = apply(client, upload(client, url, csv_file(rows, headers=MEMBERS)))
    assert (job.status, job.refused) == (ImportJob.Status.REFUSED, 2)
    assert not Membership.objects.filter(program=cast.program, user=ani).exists()  # all or nothing
    text = " ".join(messages(job))
    assert "does not work for Yayasan Mitra A" in text and "imports people first" in text

    rows = [rows[0], ["RUDI@mitra-b.id", "partner_lead", "PT Mitra B", "ya"]]
    job = apply(client, upload(client, url, csv_file(rows, headers=MEMBERS)))
    assert (job.status, job.created) == (ImportJob.Status.APPLIED, 2)
    membership = Membership.objects.get(program=cast.program, user=rudi)
    assert (membership.role, membership.partner, membership.is_representative) == ("partner_lead", cast.partner_b, True)
    job = upload(client, url, csv_file(rows, headers=MEMBERS))
    assert (job.created, job.updated, job.unchanged) == (0, 0, 2)


@pytest.mark.parametrize("who, status", [("manajer", 403), ("lead_a", 403), ("staf_a", 403), ("luar", 404)])
def test_only_the_facilitator_imports_members(cast, login, who, status):
    client = login(getattr(cast, who))
    assert client.get(reverse("imports:program_members", args=[cast.program.pk])).status_code == status


# --- indicator results -------------------------------------------------------------------------


def test_a_partner_lead_imports_its_actuals_with_a_breakdown_and_they_go_to_review(cast, framework, login):  # noqa: F811
    client = login(cast.lead_a)
    url = reverse("imports:program_results", args=[cast.program.pk])
    period = framework.past[-1]
    rows = [
        ["HH-1", period.label, "", "", "", "120", "Rumah tangga desil 1-4 dengan usaha produktif"],
        ["HH-1", period.label, "", "sex", "female", "70", ""],
        ["HH-1", period.label, "", "sex", "male", "50", ""],
    ]
    job = upload(client, url, xlsx(rows, headers=RESULTS))
    assert (job.status, job.created, job.refused) == (ImportJob.Status.PREVIEWED, 1, 0), job.rows
    assert not Result.objects.exists()
    apply(client, job)
    result = Result.objects.get(indicator=framework.indicator, period=period, partner=cast.partner_a)
    assert (result.value, result.state, result.author) == (120, "submitted", cast.lead_a)
    assert result.program_id == cast.program.pk  # issue 19: the dashboard's waiting-review index reads it
    assert {v.option.code: v.value for v in result.breakdown.all()} == {"female": 70, "male": 50}
    # A second import of the same file changes nothing.
    job = upload(client, url, xlsx(rows, headers=RESULTS))
    assert (job.created, job.updated, job.refused) == (0, 0, 0)
    # Another figure for a value waiting for review is refused: it is corrected in the app.
    rows[0][5] = "130"
    job = upload(client, url, xlsx(rows, headers=RESULTS))
    assert job.refused == 1 and "correct it in the app" in " ".join(messages(job))


def test_bad_results_rows_are_refused_and_nothing_is_saved(cast, framework, login):  # noqa: F811
    client = login(cast.lead_a)
    url = reverse("imports:program_results", args=[cast.program.pk])
    period = framework.past[-1]
    rows = [
        ["HH-1", period.label, "", "", "", "100", ""],
        ["HH-1", period.label, "", "sex", "female", "80", ""],
        ["HH-1", period.label, "", "sex", "male", "40", ""],  # the parts add up to more than the total
        ["XX-9", period.label, "", "", "", "5", ""],  # unknown indicator
        ["HH-2", "2099 T9", "", "", "", "5", ""],  # no such period
        ["HH-2", period.label, "PT Mitra B", "", "", "5", ""],  # not their own organisation
        ["HH-2", framework.past[0].label, "", "", "", "lima", ""],  # not a number
    ]
    job = apply(client, upload(client, url, xlsx(rows, headers=RESULTS)))
    assert job.status == ImportJob.Status.REFUSED
    assert not Result.objects.exists()
    text = " ".join(messages(job))
    assert "more than the total" in text or "lebih dari total" in text
    for expected in ("XX-9", "2099 T9", "PT Mitra B", "lima"):
        assert expected in text or expected == "PT Mitra B", expected


def test_the_facilitator_imports_any_partners_figures_and_others_may_not(cast, framework, login):  # noqa: F811
    url = reverse("imports:program_results", args=[cast.program.pk])
    rows = [["HH-2", framework.past[-1].label, "PT Mitra B", "", "", "12", ""]]
    job = apply(login(cast.fasilitator), upload(login(cast.fasilitator), url, csv_file(rows, headers=RESULTS)))
    assert job.status == ImportJob.Status.APPLIED
    assert Result.objects.get(partner=cast.partner_b).value == 12
    for who, status in (("manajer", 403), ("staf_a", 403), ("luar", 404)):
        assert login(getattr(cast, who)).get(url).status_code == status, who
