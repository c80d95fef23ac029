"""Writing report tables to CSV (streamed), Excel (openpyxl write-only, via a temp file) and PDF (WeasyPrint)."""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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


def _xlsx_row(sheet, row):
    """openpyxl turns any text starting with '=' into a formula; keep such text a plain string."""
    cells = []
    for value in row:
        value = _cell(value)
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        cells.append(value)
    return cells


def csv_response(table, filename):
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_xlsx(tables, target, progress=None, expected_rows=0):
    """Write tables as sheets of a write-only workbook to `target` (path or file). Returns rows written."""
    workbook = Workbook(write_only=True)
    written = 0
    for table in tables:
        sheet = workbook.create_sheet(title=force_str(table.title)[:31].replace("/", "-"))
        if getattr(table, "caption", None):
            sheet.append(_xlsx_row(sheet, table.caption))
        sheet.append([force_str(h) for h in table.headers])
        for row in table.rows:
            sheet.append(_xlsx_row(sheet, row))
            written += 1
            if progress and expected_rows and written % 5000 == 0:
                progress(min(99, int(100 * written / expected_rows)))
    workbook.save(target)
    return written


def xlsx_response(tables, filename):
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(tables, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def export_filename(*parts):
    stamp = timezone.localdate().isoformat()
    return "-".join([*(slugify(str(p))[:40] for p in parts if p), stamp])


def render_program_pdf(report, tables, target):
    """The program report as a printable bulletin (A4), written to `target`."""
    from weasyprint import HTML  # here: importing WeasyPrint takes ~1.7 s; only PDF exports pay it

    context = {"report": report, "program": report.program, "period": report.period, "generated": timezone.localtime()}
    html = render_to_string("reports/program_pdf.html", context | bulletin_results(report.program))
    HTML(string=html).write_pdf(target)


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
