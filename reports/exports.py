"""Writing report tables to CSV (streamed), Excel (XlsxWriter in constant memory, via a temp file) and PDF (WeasyPrint).

Excel: XlsxWriter's `constant_memory` mode flushes each row to disk once the next row starts, so a
200,000-row milestone list is written in bounded memory (and with less CPU than openpyxl's write-only
mode). The price: rows must be written top to bottom, which is how every table here is read.
"""

import csv
import datetime
import tempfile
from collections.abc import Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from xlsxwriter import Workbook

from results.selectors import program_breakdowns, program_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if isinstance(value, (int, float, Decimal, datetime.date)) or value is None:
        return value
    return force_str(value)


# Text that a spreadsheet would run as a formula (CSV/formula injection): partners type titles.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(table):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM so spreadsheet programs read UTF-8 (Indonesian names, em dashes)
    if getattr(table, "caption", None):
        yield writer.writerow([_csv_cell(v) for v in table.caption])
    yield writer.writerow([force_str(h) for h in table.headers])
    for row in table.rows:
        yield writer.writerow([_csv_cell(v) for v in row])


# Number formats of typed Excel cells: whole numbers (rupiah totals, counts) grouped and never in
# scientific notation; fractions with up to two decimals; dates as dates.
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
DATE_FORMAT = "dd mmm yyyy"
MIN_WIDTH, MAX_WIDTH, SAMPLE_ROWS = 10, 60, 500


def _number_format(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, (float, Decimal)):
        return INTEGER_FORMAT if value == int(value) else DECIMAL_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


class _Formats:
    """The workbook's cell formats, made once (XlsxWriter keeps one record per distinct format)."""

    def __init__(self, workbook):
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.header = workbook.add_format({"bold": True})
        self.by_number_format = {
            fmt: workbook.add_format({"num_format": fmt}) for fmt in (INTEGER_FORMAT, DECIMAL_FORMAT, DATE_FORMAT)
        }


def _write_row(sheet, row_index, row, formats, style=None):
    """Typed cells with number formats, written with the typed writers only: text is always text, so
    a partner's title starting with '=' never becomes a formula (nor a URL a hyperlink)."""
    for col, value in enumerate(row):
        value = _cell(value)
        if value is None or value == "":
            if style is not None:
                sheet.write_blank(row_index, col, None, style)
            continue
        if isinstance(value, bool):
            sheet.write_boolean(row_index, col, value, style)
        elif isinstance(value, (int, float, Decimal)):
            number = float(value)
            if number != number or number in (float("inf"), float("-inf")):
                sheet.write_string(row_index, col, str(value), style)
            else:
                sheet.write_number(row_index, col, number, style or formats.by_number_format[_number_format(value)])
        elif isinstance(value, datetime.date):
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            sheet.write_datetime(row_index, col, value, style or formats.by_number_format[DATE_FORMAT])
        else:
            sheet.write_string(row_index, col, value, style)


def _shown_width(value):
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 12
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return len(f"{value:,.2f}")
    return max((len(line) for line in force_str(value).splitlines()), default=0)


def _column_widths(headers, rows):
    """Widths from the headers and, for tables already in memory, their first rows (lazy ones are not read twice)."""
    widths = [_shown_width(h) + 2 for h in headers]
    if isinstance(rows, Sequence):
        for row in rows[:SAMPLE_ROWS]:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _shown_width(value) + 2)
    return [min(MAX_WIDTH, max(MIN_WIDTH, w)) for w in widths]


def period_text(period):
    """ "Q1 2027 (1 Januari 2027 – 31 Maret 2027)": the period a file covers, for its title row."""
    dates = f"{date_format(period.start)} – {date_format(period.end)}"
    label = force_str(getattr(period, "label", "") or "")
    return f"{label} ({dates})" if label else dates


def csv_response(table, filename):
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_xlsx(tables, target, progress=None, expected_rows=0, heading=""):
    """Write tables as sheets of a constant-memory workbook to `target` (path or file). Returns rows written.

    Each sheet: a title row (the table's caption, or its title and `heading`: program and period), a
    bold frozen header row with an autofilter, column widths, and typed number/date cells. Rows are
    consumed once, in order, so a lazy table (a queryset iterator) is never held in memory.
    """
    workbook = Workbook(target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = _Formats(workbook)
    written = 0
    used_names = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used_names))
        headers = [force_str(h) for h in table.headers]
        caption = getattr(table, "caption", None) or [
            " · ".join(part for part in (force_str(table.title), force_str(heading)) if part)
        ]
        for i, width in enumerate(_column_widths(headers, table.rows)):
            sheet.set_column(i, i, width)
        header_row = 1  # zero-based: the title row is row 0
        sheet.freeze_panes(header_row + 1, 0)
        _write_row(sheet, 0, caption, formats, style=formats.title)
        _write_row(sheet, header_row, headers, formats, style=formats.header)
        count = 0
        for row in table.rows:
            count += 1
            _write_row(sheet, header_row + count, row, formats)
            written += 1
            if progress and expected_rows and written % 5000 == 0:
                progress(min(99, int(100 * written / expected_rows)))
        sheet.autofilter(header_row, 0, header_row + count, max(0, len(headers) - 1))
    if not tables:
        workbook.add_worksheet()
    workbook.close()
    return written


def _sheet_name(title, used):
    """Excel's rules: at most 31 characters, none of []:*?/\\, no quote at either end, unique (any case)."""
    name = force_str(title)
    for char in "[]:*?/\\":
        name = name.replace(char, "-")
    name = name.strip("'")[:31] or "Sheet"
    unique, n = name, 1
    while unique.lower() in used:
        n += 1
        unique = f"{name[: 31 - len(str(n)) - 3]} ({n})"
    used.add(unique.lower())
    return unique


def xlsx_response(tables, filename, heading=""):
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(tables, handle, heading=heading)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def export_filename(*parts):
    stamp = timezone.localdate().isoformat()
    return "-".join([*(slugify(str(p))[:40] for p in parts if p), stamp])


def _css_string(text):
    """`text` as a quoted CSS string (for the `content` of the page's margin boxes)."""
    escaped = force_str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def page_number_css():
    """ "Halaman 3 dari 7": the CSS `content` of the page-number box, in the active language."""
    marks = {"n": "\x00page\x00", "total": "\x00pages\x00"}
    parts = (gettext("Page %(n)s of %(total)s") % marks).split("\x00")
    return " ".join(f"counter({part})" if i % 2 else _css_string(part) for i, part in enumerate(parts) if i % 2 or part)


def bulletin_document(report):
    """The program report as a printable bulletin (A4), laid out by WeasyPrint (a Document of pages)."""
    from weasyprint import HTML  # here: importing WeasyPrint takes ~1.7 s; only PDF exports pay it

    generated = timezone.localtime()
    context = {
        "report": report,
        "program": report.program,
        "period": report.period,
        "period_text": period_text(report.period),
        "generated": generated,
        "page_number_css": page_number_css(),
    }
    html = render_to_string("reports/program_pdf.html", context | bulletin_results(report.program))
    return HTML(string=html).render()


def render_program_pdf(report, tables, target):
    """The bulletin written to `target`."""
    bulletin_document(report).write_pdf(target)


# The bulletin's results section: a few indicators' breakdowns keep it to a page or two of A4.
BULLETIN_KEY_INDICATORS = 4
BULLETIN_PERIODS = 4


def bulletin_results(program):
    """The IPTT summary (every indicator, to date) and the breakdowns of the key indicators.

    Key indicators: those broken down, outcome-level first, at most BULLETIN_KEY_INDICATORS; each
    breakdown shows its parts (rows) in the last BULLETIN_PERIODS periods with an actual (columns),
    so that the table fits A4 portrait however many periods the program has.
    """
    rows, _periods = program_rows(program)
    breakdowns = program_breakdowns(rows)
    keyed = [r for r in rows if breakdowns.get(r.indicator.pk)]
    keyed.sort(key=lambda r: (not r.indicator.outcome_id, not r.indicator.output_id))
    key_tables = []
    for row in keyed[:BULLETIN_KEY_INDICATORS]:
        for category, options, lines in breakdowns[row.indicator.pk]:
            reported = [line for line in lines if line[3] is not None][-BULLETIN_PERIODS:]
            if not reported:
                continue
            parts = [(name, [line[1][i] for line in reported]) for i, name in enumerate(options)]
            key_tables.append(
                {
                    "indicator": row.indicator,
                    "category": category,
                    "periods": [line[0] for line in reported],
                    "parts": parts,
                    "rest": [line[2] for line in reported],
                    "totals": [line[3] for line in reported],
                }
            )
    return {"results_rows": rows, "results_breakdowns": key_tables}
