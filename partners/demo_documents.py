"""Demo documents of the library (issue 14, item 3), called by partners.demo.seed; idempotent by title.

The files are made here, small but valid: one-page PDFs with the document's title, and a PNG
photo drawn pixel by pixel.
"""

import datetime
import io
import struct
import zlib

from django.core.files.base import ContentFile

from partners.actions import do_add_document, do_add_document_version
from partners.models import Document, ProgramPartner


def pdf_bytes(*lines):
    """A one-page PDF (A4) showing `lines` in Helvetica, with a correct cross-reference table."""
    text = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({_pdf_escape(line)}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _pdf_escape(line):
    ascii_line = line.encode("latin-1", "replace").decode("latin-1")
    return ascii_line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def photo_bytes(width=240, height=160):
    """A small PNG drawn pixel by pixel (no imaging library needed): people at a table in a hall."""
    wall, floor, table, head, shirt = (222, 235, 247), (120, 86, 60), (150, 100, 60), (90, 60, 40), (30, 90, 160)
    shapes = [  # (x0, y0, x1, y1, colour), later shapes drawn over earlier ones
        (0, 115, width, height, floor),
        (55, 85, 185, 100, table),
        *[(x, 55, x + 18, 73, head) for x in (65, 95, 125, 155)],
        *[(x + 2, 73, x + 16, 86, shirt) for x in (65, 95, 125, 155)],
    ]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 for each scanline
        for x in range(width):
            colour = wall
            for x0, y0, x1, y1, fill in shapes:
                if x0 <= x < x1 and y0 <= y < y1:
                    colour = fill
            row.extend(colour)
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _upload(name, content):
    return ContentFile(content, name=name)


def seed(users, programs, orgs, today):
    """Documents of Desa Sejahtera NTT: the MoU between Bappeda and the CSR bank (two versions),
    a PKS with the foundation (for the facilitators and that partner only), the TOR, the SK of the
    coordination team, a photo of the signing, and the bank's leadership endorsement letter."""
    facilitator = users["fasilitator"]
    program = programs[0]
    partners = {
        p.organisation_id: p for p in ProgramPartner.objects.filter(program=program).select_related("organisation")
    }
    bappeda, foundation, bank = orgs[0], orgs[1], orgs[2]
    signed_on = program.start_date + datetime.timedelta(days=20)
    mou_title = f"MoU {bappeda.name} dan {bank.name}"
    mou = _document(
        facilitator,
        program,
        kind="mou",
        title=mou_title,
        date=signed_on,
        partner=partners.get(bank.pk),
        name="mou-bappeda-bank-draf.pdf",
        content=pdf_bytes("NOTA KESEPAHAMAN (DRAF)", mou_title, "Program Desa Sejahtera Nusa Tenggara Timur"),
        note="Draf untuk dibahas bersama",
    )
    if mou is not None:
        do_add_document_version(
            users["pimpinan_b"],
            mou,
            file=_upload(
                "mou-bappeda-bank-ttd.pdf",
                pdf_bytes("NOTA KESEPAHAMAN", mou_title, "Nomor: 050/123/BAPPEDA/2026", "Telah ditandatangani."),
            ),
            note="Ditandatangani kedua pihak",
        )
    pks_title = f"PKS Pendampingan Desa dengan {foundation.name}"
    _document(
        facilitator,
        program,
        kind="pks",
        title=pks_title,
        date=signed_on + datetime.timedelta(days=10),
        partner=partners.get(foundation.pk),
        visibility="partner",
        name="pks-pendampingan-desa.pdf",
        content=pdf_bytes("PERJANJIAN KERJA SAMA", pks_title, "Pendampingan 20 desa di Timor Tengah Selatan"),
    )
    _document(
        facilitator,
        program,
        kind="tor",
        title="Kerangka Acuan Kerja Program Desa Sejahtera NTT",
        date=program.start_date,
        name="tor-desa-sejahtera.pdf",
        content=pdf_bytes("KERANGKA ACUAN KERJA", "Program Desa Sejahtera Nusa Tenggara Timur"),
    )
    _document(
        users["pimpinan_bappeda"],
        program,
        kind="sk",
        title="SK Kepala Bappeda tentang Tim Koordinasi Program Desa Sejahtera",
        date=program.start_date + datetime.timedelta(days=7),
        partner=partners.get(bappeda.pk),
        name="sk-tim-koordinasi.pdf",
        content=pdf_bytes("SURAT KEPUTUSAN KEPALA BAPPEDA", "Tim Koordinasi Program Desa Sejahtera"),
    )
    _document(
        facilitator,
        program,
        kind="photo",
        title="Foto penandatanganan MoU di Kantor Bappeda",
        date=signed_on,
        name="foto-penandatanganan-mou.png",
        content=photo_bytes(),
    )
    letter_title = f"Surat restu pimpinan {bank.name}"
    letter = _document(
        users["pimpinan_b"],
        program,
        kind="endorsement",
        title=letter_title,
        date=program.start_date + datetime.timedelta(days=14),
        partner=partners.get(bank.pk),
        name="surat-restu-pimpinan.pdf",
        content=pdf_bytes("SURAT RESTU PIMPINAN", bank.name, "Mendukung keikutsertaan dalam program"),
    )
    if letter is not None and bank.pk in partners:
        ProgramPartner.objects.filter(pk=partners[bank.pk].pk).update(endorsement_document=letter)


def _document(actor, program, *, kind, title, date, name, content, partner=None, visibility="program", note=""):
    """Add the document once: None when it is already there (or its partner is missing)."""
    if Document.objects.filter(program=program, title=title).exists():
        return None
    if partner is None and visibility == "partner":
        return None
    return do_add_document(
        actor,
        program,
        kind=kind,
        title=title,
        date=date,
        file=_upload(name, content),
        partner=partner,
        visibility=visibility,
        note=note,
    )
