import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.importers import RoadmapImporter
from imports.parsing import CellError, FileRefusedError, parse_date, read_rows
from imports.tests.helpers import HEADERS_ID, csv_file, xlsx

COLUMNS = RoadmapImporter.columns


@pytest.mark.parametrize(
    "value, expected",
    [
        ("05/01/2026", datetime.date(2026, 1, 5)),
        ("5-1-2026", datetime.date(2026, 1, 5)),
        ("5.1.2026", datetime.date(2026, 1, 5)),
        ("2026-01-05", datetime.date(2026, 1, 5)),
        ("5 Januari 2026", datetime.date(2026, 1, 5)),
        ("5 januari 2026", datetime.date(2026, 1, 5)),
        ("17 Agustus 2026", datetime.date(2026, 8, 17)),
        ("5 Jan 2026", datetime.date(2026, 1, 5)),
        ("January 5, 2026", datetime.date(2026, 1, 5)),
        (46027, datetime.date(2026, 1, 5)),
        ("46027", datetime.date(2026, 1, 5)),
        (datetime.datetime(2026, 1, 5, 0, 0), datetime.date(2026, 1, 5)),
        (None, None),
        ("", None),
    ],
)
def test_dates_in_common_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "05/13/2026", "besok", "5 Brumaire 2026", "0", -3, "2026-13-01"])
def test_bad_dates_are_refused_with_a_message(value):
    with pytest.raises(CellError, match="is not a date"):
        parse_date(value)


def test_headers_in_either_language(db):
    rows, fmt = read_rows(xlsx([["tonggak", "T1", "K1", "Judul", "A", "", "", ""]], headers=HEADERS_ID), COLUMNS)
    assert fmt == "xlsx"
    assert rows[0].values["type"] == "tonggak"
    assert rows[0].line == 2


def test_semicolon_csv_and_comment_rows_are_read():
    upload = csv_file(
        [["# outcome", "X", "", "contoh", "", "", "", ""], ["outcome", "C1", "", "Nyata", "", "", "", ""]],
        delimiter=";",
    )
    rows, fmt = read_rows(upload, COLUMNS)
    assert fmt == "csv"
    assert [r.values["code"] for r in rows] == ["C1"]
    assert rows[0].line == 3


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"\x14\x00" * 40), "damaged"),
        (SimpleUploadedFile("a.xlsx", xlsx([]).read()[:900]), "damaged"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello"), "not an Excel workbook"),
        (SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "xls"),
        (SimpleUploadedFile("a.csv", b""), "empty"),
        (csv_file([], headers=["Foo", "Kode"]), "Unknown columns: “Foo”"),
        (csv_file([], headers=["Kode", "Code"]), "appears twice"),
        (csv_file([], headers=["Kode"]), "Missing columns"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(upload, message):
    with pytest.raises(FileRefusedError) as refused:
        read_rows(upload, COLUMNS)
    assert message in refused.value.message


def test_merged_cells_are_refused():
    upload = xlsx([["outcome", "C1", "", "a", "", "", "", ""]], prepare=lambda s: s.merge_cells("A2:B2"))
    with pytest.raises(FileRefusedError, match="merged cells"):
        read_rows(upload, COLUMNS)


def test_a_formula_is_refused_for_its_row_never_evaluated():
    def formula(sheet):
        sheet["F2"] = "=DATE(2026,1,5)"

    rows, _ = read_rows(xlsx([["milestone", "T1", "K1", "a", "A", None, "2026-02-01", ""]], prepare=formula), COLUMNS)
    assert rows[0].values["start_date"] is None
    assert "F2 holds a formula" in rows[0].errors[0]


def test_too_many_rows_are_refused_before_reading(settings):
    settings.IMPORT_MAX_ROWS = 50
    rows = [["outcome", f"C{i}", "", "a", "", "", "", ""] for i in range(51)]
    with pytest.raises(FileRefusedError, match="more than 50 rows"):
        read_rows(xlsx(rows), COLUMNS)
    with pytest.raises(FileRefusedError, match="more than 50 rows"):
        read_rows(csv_file(rows), COLUMNS)
    assert len(read_rows(xlsx(rows[:50]), COLUMNS)[0]) == 50


def test_a_file_over_the_upload_cap_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(FileRefusedError, match="MB"):
        read_rows(csv_file([["outcome", "C1", "", "x" * 200, "", "", "", ""]]), COLUMNS)
