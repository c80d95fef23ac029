import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADERS_EN = [
    "Type",
    "Code",
    "Parent code",
    "Statement or title",
    "Owner partner",
    "Start date",
    "Due date",
    "Depends on",
]
HEADERS_ID = [
    "Jenis",
    "Kode",
    "Kode induk",
    "Pernyataan atau judul",
    "Mitra pemilik",
    "Tanggal mulai",
    "Tanggal tenggat",
    "Bergantung pada",
]


def xlsx(rows, headers=HEADERS_EN, name="peta.xlsx", prepare=None):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if prepare:
        prepare(sheet)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def csv_file(rows, headers=HEADERS_EN, name="peta.csv", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"))


def roadmap_rows(owner="Yayasan Mitra A"):
    return [
        ["outcome", "C1", "", "Pendapatan petani naik", "", "", "", ""],
        ["output", "K1", "C1", "Lumbung benih berjalan", "", "", "", ""],
        ["milestone", "T1", "K1", "Lumbung dibangun", owner, "05/01/2026", "31 Maret 2026", ""],
        ["milestone", "T2", "K1", "Panen pertama disimpan", owner, "2026-04-01", "2026-06-30", "T1"],
    ]
