"""Stored files keep no name or type the uploader chose (issue 12, item 11).

A file is stored under the extension its content has, served with the MIME type of that checked
content (a closed list), always as an attachment with nosniff; older files stored under the
uploader's `.html` or `.svg` are served as application/octet-stream.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import private_upload_to, safe_file_name
from partners.models import ProgramPartner
from reports.models import ExportJob
from roadmap.models import Evidence

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
REPORT = {"new_status": "in_progress", "progress": "50", "narrative": "Pelatihan selesai."}
ENDORSEMENT = {
    "endorsement_status": "endorsed",
    "endorsed_by_name": "Ibu Direktur",
    "endorsed_by_title": "Direktur Eksekutif",
    "endorsed_on": "2026-01-15",
}


def assert_attachment(response, content_type, filename):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    assert f'filename="{filename}"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def upload_evidence(world, login, name, content):
    response = login(world.staf_a).post(
        reverse("roadmap:update_create", args=[world.milestone.pk]),
        {**REPORT, "evidence": SimpleUploadedFile(name, content, content_type="text/html")},
    )
    assert response.status_code == 302
    return Evidence.objects.get(update__milestone=world.milestone)


def evidence_download(client, evidence):
    return client.get(reverse("roadmap:evidence_download", args=[evidence.pk]))


# New uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, ext, content_type",
    [
        ("x.html", PNG, "png", "image/png"),
        ("x.svg", PNG, "png", "image/png"),
        ("x.html", PDF, "pdf", "application/pdf"),
        ("x.svg", PDF, "pdf", "application/pdf"),
    ],
)
def test_evidence_is_stored_and_served_by_its_content(world, login, name, content, ext, content_type):
    evidence = upload_evidence(world, login, name, content)
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(f".{ext}")
    assert evidence.original_name == f"x.{ext}"  # the name shown carries the checked extension too
    assert evidence.size == len(content)
    response = evidence_download(login(world.fasilitator), evidence)
    assert_attachment(response, content_type, f"x.{ext}")
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "name, content, ext, content_type", [("x.html", PDF, "pdf", "application/pdf"), ("x.svg", PNG, "png", "image/png")]
)
def test_endorsement_letter_is_stored_and_served_by_its_content(world, login, name, content, ext, content_type):
    url = reverse("partners:endorsement_edit", args=[world.partner_a.pk])
    response = login(world.lead_a).post(url, {**ENDORSEMENT, "letter": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    partner = ProgramPartner.objects.get(pk=world.partner_a.pk)
    assert partner.endorsement_letter.name.endswith(f".{ext}")
    assert partner.endorsement_letter_name == f"x.{ext}"
    assert partner.endorsement_letter_size == len(content)
    response = login(world.manajer).get(reverse("partners:endorsement_letter", args=[partner.pk]))
    assert_attachment(response, content_type, f"x.{ext}")


def test_a_file_saved_around_the_upload_forms_is_still_named_by_its_content(world):
    """The admin site, a seed or a shell saves through the model field: same rule, size kept."""
    partner = world.partner_a
    partner.endorsement_letter = SimpleUploadedFile("surat.html", HTML)
    partner.save()
    partner.refresh_from_db()
    assert partner.endorsement_letter.name.endswith(".bin")
    assert partner.endorsement_letter_size == len(HTML)
    partner.endorsement_letter.save("scan.svg", ContentFile(PNG, name="scan.svg"))
    partner.refresh_from_db()
    assert partner.endorsement_letter.name.endswith(".png")
    assert partner.endorsement_letter_size == len(PNG)


def test_upload_to_never_keeps_an_unsafe_extension():
    upload_to = private_upload_to("evidence")
    assert upload_to(None, "x.html").endswith(".bin")
    assert upload_to(None, "x.svg").endswith(".bin")
    assert upload_to(None, "x.PDF").endswith(".pdf")
    assert upload_to(None, "x.jpeg").endswith(".jpg")


def test_safe_file_name_keeps_the_stem_and_puts_the_checked_extension():
    assert safe_file_name("laporan kegiatan.html", "png") == "laporan kegiatan.png"
    assert safe_file_name("../../etc/passwd", "pdf") == "passwd.pdf"
    assert safe_file_name("", None) == "file.bin"


# Files stored before this rule (the uploader's extension) ------------------------------------


def legacy_evidence(world, stored_name, content, original_name):
    """A row as the old code left it: the uploader's extension on disk and in the name shown."""
    evidence = Evidence.objects.create(update=world.update, file=stored_name, original_name=original_name)
    storage = Evidence._meta.get_field("file").storage
    storage.save(stored_name, ContentFile(content))
    return evidence


@pytest.mark.parametrize(
    "stored, content, shown, download",
    [
        ("evidence/2025/old.html", HTML, "laporan.html", "laporan.bin"),
        ("evidence/2025/old.svg", SVG, "peta.svg", "peta.bin"),
        ("evidence/2025/png-in-html.html", PNG, "foto.html", "foto.bin"),  # the name disagrees with the content
        ("evidence/2025/html-in-png.png", HTML, "foto.png", "foto.bin"),
    ],
)
def test_legacy_file_under_an_unsafe_or_false_name_is_an_octet_stream_attachment(
    world, login, stored, content, shown, download
):
    evidence = legacy_evidence(world, stored, content, shown)
    response = evidence_download(login(world.fasilitator), evidence)
    assert_attachment(response, "application/octet-stream", download)
    assert b"".join(response.streaming_content) == content


def test_legacy_file_whose_name_agrees_with_its_content_is_served_as_that_type(world, login):
    evidence = legacy_evidence(
        world, "evidence/2025/old.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "a.JPEG"
    )
    assert_attachment(evidence_download(login(world.fasilitator), evidence), "image/jpeg", "a.jpg")


def test_legacy_endorsement_letter_html_is_an_octet_stream_attachment(world, login):
    partner = world.partner_a
    Evidence._meta.get_field("file").storage.save("endorsements/2025/old.html", ContentFile(HTML))
    ProgramPartner.objects.filter(pk=partner.pk).update(
        endorsement_letter="endorsements/2025/old.html", endorsement_letter_name="restu.html"
    )
    response = login(world.manajer).get(reverse("partners:endorsement_letter", args=[partner.pk]))
    assert_attachment(response, "application/octet-stream", "restu.bin")


# Exports: written by the server, CSV declared as text ----------------------------------------


@pytest.mark.parametrize(
    "file_name, content, content_type",
    [
        ("laporan.csv", b"id,judul\n1,Survei\n", "text/csv"),
        ("laporan.pdf", PDF, "application/pdf"),
        ("laporan.html", HTML, "application/octet-stream"),
    ],
)
def test_export_files_are_served_by_their_checked_type(world, login, file_name, content, content_type):
    job = ExportJob(
        requested_by=world.manajer,
        kind=ExportJob.Kind.MILESTONES_CSV,
        params={"program": world.program.pk},
        status=ExportJob.Status.DONE,
        file_name=file_name,
    )
    job.file.save(file_name, ContentFile(content), save=False)
    job.save()
    response = login(world.manajer).get(reverse("reports:export_download", args=[job.pk]))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_site_cannot_replace_an_endorsement_letter(world, login):
    """The letter goes through the endorsement page (content check, size cap, quota)."""
    url = reverse("admin:partners_programpartner_change", args=[world.partner_with_letter.pk])
    response = login(world.admin).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="endorsement_letter"' not in html and 'name="endorsement_letter_size"' not in html
