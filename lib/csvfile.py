"""CSV for Polish spreadsheets, safe to open: every CSV download of the project is written here.

- UTF-8 with a byte-order mark, so Excel recognises the encoding (Polish letters);
- semicolons between cells, as Excel expects in the Polish locale (where the comma is the
  decimal separator);
- text cells that a spreadsheet would read as a formula are neutralised
  (``lib.cells.neutralise_cell``).
"""

import csv
import io
from collections.abc import Iterable

from lib.cells import neutralise_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """The whole CSV file (header row, then rows) as UTF-8 with BOM, semicolon-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")

