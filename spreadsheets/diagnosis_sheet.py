"""The value sheet's "Dane diagnozy" sheet: the organisation's diagnosis rows monitored yearly,
one value each for the year (``indicators.diagnosis.monitored_rows_for``: rows of other
organisations and rows not monitored are never in it).

Written beside the "Wartości" sheet by ``value_sheets.value_sheet`` when the organisation
reports such rows; read back by ``value_sheets.read_value_sheet``, which hands the changed rows
to ``indicators.services.diagnosis.diagnosis_values_save`` (through ``spreadsheets.services``)
— the entry page's service, so the rules are the same. Like the values sheet it is protected
(only the value cells are open, and only while the year takes the user's changes), and hidden
columns hold each row's id and a digest of its value as written, so untouched rows are not
sent. A sheet without it (made before the organisation had such rows) reads as no change.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.diagnosis import MonitoredRow, entered_text, monitored_rows_for
from indicators.diagnosis_access import diagnosis_change_refusal
from indicators.models import ValueKind
from lib.xlsxfile import write_cell
from programs.models import Organisation, ReportingYear
from spreadsheets.files import (
    Problems,
    SpreadsheetError,
    canonical_value,
    cell_text,
    refuse_merged_cells,
    value_text,
)

SHEET_DIAGNOSIS = pgettext_lazy("spreadsheet", "Diagnosis data")
HEADER_ROW = 3
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
UNLOCKED = Protection(locked=False)
HIDDEN_COLUMNS = ("id", "digest")


def _headers(year: int) -> list[tuple[str, str]]:
    label = lambda text: pgettext("spreadsheet", text)  # noqa: E731 - the file format's labels
    return [
        ("table", label("Table")),
        ("row", label("Row")),
        ("unit", label("Unit")),
        ("previous", label("Latest earlier value")),
        ("value", label("Value %(year)d") % {"year": year}),
        ("id", "ID"),
        ("digest", label("Checksum")),
    ]


def _plain(number: Decimal) -> Decimal:
    return Decimal(format(number.normalize(), "f"))


def _stored_cell(item: MonitoredRow):
    value = item.value
    if value is None:
        return None
    return _plain(value.number) if value.number is not None else value.text


def _digest(raw) -> str:
    return hashlib.sha256(canonical_value(raw).encode()).hexdigest()[:24]


def write_diagnosis_sheet(workbook, *, user, reporting_year: ReportingYear,
                          organisation: Organisation) -> None:
    """Add the "Dane diagnozy" sheet when the organisation reports monitored rows."""
    rows = monitored_rows_for(reporting_year, organisation)
    if not rows:
        return
    year = reporting_year.year
    editable = diagnosis_change_refusal(user, reporting_year) is None
    columns = _headers(year)
    position = {key: index for index, (key, _label) in enumerate(columns, start=1)}
    sheet = workbook.create_sheet(str(SHEET_DIAGNOSIS))
    write_cell(sheet, 1, 1, _("Diagnosis data for %(year)d: %(organisation)s") % {
        "year": year, "organisation": organisation.name}).font = Font(bold=True, size=13)
    write_cell(sheet, 2, 1, _("Statistics of the programme's diagnosis asked from your "
                              "organisation each year: fill the white cells with the value for "
                              "%(year)d, numbers as usual (1 380 000,00).") % {"year": year})
    for key, label in columns:
        cell = write_cell(sheet, HEADER_ROW, position[key], label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"table": 40, "row": 50, "unit": 12, "previous": 18, "value": 16}
    for key, index in position.items():
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(key, 12)
        sheet.column_dimensions[letter].hidden = key in HIDDEN_COLUMNS
    numbers = DataValidation(type="decimal", operator="between", formula1="-999999999999999",
                             formula2="999999999999999", allow_blank=True)
    numbers.error = _("Enter a number.")
    numbers.errorTitle = _("Wrong value")
    numbers.showErrorMessage = True
    sheet.add_data_validation(numbers)
    for number, item in enumerate(rows, start=HEADER_ROW + 1):
        stored = _stored_cell(item)
        previous = (f"{item.previous_text} ({item.previous_year})" if item.previous_year
                    else None)
        content = {"table": item.table_caption, "row": item.row.label, "unit": item.unit_label,
                   "previous": previous, "value": stored, "id": item.row.pk,
                   "digest": _digest(stored)}
        for key, cell_value in content.items():
            cell = write_cell(sheet, number, position[key], cell_value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if editable and key == "value":
                cell.protection = UNLOCKED
            else:
                cell.fill = LOCKED_FILL
        if editable and item.row.value_kind != ValueKind.TEXT:
            numbers.add(sheet.cell(number, position["value"]).coordinate)
    if not numbers.sqref:
        sheet.data_validations.dataValidation.remove(numbers)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, position["value"])
    sheet.protection.sheet = True
    sheet.protection.formatColumns = True


@dataclass
class DiagnosisSheetRow:
    """One changed row of the uploaded "Dane diagnozy" sheet."""

    number: int
    row_id: int
    table: str
    label: str
    typed: str
    before: str  # the stored value as the entry page shows it ("" for none)


def read_diagnosis_sheet(workbook, *, reporting_year: ReportingYear,
                         organisation: Organisation, problems: Problems
                         ) -> list[DiagnosisSheetRow]:
    """The changed rows of the "Dane diagnozy" sheet (none without the sheet); problems of the
    file (changed columns, rows not in the downloaded sheet, another organisation's rows) go
    to ``problems``, so the user sees them with the values sheet's."""
    name = str(SHEET_DIAGNOSIS)
    if name not in workbook.sheetnames:
        return []
    sheet = workbook[name]
    refuse_merged_cells(sheet)
    columns = _headers(reporting_year.year)
    expected = [label for _key, label in columns]
    header = [cell_text(cell) for cell in next(sheet.iter_rows(
        min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())]
    while header and not header[-1]:
        header.pop()
    if header != expected:
        raise SpreadsheetError(_("The columns of the sheet “%(sheet)s” were changed. Download a "
                                 "new sheet and copy your values into it.") % {"sheet": name})
    index = {key: i for i, (key, _label) in enumerate(columns)}
    asked = {item.row.pk: item for item in monitored_rows_for(reporting_year, organisation)}
    seen: set[int] = set()
    changed = []
    for number, cells in enumerate(sheet.iter_rows(min_row=HEADER_ROW + 1,
                                                   max_col=len(columns), values_only=True),
                                   start=HEADER_ROW + 1):
        if not any(cell_text(cell) for cell in cells):
            continue
        cells = list(cells) + [None] * (len(columns) - len(cells))
        where = _("sheet “%(sheet)s”, row %(row)d") % {"sheet": name, "row": number}
        raw_id = cell_text(cells[index["id"]])
        if not raw_id.isdigit() or int(raw_id) in seen:
            problems.add(_("%(where)s: the row is not from the downloaded sheet (its hidden "
                           "identification is missing or repeated). Do not add rows; download "
                           "a new sheet.") % {"where": where})
            continue
        row_id = int(raw_id)
        seen.add(row_id)
        if row_id not in asked:
            problems.add(_("%(where)s: this diagnosis row is not asked from %(organisation)s; "
                           "values of other organisations' rows are not accepted.")
                         % {"where": where, "organisation": organisation})
            continue
        raw = cells[index["value"]]
        if _digest(raw) == cell_text(cells[index["digest"]]):
            continue
        item = asked[row_id]
        changed.append(DiagnosisSheetRow(number, row_id, item.table_caption, item.row.label,
                                         value_text(raw, where, problems),
                                         entered_text(item.row, item.value)))
    return changed
