"""A disguised executable or an oversized file is refused: by the shared validator and by every upload form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import IMAGES, OFFICE, PDF, validate_upload

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"\x00" * 200
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_AS_PDF = b"<html><script>alert(1)</script></html>"


def disguised(content, name="surat-restu.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def oversized(settings, name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES + b"0" * settings.MAX_UPLOAD_BYTES, content_type="application/pdf")


@pytest.mark.parametrize("content", [ELF, PE, HTML_AS_PDF, b""], ids=["elf", "pe", "html", "empty"])
@pytest.mark.parametrize("allowed", [PDF | IMAGES, PDF | IMAGES | OFFICE], ids=["endorsement", "evidence"])
def test_disguised_files_are_refused(content, allowed):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(disguised(content), allowed)
    assert excinfo.value.code == "bad_type"


def test_oversized_file_is_refused(settings):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(oversized(settings), PDF)
    assert excinfo.value.code == "too_large"


def test_a_real_pdf_passes():
    assert validate_upload(disguised(PDF_BYTES), PDF) == "pdf"


# ---- through the real upload forms -------------------------------------------------------

ENDORSEMENT = {
    "endorsement_status": "endorsed",
    "endorsed_by_name": "Ibu Direktur",
    "endorsed_by_title": "Direktur Eksekutif",
    "endorsed_on": "2026-01-15",
}
REPORT = {"new_status": "in_progress", "progress": "50", "narrative": "Pelatihan selesai."}


def _post_endorsement(client, world, upload):
    from django.urls import reverse

    return client.post(
        reverse("partners:endorsement_edit", args=[world.partner_a.pk]), {**ENDORSEMENT, "letter": upload}
    )


def _post_report(client, world, upload):
    from django.urls import reverse

    return client.post(reverse("roadmap:update_create", args=[world.milestone.pk]), {**REPORT, "evidence": upload})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make", [lambda s: disguised(ELF), lambda s: disguised(PE), oversized], ids=["elf", "pe", "oversized"]
)
def test_endorsement_letter_upload_refuses_bad_files(world, login, settings, make):
    response = _post_endorsement(login(world.lead_a), world, make(settings))
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors.get("letter")
    world.partner_a.refresh_from_db()
    assert not world.partner_a.endorsement_letter  # nothing half-saved
    assert world.partner_a.endorsed_by_name == ""


@pytest.mark.django_db
def test_endorsement_letter_upload_accepts_a_real_pdf(world, login):
    response = _post_endorsement(login(world.lead_a), world, disguised(PDF_BYTES))
    assert response.status_code == 302
    world.partner_a.refresh_from_db()
    assert world.partner_a.endorsement_letter
    assert not world.partner_a.endorsement_letter.name.endswith("surat-restu.pdf")  # generated name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [lambda s: disguised(ELF, "bukti.docx"), lambda s: disguised(PE, "bukti.pdf"), oversized],
    ids=["elf", "pe", "oversized"],
)
def test_evidence_upload_refuses_bad_files(world, login, settings, make):
    from roadmap.models import Evidence, ProgressUpdate

    response = _post_report(login(world.staf_a), world, make(settings))
    assert response.status_code == 200
    assert response.context["form"].errors.get("evidence")
    assert not ProgressUpdate.objects.filter(milestone=world.milestone).exists()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_evidence_upload_accepts_a_real_pdf(world, login):
    from roadmap.models import Evidence

    response = _post_report(login(world.staf_a), world, disguised(PDF_BYTES, "bukti.pdf"))
    assert response.status_code == 302
    assert Evidence.objects.filter(update__milestone=world.milestone, original_name="bukti.pdf").count() == 1
