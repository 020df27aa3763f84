import io

import pytest
from openpyxl import load_workbook

from lib.xlsxfile import workbook_bytes, write_cell
from spreadsheets.value_sheets import HEADER_ROW, SUBMIT_CELL, _headers, value_sheet
from tests.indicators.conftest import YEAR, setup  # noqa: F401 - the data-entry programme


def fill_sheet(content: bytes, values: dict, *, submit: bool = False, edit=None) -> bytes:
    """A downloaded value sheet with ``values`` ({indicator id: {column key: cell}}) typed in."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    columns = {key: index for index, (key, _label) in enumerate(_headers(YEAR), start=1)}
    rows = {sheet.cell(row, columns["id"]).value: row
            for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    for indicator_id, cells in values.items():
        for key, value in cells.items():
            write_cell(sheet, rows[indicator_id], columns[key], value)
    if submit:
        sheet[SUBMIT_CELL] = "tak"
    if edit:
        edit(workbook, sheet, columns, rows)
    return workbook_bytes(workbook)


@pytest.fixture
def sheet_for():
    def make(user, entry_setup, organisation):
        return value_sheet(user=user, reporting_year=entry_setup.reporting_year,
                           organisation=organisation)
    return make
