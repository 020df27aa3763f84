"""Build programme set-up files and value sheets for the tests, from the real template."""

import io
import zipfile

from openpyxl import load_workbook

from lib.xlsxfile import workbook_bytes, write_cell
from spreadsheets.programme_sheets import (
    PROGRAMME_FIELDS,
    STRUCTURE_COLUMNS,
    programme_workbook,
)

FIELD_ROWS = {key: row for row, (key, _label, _help) in enumerate(PROGRAMME_FIELDS, start=2)}
COLUMNS = {key: index for index, (key, _label, _help) in enumerate(STRUCTURE_COLUMNS, start=1)}

FOUR_LEVELS = ["Obszar działania", "Cel", "Zadanie", "Sposób realizacji"]


def programme_file(*, programme=None, levels=None, rows=(), organisations=(), extra_headers=(),
                   edit=None) -> bytes:
    """The template filled with ``programme`` (field key → value), ``levels`` (names),
    ``rows`` (column key or extra header → value) and ``organisations`` (rows of cells);
    ``edit(workbook)`` may spoil it further."""
    workbook = load_workbook(io.BytesIO(programme_workbook()))
    sheet = workbook["Program"]
    fields = {"slug": "program-testowy-arkusz", "kind": "program", "title": "Program testowy",
              "first_year": 2021, "last_year": 2024, "coordinator": "MOPR"}
    fields.update(programme or {})
    for key, value in fields.items():
        sheet.cell(FIELD_ROWS[key], 2, value)
    sheet = workbook["Poziomy"]
    for row, name in enumerate(levels if levels is not None else ["Cel", "Zadanie"], start=2):
        sheet.cell(row, 1, row - 1)
        sheet.cell(row, 2, name)
    sheet = workbook["Struktura"]
    headers = {key: column for key, column in COLUMNS.items()}
    next_column = len(COLUMNS) + 1
    for header in extra_headers:
        sheet.cell(1, next_column, header)
        headers[header] = next_column
        next_column += 1
    for row_number, row in enumerate(rows, start=2):
        for key, value in row.items():
            write_cell(sheet, row_number, headers[key], value)
    sheet = workbook["Organizacje"]
    for row_number, cells in enumerate(organisations, start=2):
        for column, value in enumerate(cells, start=1):
            sheet.cell(row_number, column, value)
    if edit:
        edit(workbook)
    return workbook_bytes(workbook)


def simple_rows():
    """Two goals, three tasks, four indicators (one with past values)."""
    return [
        {"level": 1, "code": "1", "title": "Cel pierwszy"},
        {"level": 2, "code": "1.1", "title": "Zadanie 1.1", "implementers": "MOPR; PUP",
         "funding_sources": "Budżet Miasta; PFRON"},
        {"indicator": "Liczba osób objętych wsparciem", "unit": "osoby",
         "value_kind": "liczba całkowita", "direction": "wzrost",
         "reporting_organisation": "MOPR", "Wartość 2019": 120, "Uwagi 2019": "szacunek",
         "Wartość 2020": "Brak danych"},
        {"indicator": "Kwota świadczeń", "unit": "zł", "value_kind": "kwota",
         "target_value": "1 380,50", "reporting_organisation": "PUP"},
        {"level": 1, "code": "2", "title": "Cel drugi"},
        {"level": 2, "code": "2.1", "title": "Zadanie 2.1"},
        {"indicator": "Odsetek rodzin", "unit": "%", "value_kind": "odsetek",
         "direction": "spadek", "less_is_better": "tak", "reporting_organisation": "MOPR",
         "Wartość 2019": 22.36},
        {"level": 2, "code": "2.2", "title": "Zadanie 2.2"},
        {"indicator": "Opis działań", "value_kind": "tekst", "reporting_organisation": "MOPR",
         "Wartość 2019": "- działania opisane"},
    ]


SIMPLE_HEADERS = ("Wartość 2019", "Uwagi 2019", "Wartość 2020")


def xlsx_with_member(content: bytes, name: str, data: bytes) -> bytes:
    """A copy of an XLSX package with one more member."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def edit_xlsx(content: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    return workbook_bytes(workbook)
