"""A disguised executable or an oversized file is refused: by the shared validator and by every upload form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kemitraan.uploads import IMAGES, OFFICE, PDF, validate_upload

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
