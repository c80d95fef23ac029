"""Writing report tables to CSV (streamed), Excel (openpyxl write-only, via a temp file) and PDF (WeasyPrint)."""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.encoding import force_str
from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
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


def _xlsx_row(sheet, row, font=None):
    """Typed cells with number formats. openpyxl turns text starting with '=' into a formula: keep it text."""
    cells = []
    for value in row:
        value = _cell(value)
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        number_format = _number_format(value)
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells


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
    if isinstance(rows, (list, tuple)):
        for row in rows[:SAMPLE_ROWS]:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _shown_width(value) + 2)
    return [min(MAX_WIDTH, max(MIN_WIDTH, w)) for w in widths]


def period_text(period):
    """ "Q1 2027 (1 Januari 2027 – 31 Maret 2027)": the period a file covers, for its title row."""
    dates = f"{date_format(period.start, 'j F Y')} – {date_format(period.end, 'j F Y')}"
    label = force_str(getattr(period, "label", "") or "")
    return f"{label} ({dates})" if label else dates


def csv_response(table, filename):
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_xlsx(tables, target, progress=None, expected_rows=0, heading=""):
    """Write tables as sheets of a write-only workbook to `target` (path or file). Returns rows written.

    Each sheet: a title row (the table's caption, or its title and `heading`: program and period), a
    bold frozen header row with an autofilter, column widths, and typed number/date cells.
    """
    workbook = Workbook(write_only=True)
    written = 0
    for table in tables:
        sheet = workbook.create_sheet(title=force_str(table.title)[:31].replace("/", "-"))
        headers = [force_str(h) for h in table.headers]
        caption = getattr(table, "caption", None) or [
            " · ".join(part for part in (force_str(table.title), force_str(heading)) if part)
        ]
        for i, width in enumerate(_column_widths(headers, table.rows), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header_row = 2
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.append(_xlsx_row(sheet, caption, font=TITLE_FONT))
        sheet.append(_xlsx_row(sheet, headers, font=BOLD))
        count = 0
        for row in table.rows:
            sheet.append(_xlsx_row(sheet, row))
            count += 1
            written += 1
            if progress and expected_rows and written % 5000 == 0:
                progress(min(99, int(100 * written / expected_rows)))
        last = get_column_letter(max(1, len(headers)))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    workbook.save(target)
    return written


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
