"""PRIVATE_STORAGE=s3: private files in S3-compatible storage (MinIO or a cloud bucket). The same
access checks run first; a download is then a redirect to a signed URL that expires, with the
checked name and type. No network: the signature is computed locally and the one ranged read
of the object's first bytes is replaced."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core import uploads
from reports.models import ExportJob

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"x" * 200
S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "kemitraan-private",
        "endpoint_url": "http://minio.example.id:9000",
        "access_key": "minio-test-key",
        "secret_key": "minio-test-secret",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    },
}


@pytest.fixture
def object_storage(settings, monkeypatch):
    settings.STORAGES = {**settings.STORAGES, "default": S3}
    settings.PRIVATE_STORAGE = "s3"
    settings.PRIVATE_MEDIA_URL_EXPIRE = 60
    reads = []

    def head(field_file):
        reads.append(field_file.name)
        return PDF

    monkeypatch.setattr(uploads, "_object_head", head)
    return reads


def done_export(user):
    job = ExportJob.objects.create(
        requested_by=user, kind=ExportJob.Kind.PROGRAM_PDF, status=ExportJob.Status.DONE, file_name="Laporan.pdf"
    )
    ExportJob.objects.filter(pk=job.pk).update(file="exports/2026/11/0b6f.pdf")  # already in the bucket
    job.refresh_from_db()
    return job


def test_a_download_redirects_to_a_signed_url_that_expires(cast, login, object_storage):
    job = done_export(cast.manajer)
    response = login(cast.manajer).get(reverse("reports:export_download", args=[job.pk]))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert (url.scheme, url.netloc, url.path) == (
        "http",
        "minio.example.id:9000",
        "/kemitraan-private/exports/2026/11/0b6f.pdf",
    )
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Signature"][0]
    assert query["response-content-disposition"] == ['attachment; filename="Laporan.pdf"']
    assert query["response-content-type"] == ["application/pdf"]
    assert response["Cache-Control"] == "private, no-store"
    assert object_storage == ["exports/2026/11/0b6f.pdf"]


def test_the_access_check_still_comes_first(cast, login, object_storage):
    job = done_export(cast.manajer)
    assert login(cast.luar).get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert object_storage == []  # no signed URL, not even a read of the object


def test_content_that_disagrees_with_its_name_is_signed_as_octet_stream(cast, login, object_storage, monkeypatch):
    monkeypatch.setattr(uploads, "_object_head", lambda field_file: b"<html><script>x</script>")
    job = done_export(cast.manajer)
    response = login(cast.manajer).get(reverse("reports:export_download", args=[job.pk]))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-content-type"] == ["application/octet-stream"]
    assert query["response-content-disposition"] == ['attachment; filename="Laporan.bin"']


def test_the_filesystem_default_still_streams(cast, login, settings):
    assert settings.PRIVATE_STORAGE == "filesystem"
    job = ExportJob.objects.create(
        requested_by=cast.manajer, kind=ExportJob.Kind.PROGRAM_PDF, status=ExportJob.Status.DONE, file_name="L.pdf"
    )
    job.file.save("l.pdf", ContentFile(PDF))
    response = login(cast.manajer).get(reverse("reports:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
