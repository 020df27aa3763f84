"""CSV for Polish spreadsheets, safe to open: reusable by every CSV download of the project.

- UTF-8 with a byte-order mark, so Excel recognises the encoding (Polish letters);
- semicolons between cells, as Excel expects in the Polish locale (where the comma is the
  decimal separator);
- text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) get an apostrophe in front, so a value typed by a user
  cannot run as a formula on the coordinator's computer (CSV/formula injection).
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """The cell as written to the file: text starting like a formula is prefixed with ``'``.

    Numbers are left alone (a negative number is not a formula); ``None`` becomes empty.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """The whole CSV file (header row, then rows) as UTF-8 with BOM, semicolon-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of ``csv_bytes(header, rows)`` named ``filename``."""
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
