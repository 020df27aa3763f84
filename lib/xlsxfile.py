"""Writing XLSX files with openpyxl: workbooks to bytes, and user text into cells safely.

Every workbook the project writes (the yearly report, programme and value sheets) goes through
``workbook_bytes``; text a user typed goes through ``write_text`` (never a formula, no control
characters XML cannot hold, within Excel's cell limit).
"""

import io
import zipfile
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import ExcelWriter

from lib.cells import neutralise_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit for one cell; longer texts (remarks pasted whole) are cut with a mark.
XLSX_CELL_MAX = 32_767
# A fixed timestamp inside the package, so the same data always gives the same bytes.
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def workbook_bytes(workbook: Workbook, *, reproducible: bool = False) -> bytes:
    """The workbook as XLSX bytes. ``reproducible`` fixes every timestamp inside the package, so
    equal data gives equal bytes (stored reports, the render command)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save_workbook would stamp the current time.
        ExcelWriter(workbook, archive).save()
    if not reproducible:
        return raw.getvalue()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()


def write_text(cell, text) -> None:
    """A user's text as an inert string cell: never a formula (``=…``, ``+…``, ``-…``, ``@…``
    are kept literally as text), without the control characters XML cannot hold, and within
    Excel's cell limit."""
    if not text:
        cell.value = None
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))
    if len(text) > XLSX_CELL_MAX:
        text = text[: XLSX_CELL_MAX - 1] + "…"
    cell.value = text
    cell.data_type = "s"


def print_landscape(sheet) -> None:
    """Print the sheet on A4 in landscape, as wide as the page and as long as it needs."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_cell(sheet, row: int, column: int, value):
    """Write a value; text starting with = + - @ (a formula to a spreadsheet) is neutralised
    with an apostrophe, which our own readers take off again."""
    cell = sheet.cell(row, column)
    cell.value = neutralise_cell(value) if isinstance(value, str) else value
    return cell


def table_bytes(title: str, header: list[str], rows) -> bytes:
    """One sheet named ``title``: a header row, then ``rows`` (lists of cells) — text as inert
    text, numbers as numbers, dates shown as DD.MM.YYYY; the header frozen. Reproducible bytes
    (the open-data files are kept per data version)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet's name
    for column, label in enumerate(header, start=1):
        write_text(sheet.cell(1, column), str(label))
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                write_text(sheet.cell(row_number, column), value)
            else:
                cell = write_cell(sheet, row_number, column, value)
                if isinstance(value, date):
                    cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook, reproducible=True)
