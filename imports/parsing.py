"""Reading an uploaded spreadsheet (xlsx or CSV) into rows, and the cell values every import shares.

Nothing here writes. A file that cannot be read at all gives `FileRefusedError` with a message for the
user; a cell that cannot be read gives `CellError` for its row. Formulas are never evaluated: a cell
that holds one is refused (the cached value Excel saved may be stale or missing, and `openpyxl` does
not compute formulas), so the user types the value.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.uploads import sniff_extension

# The first cell of a comment row starts with this (the templates' example row is one).
COMMENT = "#"
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class FileRefusedError(Exception):
    """The whole file is refused (unreadable, wrong headers, merged cells, too many rows)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    id: str
    required: bool = False
    help: str = ""

    def label(self, language):
        return self.id if language == "id" else self.en


@dataclass
class Row:
    line: int  # the row number the user sees in their spreadsheet (1 = the header row)
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def max_rows():
    return settings.IMPORT_MAX_ROWS


def _norm(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def map_headers(headers, columns):
    """Column index -> key; either language's header is accepted. Refuses unknown, repeated and missing columns."""
    known = {}
    for column in columns:
        known[_norm(column.en)] = column.key
        known[_norm(column.id)] = column.key
    mapping, seen, unknown = {}, set(), []
    for index, header in enumerate(headers):
        name = _norm(header)
        if not name:
            continue
        key = known.get(name)
        if key is None:
            unknown.append(str(header).strip())
        elif key in seen:
            raise FileRefusedError(_("The column “%(name)s” appears twice.") % {"name": str(header).strip()})
        else:
            mapping[index] = key
            seen.add(key)
    if unknown:
        raise FileRefusedError(
            _("Unknown columns: %(unknown)s. Use the template's headers, in Bahasa Indonesia or English.")
            % {"unknown": ", ".join(f"“{u}”" for u in unknown)}
        )
    missing = [c for c in columns if c.required and c.key not in seen]
    if missing:
        raise FileRefusedError(
            _("Missing columns: %(missing)s. Use the template's headers, in Bahasa Indonesia or English.")
            % {"missing": ", ".join(f"“{c.en}” / “{c.id}”" for c in missing)}
        )
    return mapping


def _too_many():
    return FileRefusedError(
        _("The file has more than %(max)s rows. Split it into files of at most %(max)s rows.")
        % {"max": number_format(max_rows(), force_grouping=True)}
    )


def _is_blank(values):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_comment(values):
    first = next((v for v in values if v is not None and str(v).strip()), None)
    return isinstance(first, str) and first.strip().startswith(COMMENT)


def detect_format(upload):
    """'xlsx' or 'csv' from the content (the name only tells text apart); FileRefusedError otherwise."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise FileRefusedError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {
                "size": number_format(round(upload.size / 1024 / 1024, 1), 1),
                "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
            }
        )
    ext = sniff_extension(upload)
    if ext == "xlsx" or (ext == "zip" and (upload.name or "").lower().endswith(".xlsx")):
        return "xlsx"
    if ext is None and (upload.name or "").lower().endswith((".csv", ".txt")):
        return "csv"
    if ext == "xls":
        raise FileRefusedError(_("Old Excel files (.xls) are not read. Save the file as .xlsx or CSV."))
    raise FileRefusedError(_("This file is not an Excel workbook (.xlsx) or a CSV file."))


def read_rows(upload, columns):
    """(rows, format): the data rows of the first sheet, blank and comment rows skipped."""
    fmt = detect_format(upload)
    upload.seek(0)
    data = upload.read()
    rows = _read_xlsx(data, columns) if fmt == "xlsx" else _read_csv(data, columns)
    return rows, fmt


def _read_csv(data, columns):
    if b"\x00" in data:
        raise FileRefusedError(_("This file is not an Excel workbook (.xlsx) or a CSV file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, None)
        if headers is None:
            raise FileRefusedError(_("The file is empty."))
        mapping = map_headers(headers, columns)
        rows = []
        for number, values in enumerate(reader, start=2):
            if len(rows) >= max_rows():
                raise _too_many()
            if _is_blank(values) or _is_comment(values):
                continue
            row = Row(line=number)
            for index, key in mapping.items():
                value = values[index].strip() if index < len(values) else ""
                row.values[key] = value or None
            rows.append(row)
    except csv.Error:
        raise FileRefusedError(_("The CSV file is damaged and cannot be read."))
    return rows


def _open_workbook(data, read_only):
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise FileRefusedError(_("The Excel file is damaged and cannot be read. Open it in Excel and save it again."))


def _read_xlsx(data, columns):
    # A cheap first pass in read-only mode, so a 100,000-row file is refused before it is loaded whole.
    book = _open_workbook(data, read_only=True)
    try:
        count = 0
        for _values in book.worksheets[0].iter_rows(values_only=True):
            count += 1
            if count > max_rows() + 1:
                raise _too_many()
    except FileRefusedError:
        raise
    except Exception:  # noqa: BLE001
        raise FileRefusedError(_("The Excel file is damaged and cannot be read. Open it in Excel and save it again."))
    finally:
        book.close()
    sheet = _open_workbook(data, read_only=False).worksheets[0]
    if sheet.merged_cells.ranges:
        ranges = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        raise FileRefusedError(
            _("The sheet has merged cells (%(ranges)s). Unmerge them and try again.") % {"ranges": ranges}
        )
    lines = sheet.iter_rows()
    header_cells = next(lines, None)
    if header_cells is None:
        raise FileRefusedError(_("The file is empty."))
    mapping = map_headers([c.value for c in header_cells], columns)
    rows = []
    for cells in lines:
        values = [c.value for c in cells]
        if _is_blank(values) or _is_comment(values):
            continue
        row = Row(line=cells[0].row)
        for index, key in mapping.items():
            cell = cells[index] if index < len(cells) else None
            value = cell.value if cell is not None else None
            if cell is not None and cell.data_type == "f":
                row.errors.append(
                    _("Cell %(cell)s holds a formula; formulas are not calculated. Type the value instead.")
                    % {"cell": f"{get_column_letter(index + 1)}{cell.row}"}
                )
                value = None
            if isinstance(value, str):
                value = value.strip() or None
            row.values[key] = value
        rows.append(row)
    return rows


# --- cell values ------------------------------------------------------------------------------

MONTHS = {
    # Bahasa Indonesia
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8,
    "sep": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
    "december": 12, "aug": 8, "oct": 10, "dec": 12, "sept": 9,
}  # fmt: skip

DATE_HELP = gettext_lazy("Dates may be written 31/12/2026, 2026-12-31 or 31 Desember 2026.")


def _bad_date(value):
    return CellError(
        _("“%(value)s” is not a date. Write it as 31/12/2026, 2026-12-31 or 31 Desember 2026.") % {"value": value}
    )


def _make(year, month, day, original):
    try:
        return datetime.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        raise _bad_date(original)


def parse_date(value):
    """A date from a cell: a real Excel date, an Excel serial number, or common written forms.

    Accepted: 2026-01-05, 05/01/2026 and 5-1-2026 and 5.1.2026 (day first, as written in Indonesia),
    5 Januari 2026 / 5 Jan 2026 / January 5, 2026, and serials such as 46027. Returns None for blank.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, value)
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text), text)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if match:
        return _make(match[1], match[2], match[3], text)
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if match:
        return _make(match[3], match[2], match[1], text)
    words = re.findall(r"[^\W\d_]+|\d+", text.casefold())
    numbers = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    if len(numbers) == 2 and len(names) == 1 and names[0] in MONTHS:
        years = [n for n in numbers if len(n) == 4]
        days = [n for n in numbers if len(n) <= 2]
        if len(years) == 1 and len(days) == 1:
            return _make(years[0], MONTHS[names[0]], days[0], text)
    raise _bad_date(text)


def _serial(number, original):
    if not 1 <= number < 2958466:
        raise _bad_date(original)
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_text(value, *, max_length, label, required=False):
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if required and not text:
        raise CellError(_("“%(column)s” is required.") % {"column": label})
    if len(text) > max_length:
        raise CellError(_("“%(column)s” is longer than %(max)s characters.") % {"column": label, "max": max_length})
    return text


def parse_choice(value, choices, *, label):
    """A value from `choices` ({accepted spelling (casefolded) -> stored value})."""
    text = _norm(value)
    if text in choices:
        return choices[text]
    raise CellError(
        _("“%(value)s” is not a valid %(column)s.") % {"value": "" if value is None else value, "column": label}
    )


def check_email(value, *, label):
    text = parse_text(value, max_length=254, label=label, required=True).lower()
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an email address.") % {"value": text})
    return text
