"""Issue 19: the API's table exports follow the pages' rule: the file at once up to
EXPORT_INLINE_MAX_ROWS rows, above it 202 with the background job to poll and download."""

import pytest
from django.urls import reverse

from reports.models import ExportJob

pytestmark = pytest.mark.django_db


def export_url(program, table="outcomes", fmt="csv"):
    return reverse("api:program_export", args=[program.pk, table, fmt])


def content(response):
    return b"".join(response.streaming_content)


def test_short_table_is_the_response(cast, roadmap, api):
    response = api(cast.manajer).get(export_url(cast.program))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert roadmap.outcome.statement in content(response).decode("utf-8-sig")
    assert not ExportJob.objects.exists()


def test_long_table_is_a_job_with_the_same_file(cast, roadmap, api, settings, django_capture_on_commit_callbacks):
    client = api(cast.manajer)
    inline = content(client.get(export_url(cast.program)))
    settings.EXPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(export_url(cast.program))
    assert response.status_code == 202
    job = ExportJob.objects.get()
    body = response.json()
    assert response["Location"] == body["url"] and body["url"].endswith(reverse("api:export_detail", args=[job.pk]))
    assert body["kind"] == "table_csv" and body["page"].endswith(job.get_absolute_url())
    polled = client.get(body["url"]).json()
    assert polled["status"] == "done" and polled["row_count"] == 1
    download = client.get(polled["download"])
    assert download.status_code == 200 and content(download) == inline


def test_job_and_file_are_the_requesters_only(cast, roadmap, api, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        api(cast.manajer).get(export_url(cast.program))
    job = ExportJob.objects.get()
    other = api(cast.fasilitator)
    assert other.get(reverse("api:export_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("api:export_download", args=[job.pk])).status_code == 404


def test_unfinished_job_has_no_download(cast, api):
    job = ExportJob.objects.create(requested_by=cast.manajer, kind=ExportJob.Kind.TABLE_CSV, params={})
    client = api(cast.manajer)
    assert client.get(reverse("api:export_detail", args=[job.pk])).json()["download"] is None
    assert client.get(reverse("api:export_download", args=[job.pk])).status_code == 404


def test_refusals_start_no_job(cast, roadmap, api, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    assert api(cast.luar).get(export_url(cast.program)).status_code == 404
    assert api(cast.luar).get(export_url(cast.program, "iptt")).status_code == 404
    portfolio = reverse("api:portfolio_export", args=["milestones", "csv"])
    assert api(cast.staf_a).get(portfolio).status_code == 403  # partner people have no portfolio
    assert api(cast.manajer).get(export_url(cast.program, "nope")).status_code == 404
    assert api(cast.manajer).get(export_url(cast.program, fmt="exe")).status_code == 404
    bad_period = api(cast.manajer).get(export_url(cast.program) + "?period=custom&start=x")
    assert bad_period.status_code == 400
    assert not ExportJob.objects.exists()
