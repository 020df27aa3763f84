"""Per-organisation value sheets: one organisation's indicators of a programme for a reporting
year, to fill offline and upload.

The sheet is protected: codes, names, targets and previous years are locked, the cells to fill
are not. Value cells carry data validation (whole or decimal numbers; a yes/no list for "no
data"). Hidden columns hold each indicator's id, the version of its value when the sheet was
made (for optimistic locking: a value changed by someone else meanwhile is reported, not
overwritten) and a digest of the row as written, so rows nobody touched are not sent. A very
hidden sheet holds the template version and, signed, the programme, year and organisation.

An indicator with named parts ("9 osób / 5 rodzin") has its parts in its one value cell, in
order, separated by "/" ("9 / 5"); the unit column names the parts ("osób / rodzin"). The
services split that text as they do the API's.

Reading gives ``indicators.inputs.ValueInput`` objects; ``spreadsheets.services`` hands them to
``values_save`` / ``values_submit``, the web form's services.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts import roles
from indicators import access, selectors
from indicators.formatting import format_target, format_value
from indicators.inputs import ValueInput
from indicators.models import IndicatorValue, ValueKind
from indicators.selectors import PREVIOUS_YEARS, assigned_indicators
from lib.xlsxfile import workbook_bytes, write_cell
from programs.models import Organisation, ReportingYear
from spreadsheets.diagnosis_sheet import (
    DiagnosisSheetRow,
    read_diagnosis_sheet,
    write_diagnosis_sheet,
)
from spreadsheets.files import (
    Problems,
    SpreadsheetError,
    canonical_value,
    cell_text,
    read_meta,
    refuse_merged_cells,
    value_text,
    write_meta,
)
from spreadsheets.programme_sheets import NO, YES

FORMAT = "monitoring-value-sheet"
VERSION = "1"
SIGNING_SALT = "spreadsheets.value-sheet"
SHEET_VALUES = pgettext_lazy("spreadsheet", "Values")
HEADER_ROW = 6
SUBMIT_CELL = "C4"
State = IndicatorValue.State
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
UNLOCKED = Protection(locked=False)

# Keys of the columns after the previous years; the labels follow in ``_headers``.
INPUT_COLUMNS = ["value", "no_data", "no_data_reason", "remarks", "achieved_result",
                 "deviation_assessment", "change_reason", "confirmed"]
HIDDEN_COLUMNS = ["id", "version", "digest"]


def _language():
    return translation.override(settings.LANGUAGE_CODE)


def _label(text: str) -> str:
    # Column headers are the file format: their own context (see programme_sheets.file_label).
    return pgettext("spreadsheet", text)


def _headers(year: int) -> list[tuple[str, str]]:
    """(key, label) of every column, in order; previous years are keyed ``prev<year>``."""
    columns = [("code", _label("Code")), ("indicator", _label("Indicator")),
               ("unit", _label("Unit")), ("target", _label("Target"))]
    columns += [(f"prev{y}", str(y)) for y in range(year - PREVIOUS_YEARS, year)]
    columns += [
        ("value", _label("Value %(year)d") % {"year": year}),
        ("no_data", _label("No data (yes/no)")),
        ("no_data_reason", _label("Reason for no data")),
        ("remarks", _label("Remarks")),
        ("achieved_result", _label("Achieved result")),
        ("deviation_assessment", _label("Assessment of the deviation and corrective plan")),
        ("change_reason", _label("Reason for a change (after submission)")),
        ("confirmed", _label("The value is correct (yes)")),
        ("state", _label("State")),
        ("review_comment", _label("Coordinator's comment")),
        ("id", "ID"),
        ("version", _label("Version")),
        ("digest", _label("Checksum")),
    ]
    return columns


def _plain(number: Decimal) -> Decimal:
    return Decimal(format(number.normalize(), "f"))


def _digest(value, no_data: bool, reason, remarks, achieved, deviation) -> str:
    parts = [canonical_value(value), "1" if no_data else "", cell_text(reason),
             cell_text(remarks), cell_text(achieved), cell_text(deviation)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _parts_cell(value) -> str:
    """A parted value as its cell holds it: the parts' numbers, "9 / 5" (decimal comma)."""
    return " / ".join(format(_plain(number), "f").replace(".", ",")
                      for _part, number in value.part_values)


def _previous_cell(value):
    if value is None:
        return None
    if value.no_data:
        return _("no data")
    if value.number is not None and value.part_values:
        return format_value(value)
    if value.number is not None:
        return _plain(value.number)
    return value.text


def _stored_value_cell(value):
    if value is None or value.no_data:
        return None
    if value.number is not None and value.part_values:
        return _parts_cell(value)
    if value.number is not None:
        return _plain(value.number)
    return value.text


def _validation(kind: str) -> DataValidation:
    if kind == ValueKind.INTEGER:
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        validation.error = _("Enter a whole number (without decimals), 0 or more.")
    elif kind == ValueKind.AMOUNT:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        validation.error = _("Enter an amount, 0 or more.")
    else:
        validation = DataValidation(type="decimal", operator="between",
                                    formula1="-999999999999999", formula2="999999999999999")
        validation.error = _("Enter a number.")
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorTitle = _("Wrong value")
    return validation


def sheet_filename(reporting_year: ReportingYear, organisation: Organisation) -> str:
    name = organisation.short_name or f"org{organisation.pk}"
    safe = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
    return f"wartosci-{reporting_year.programme.slug}-{reporting_year.year}-{safe}.xlsx"


def value_sheet(*, user, reporting_year: ReportingYear, organisation: Organisation) -> bytes:
    """The organisation's indicators of the year as a protected XLSX to fill offline."""
    with _language():
        year = reporting_year.year
        programme = reporting_year.programme
        groups = selectors.entry_groups(reporting_year, organisation=organisation)
        columns = _headers(year)
        position = {key: index for index, (key, _text) in enumerate(columns, start=1)}

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(SHEET_VALUES)
        write_cell(sheet, 1, 1, _("Values for %(year)d: %(organisation)s") % {
            "year": year, "organisation": organisation.name}).font = Font(bold=True, size=13)
        write_cell(sheet, 2, 1, programme.title)
        write_cell(sheet, 3, 1, _(
            "Fill the white cells only: numbers as usual (1 380 000,00 or 22,36), or “yes” in "
            "“No data” with the reason. Then upload the file on the data-entry page; you will "
            "see the changes before they are saved."))
        write_cell(sheet, 4, 2, _("Submit the values for review after saving? (yes/no)")).font = \
            Font(bold=True)
        submit = sheet[SUBMIT_CELL]
        submit.value = NO()
        submit.protection = UNLOCKED
        submit.fill = INPUT_FILL
        yes_no = DataValidation(type="list", formula1=f'"{YES()},{NO()}"', allow_blank=True)
        yes_no.error = _("Choose yes or no.")
        yes_no.showErrorMessage = True
        sheet.add_data_validation(yes_no)
        yes_no.add(SUBMIT_CELL)

        for key, label in columns:
            cell = write_cell(sheet, HEADER_ROW, position[key], label)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = {"code": 9, "indicator": 55, "unit": 12, "target": 22, "value": 16,
                  "no_data": 10, "no_data_reason": 24, "remarks": 30, "achieved_result": 26,
                  "deviation_assessment": 30, "change_reason": 24, "confirmed": 12,
                  "state": 14, "review_comment": 26}
        for key, index in position.items():
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = widths.get(key, 12)
            if key in HIDDEN_COLUMNS:
                sheet.column_dimensions[letter].hidden = True
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, position["value"])

        validations = {kind: _validation(kind) for kind in (ValueKind.INTEGER, ValueKind.AMOUNT,
                                                              ValueKind.DECIMAL)}
        for validation in validations.values():
            sheet.add_data_validation(validation)
        row = HEADER_ROW
        states = {value: str(label) for value, label in State.choices}
        for group in groups:
            for entry in group.rows:
                row += 1
                indicator, value = entry.indicator, entry.value
                write_cell(sheet, row, position["code"], group.objective.shown_code)
                # A measure shared with other programmes is one value for all of them.
                write_cell(sheet, row, position["indicator"], indicator.name + (
                    "\n" + _("One value, also used by: %(names)s")
                    % {"names": ", ".join(entry.shared_names)} if entry.shared_names else ""))
                unit = indicator.get_unit_display() if indicator.unit else ""
                if indicator.has_parts:
                    unit = " / ".join(part.label or "–" for part in indicator.part_list)
                write_cell(sheet, row, position["unit"], unit)
                write_cell(sheet, row, position["target"], format_target(indicator))
                for previous_year, previous in entry.previous:
                    write_cell(sheet, row, position[f"prev{previous_year}"],
                               _previous_cell(previous))
                content = {
                    "value": _stored_value_cell(value),
                    "no_data": YES() if value and value.no_data else None,
                    "no_data_reason": value.no_data_reason if value else None,
                    "remarks": value.remarks if value else None,
                    "achieved_result": value.achieved_result if value else None,
                    "deviation_assessment": value.deviation_assessment if value else None,
                }
                for key, cell_value in content.items():
                    write_cell(sheet, row, position[key], cell_value or None)
                write_cell(sheet, row, position["state"],
                           states[value.state] if value else _("not entered"))
                write_cell(sheet, row, position["review_comment"],
                           value.review_comment if value and value.state == State.RETURNED
                           else None)
                write_cell(sheet, row, position["id"], indicator.pk)
                write_cell(sheet, row, position["version"], value.version if value else 0)
                write_cell(sheet, row, position["digest"], _digest(
                    content["value"], bool(value and value.no_data), content["no_data_reason"],
                    content["remarks"], content["achieved_result"],
                    content["deviation_assessment"]))
                # The entry page's rule for which rows take input: it decides which cells
                # are unlocked; the services check every rule again on upload.
                editable = access.can_change_value(user, reporting_year, value,
                                                   entry.locked_elsewhere)
                for key, _text in columns:
                    cell = sheet.cell(row, position[key])
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    if editable and key in INPUT_COLUMNS:
                        cell.protection = UNLOCKED
                    else:
                        cell.fill = LOCKED_FILL
                if editable:
                    value_cell = sheet.cell(row, position["value"]).coordinate
                    if indicator.has_parts:
                        pass  # "9 / 5": text, checked by the services on upload
                    elif indicator.value_kind in validations:
                        validations[indicator.value_kind].add(value_cell)
                    elif indicator.is_numeric:
                        validations[ValueKind.DECIMAL].add(value_cell)
                    for key in ("no_data", "confirmed"):
                        yes_no.add(sheet.cell(row, position[key]).coordinate)
        for validation in validations.values():
            if not validation.sqref:
                sheet.data_validations.dataValidation.remove(validation)
        sheet.protection.sheet = True
        sheet.protection.formatColumns = True
        sheet.protection.insertRows = True
        sheet.protection.deleteRows = True
        sheet.protection.sort = True

        # The organisation's diagnosis rows monitored yearly, on a sheet of their own.
        write_diagnosis_sheet(workbook, user=user, reporting_year=reporting_year,
                              organisation=organisation)
        token = signing.dumps({"s": programme.slug, "y": year, "o": organisation.pk,
                               "v": VERSION}, salt=SIGNING_SALT)
        write_meta(workbook, {"format": FORMAT, "version": VERSION, "programme": programme.slug,
                              "year": str(year), "organisation": str(organisation.pk),
                              "token": token})
        return workbook_bytes(workbook)


# --- reading ------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One changed row of an uploaded sheet, with what it held at download time."""

    number: int
    indicator_id: int
    code: str
    name: str
    value_input: ValueInput


@dataclass
class ParsedValueSheet:
    organisation: Organisation
    rows: list[SheetRow] = field(default_factory=list)
    untouched: int = 0
    submit: bool = False
    # The changed rows of the "Dane diagnozy" sheet (``spreadsheets.diagnosis_sheet``).
    diagnosis: list[DiagnosisSheetRow] = field(default_factory=list)

    @property
    def inputs(self) -> list[ValueInput]:
        return [row.value_input for row in self.rows]


def _identify(workbook, user, reporting_year: ReportingYear) -> Organisation:
    meta = read_meta(workbook)
    if meta.get("format") != FORMAT:
        if meta.get("format"):
            raise SpreadsheetError(_("This is not a value sheet (it is the programme set-up "
                                     "template or another file). Download the value sheet from "
                                     "the data-entry page."))
        raise SpreadsheetError(_("This file was not made from a value sheet of this application. "
                                 "Download the value sheet from the data-entry page and fill it "
                                 "in."))
    if meta.get("version") != VERSION:
        raise SpreadsheetError(_("This value sheet was made from an outdated template. Download "
                                 "a new sheet and copy your values into it."))
    try:
        token = signing.loads(meta.get("token", ""), salt=SIGNING_SALT)
    except signing.BadSignature:
        raise SpreadsheetError(_("The sheet's hidden identification was changed. Download a new "
                                 "sheet and copy your values into it.")) from None
    if token.get("s") != reporting_year.programme.slug or token.get("y") != reporting_year.year:
        raise SpreadsheetError(
            _("This sheet is for another programme or year (%(programme)s, %(year)s). Upload it "
              "on the data-entry page of that year.")
            % {"programme": token.get("s"), "year": token.get("y")}
        )
    organisation = Organisation.objects.filter(pk=token.get("o")).first()
    if organisation is None:
        raise SpreadsheetError(_("The organisation of this sheet no longer exists."))
    if not roles.is_coordinator(user) and user.organisation_id != organisation.pk:
        raise SpreadsheetError(
            _("This sheet holds the values of another organisation (%(organisation)s). You may "
              "upload only your own organisation's values.") % {"organisation": organisation}
        )
    return organisation


def _yes_no(raw, where: str, label: str, problems: Problems) -> bool:
    text = cell_text(raw).casefold()
    if text in ("", NO().casefold(), "no", "0", "false"):
        return False
    if text in (YES().casefold(), "yes", "1", "true", "x"):
        return True
    problems.add(_("%(where)s, %(column)s: write “yes” or “no”, not “%(raw)s”.")
                 % {"where": where, "column": label, "raw": cell_text(raw)})
    return False


def read_value_sheet(workbook, *, user, reporting_year: ReportingYear) -> ParsedValueSheet:
    """The changed rows of an uploaded value sheet as ``ValueInput`` objects. Refuses (with
    every problem at once) a file that is not this year's sheet of an organisation the user may
    act for, with changed columns, merged cells, repeated or foreign indicators."""
    with _language():
        organisation = _identify(workbook, user, reporting_year)
        if str(SHEET_VALUES) not in workbook.sheetnames:
            raise SpreadsheetError(_("The sheet “%(sheet)s” is missing.")
                                   % {"sheet": SHEET_VALUES})
        sheet = workbook[str(SHEET_VALUES)]
        refuse_merged_cells(sheet)
        columns = _headers(reporting_year.year)
        expected = [label for _key, label in columns]
        header = [cell_text(cell) for cell in next(sheet.iter_rows(
            min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())]
        while header and not header[-1]:
            header.pop()
        if header != expected:
            missing = [label for label in expected if label not in header]
            extra = [label for label in header if label not in expected]
            details = []
            if missing:
                details.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
            if extra:
                details.append(_("not in the template: %(columns)s")
                               % {"columns": ", ".join(label or "?" for label in extra)})
            if not details:
                details.append(_("the columns are in another order"))
            raise SpreadsheetError(_("The columns of the sheet were changed (%(details)s). "
                                     "Download a new sheet and copy your values into it.")
                                   % {"details": "; ".join(details)})
        index = {key: i for i, (key, _text) in enumerate(columns)}
        labels = dict(columns)
        # The task's number as the sheet printed it (``Objective.shown_code``).
        assigned = {pk: label or code for pk, label, code in assigned_indicators(
            reporting_year.programme, organisation).values_list(
                "pk", "objective__label", "objective__code")}
        problems = Problems()
        parsed = ParsedValueSheet(organisation=organisation)
        parsed.submit = _yes_no(sheet[SUBMIT_CELL].value, SUBMIT_CELL, _("submit"), problems)
        seen: dict[int, int] = {}
        for number, cells in enumerate(sheet.iter_rows(min_row=HEADER_ROW + 1,
                                                       max_col=len(columns), values_only=True),
                                       start=HEADER_ROW + 1):
            if not any(cell_text(cell) for cell in cells):
                continue
            cells = list(cells) + [None] * (len(columns) - len(cells))
            where = _("row %(row)d") % {"row": number}
            raw_id = cell_text(cells[index["id"]])
            raw_version = cell_text(cells[index["version"]])
            if not raw_id.isdigit() or not raw_version.isdigit():
                problems.add(_("%(where)s: the row is not from the downloaded sheet (its hidden "
                               "identification is missing). Do not add rows; download a new "
                               "sheet.") % {"where": where})
                continue
            indicator_id = int(raw_id)
            if indicator_id in seen:
                problems.add(_("%(where)s: the indicator is already in row %(first)d; each "
                               "indicator may appear once.")
                             % {"where": where, "first": seen[indicator_id]})
                continue
            seen[indicator_id] = number
            if indicator_id not in assigned:
                problems.add(_("%(where)s: this indicator is not reported by %(organisation)s in "
                               "this programme; values for another organisation's indicators are "
                               "not accepted.") % {"where": where, "organisation": organisation})
                continue
            raw = {key: cells[index[key]] for key in INPUT_COLUMNS}
            no_data = _yes_no(raw["no_data"], where, labels["no_data"], problems)
            digest = _digest(raw["value"], no_data, raw["no_data_reason"], raw["remarks"],
                             raw["achieved_result"], raw["deviation_assessment"])
            if digest == cell_text(cells[index["digest"]]):
                parsed.untouched += 1
                continue
            value_input = ValueInput(
                indicator_id=indicator_id,
                value=value_text(raw["value"], f"{where}, {labels['value']}", problems),
                no_data=no_data,
                no_data_reason=cell_text(raw["no_data_reason"]),
                remarks=cell_text(raw["remarks"]),
                achieved_result=cell_text(raw["achieved_result"]),
                deviation_assessment=cell_text(raw["deviation_assessment"]),
                version=int(raw_version),
                confirmed=_yes_no(raw["confirmed"], where, labels["confirmed"], problems),
                change_reason=cell_text(raw["change_reason"]),
            )
            parsed.rows.append(SheetRow(number, indicator_id, assigned[indicator_id],
                                        cell_text(cells[index["indicator"]]), value_input))
        parsed.diagnosis = read_diagnosis_sheet(workbook, reporting_year=reporting_year,
                                                organisation=organisation, problems=problems)
        problems.raise_if_any()
        return parsed


def field_label(field_name: str, year: int) -> str:
    """The sheet's column for a field the services report an error on."""
    with _language():
        if re.fullmatch(r"part\d+", field_name):  # a part's number: in the value cell
            field_name = "value"
        return dict(_headers(year)).get(field_name, "")
