"""The yearly report's "Diagnoza" sheet (XLSX): each diagnosis table the report prints
(``Report.diagnosis``) with its caption, rows × years, units, source and footnotes — the
PDF's diagnosis section as a spreadsheet, numbers kept numbers with their unit and footnote
mark in the number format (``reports.exporters.excel_number_format``)."""

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from indicators.diagnosis import DiagnosisTableData
from lib.xlsxfile import print_landscape, write_text

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
CAPTION_FILL = PatternFill("solid", fgColor="EDEDED")


def write_diagnosis_sheet(workbook, tables: list[DiagnosisTableData], number_format) -> None:
    """Add the "Diagnoza" sheet (when there are tables). ``number_format(unit, value_kind,
    number, mark)`` gives a cell's number format."""
    if not tables:
        return
    sheet = workbook.create_sheet(_("Diagnosis"))
    write_text(sheet.cell(1, 1), _("Diagnosis"))
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    widest = max(len(table.years) for table in tables)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 14
    for offset in range(widest):
        sheet.column_dimensions[get_column_letter(3 + offset)].width = 14
    row = 3
    for table in tables:
        width = len(table.years) + 2
        write_text(sheet.cell(row, 1), table.caption)
        sheet.cell(row, 1).font = Font(bold=True, size=12)
        sheet.cell(row, 1).fill = CAPTION_FILL
        sheet.cell(row, 1).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        for column, label in enumerate([_("Row"), _("Unit"), *map(str, table.years)], start=1):
            cell = sheet.cell(row, column, label)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        row += 1
        for line in table.lines:
            write_text(sheet.cell(row, 1), line.label)
            write_text(sheet.cell(row, 2), line.unit)
            for index, text in enumerate(line.cells):
                cell = sheet.cell(row, 3 + index)
                number = line.numbers[index] if index < len(line.numbers) else None
                if number is not None:
                    cell.value = number
                    cell.number_format = number_format(line.unit_code, line.value_kind, number,
                                                       line.marks[index])
                else:
                    write_text(cell, text)
            for column in range(1, width + 1):
                sheet.cell(row, column).border = BORDER
                sheet.cell(row, column).alignment = WRAP
            row += 1
        for text in (f"{_('Source')}: {table.source}" if table.source else "", table.footnotes):
            if text:
                write_text(sheet.cell(row, 1), text)
                sheet.cell(row, 1).alignment = WRAP
                sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
                row += 1
        row += 1
    print_landscape(sheet)
