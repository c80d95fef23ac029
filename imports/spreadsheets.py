"""The downloadable templates: the headers in the user's language and one example row, which
starts with "#" so that importing the template unchanged imports nothing."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from imports.importers import IMPORTERS
from imports.parsing import COMMENT, DATE_HELP

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_rows(kind, language, program):
    importer = IMPORTERS[kind]
    headers = [c.label(language) for c in importer.columns]
    examples = [list(map(str, row)) for row in importer.example(program)]
    for row in examples:
        row[0] = f"{COMMENT} {row[0]}"
    return headers, examples


def build_template(kind, fmt, language, program=None):
    """(content bytes, file name, content type)."""
    headers, examples = template_rows(kind, language, program)
    name = f"template-{kind}-{language}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(examples)
        return ("\ufeff" + out.getvalue()).encode("utf-8"), name, "text/csv; charset=utf-8"
    book = Workbook()
    sheet = book.active
    sheet.title = kind[:30]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in examples:
        sheet.append(row)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 22
    notes = book.create_sheet("info")
    notes.append([str(DATE_HELP)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), name, XLSX
