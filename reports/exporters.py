"""Exporters of the yearly report, in the project's one shape (``lib.exporters.Exporter``):
``identifier``, ``verbose_name`` and ``render() -> (filename, content_type, bytes)``, made with
the ``Report`` they lay out.

Every format lays out the same ``reports.builder.Report``. ``report_tables`` turns it into rows of
cells (with row and column spans) once; the HTML/PDF template and the XLSX writer both print those
rows, so the PDF and the spreadsheet cannot drift apart. ``TabularXLSXExporter`` is the one base
that writes any such table to XLSX; ``ReportPDFExporter`` renders the HTML template through
WeasyPrint (``lib.pdf.html_to_pdf``).
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from indicators.models import UNIT_SUFFIX, Unit, ValueKind
from lib.exporters import Exporter
from lib.pdf import PDF_CONTENT_TYPE, html_to_pdf
from lib.xlsxfile import XLSX_CONTENT_TYPE, print_landscape, workbook_bytes, write_text
from programs.identity import current_identity
from reports.builder import (
    MONITORING,
    TASK_COLUMN_ATTRIBUTES,
    HeadingRow,
    IndicatorLine,
    Report,
    TaskBlock,
)
from reports.diagnosis_sheet import write_diagnosis_sheet


@dataclass
class Cell:
    text: str = ""
    number: Decimal | None = None
    number_format: str = ""
    rowspan: int = 1
    colspan: int = 1
    css: str = ""


# A row with more text than this may be split across pages (it could not fit on one anyway).
LONG_ROW_CHARS = 700


@dataclass
class RowGroup:
    """The rows of one task, led by the heading rows just above it: printed together where they
    fit on a page (``long`` groups hold a row longer than a page and may be split)."""

    kind: str
    rows: list[list[Cell]] = field(default_factory=list)
    # What the PDF prints atop a page where this task goes on from the page before: the bands
    # above it and its number and title, "(cd.)".
    continued: str = ""

    @property
    def long(self) -> bool:
        return any(is_long_row(row) for row in self.rows)


def is_long_row(row: list[Cell]) -> bool:
    return sum(len(cell.text) for cell in row) > LONG_ROW_CHARS


@dataclass
class SectionTable:
    caption: str
    groups: list[RowGroup]


def excel_number_format(line_unit: str, value_kind: str, number: Decimal, mark: str) -> str:
    """A number format that prints the number the Polish documents' way with its unit and
    footnote mark, keeping the cell a number (Excel shows its locale's separators)."""
    if value_kind == ValueKind.AMOUNT and line_unit == Unit.PLN:
        pattern = "#,##0.00"
    else:
        exponent = number.normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = " ".join(part for part in (UNIT_SUFFIX.get(line_unit, ""), mark) if part)
    return f'{pattern}" {suffix}"' if suffix else pattern


def _value_cell(line: IndicatorLine, text: str, number: Decimal | None, mark: str) -> Cell:
    if number is None:
        return Cell(text, css="value text" if len(text) > 40 else "value")
    return Cell(text, number, excel_number_format(line.unit, line.value_kind, number, mark),
                css="value num")


def _task_rows(report: Report, block: TaskBlock) -> list[list[Cell]]:
    keys = report.column_keys
    span = len(block.lines)
    # A task with several numbered results: each indicator's line names the one it measures
    # (the task's own result, if any, stands on its first line).
    results_per_line = any(line.expected_result for line in block.lines)
    rows = []
    for index, line in enumerate(block.lines):
        row: list[Cell] = []
        if index == 0:
            row.append(Cell(block.code, rowspan=span, css="code"))
            row.append(Cell(block.title, rowspan=span, css="task"))
        for column in report.columns:
            if column.key not in TASK_COLUMN_ATTRIBUTES:
                continue
            if column.key == "expected_result" and results_per_line:
                text = "\n".join(part for part in (
                    block.expected_result if index == 0 else "", line.expected_result) if part)
                row.append(Cell(text))
            elif index == 0:
                text = getattr(block, TASK_COLUMN_ATTRIBUTES[column.key])
                if isinstance(text, list):
                    text = ", ".join(text)
                row.append(Cell(text, rowspan=span))
        row.append(Cell(line.name, css="indicator"))
        if report.layout == MONITORING:
            for text, number in zip(line.year_texts, line.year_numbers, strict=True):
                row.append(_value_cell(line, text, number, ""))
        else:
            row.append(_value_cell(line, line.value_text, line.number, line.footnote_mark))
        if "target" in keys:
            row.append(Cell(line.target_text))
        if "status" in keys:
            row.append(Cell(f"{line.status_symbol} {line.status_label}",
                            css=f"status status-{line.status}"))
        if "monitoring" in keys:
            row.append(Cell(line.monitoring))
        if "achieved" in keys:
            row.append(Cell(line.achieved_result))
        if "deviation" in keys:
            row.append(Cell(line.deviation_assessment))
        row.append(Cell(line.remarks, css="remarks"))
        rows.append(row)
    return rows


def report_tables(report: Report) -> list[SectionTable]:
    """One table per top-level goal: a caption, heading rows and task row groups."""
    width = len(report.columns)
    tables = []
    for section in report.sections:
        groups = []
        # Heading rows travel with the first task below them, so a priority's row never ends a
        # page alone (one row group per task, kept together where it fits).
        headings: list[list[Cell]] = []
        bands: dict[int, str] = {}  # the heading of each level above the current task
        for item in section.items:
            if isinstance(item, HeadingRow):
                code = f"{item.code}." if item.code else ""
                text = " ".join(part for part in (item.level_name, code, item.title) if part)
                headings.append([Cell(text, colspan=width, css=f"heading level-{item.level}")])
                bands = {level: band for level, band in bands.items() if level < item.level}
                bands[item.level] = text
            else:
                groups.append(RowGroup("task", headings + _task_rows(report, item),
                                       continued=_continued(bands, item)))
                headings = []
        if headings:
            groups.append(RowGroup("task", headings))
        caption = " ".join(part for part in (section.level_name, section.code, section.title)
                           if part)
        tables.append(SectionTable(caption, groups))
    return tables


def _shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _continued(bands: dict[int, str], block: TaskBlock) -> str:
    task = " ".join(part for part in (block.code, _shorten(block.title)) if part)
    parts = [_shorten(bands[level], 70) for level in sorted(bands)]
    return " › ".join([*parts, f"{task} {_('(cont.)')}"])


def column_percentages(report: Report) -> list[tuple[str, str, float]]:
    total = sum(column.width for column in report.columns)
    return [(c.key, c.label, round(100 * c.width / total, 2)) for c in report.columns]


def document_context(report: Report, *, for_pdf: bool) -> dict:
    title_css = report.title.replace("\\", "\\\\").replace('"', '\\"')
    return {
        "report": report,
        "tables": report_tables(report),
        "columns": column_percentages(report),
        "running_title_css": title_css,
        "for_pdf": for_pdf,
        # WeasyPrint resolves URLs against static/; the browser against STATIC_URL.
        "stylesheet": "css/report.css" if for_pdf else static("css/report.css"),
    }


def render_document_html(report: Report, *, for_pdf: bool = False, request=None) -> str:
    """The report as one HTML document: the printable view and the PDF's source.

    With ``request`` (the browser view) the page's own ``<style>`` carries the request's CSP
    nonce; WeasyPrint needs none.
    """
    context = document_context(report, for_pdf=for_pdf)
    with translation.override("pl"):
        return render_to_string("reports/document.html", context, request=request)


class ReportExporter(Exporter):
    """An exporter of one report in one format."""

    extension = ""

    def __init__(self, report: Report):
        self.report = report


class ReportPDFExporter(ReportExporter):
    """The report as a tagged, landscape A4 PDF for the council (WeasyPrint)."""

    identifier = "pdf"
    verbose_name = "PDF"
    extension = "pdf"
    content_type = PDF_CONTENT_TYPE

    def render(self) -> tuple[str, str, bytes]:
        html = render_document_html(self.report, for_pdf=True)
        pdf = html_to_pdf(html, tagged=True)
        return self.report.filename(self.extension), self.content_type, pdf


class TabularXLSXExporter(ReportExporter):
    """Writes tables of ``Cell`` rows to one XLSX sheet: spans become merged cells, numbers stay
    numbers with their number format, the column header is frozen and repeated when printed.

    Subclasses give ``sheet_title``, ``title``, ``header`` (labels and widths in characters) and
    ``blocks()``: (caption, row groups) pairs; ``footer_lines`` are printed below the tables.
    """

    extension = "xlsx"
    content_type = XLSX_CONTENT_TYPE
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    caption_fill = PatternFill("solid", fgColor="EDEDED")

    def write(self, *, sheet_title: str, title: str, header: list[tuple[str, float]],
              lead_lines: list[str], blocks: list[tuple[str, list[RowGroup]]],
              footer_lines: list[str], created: datetime,
              extra_sheets: tuple = ()) -> bytes:
        """``extra_sheets``: (title, header labels, rows of cells) written as plain tables
        after the main sheet (the report's parts of indicators)."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title[:31]
        width = len(header)
        write_text(sheet.cell(1, 1), title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(1, 1).font = Font(bold=True, size=13)
        sheet.cell(1, 1).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[1].height = 36
        header_row = 2
        for line in lead_lines:
            write_text(sheet.cell(header_row, 1), line)
            sheet.merge_cells(start_row=header_row, start_column=1, end_row=header_row,
                              end_column=width)
            header_row += 1
        for column, (label, _width) in enumerate(header, start=1):
            sheet.cell(header_row, column, label)
        for column, (_label, chars) in enumerate(header, start=1):
            cell = sheet.cell(header_row, column)
            cell.font = Font(bold=True)
            cell.fill = self.header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = self.border
            sheet.column_dimensions[get_column_letter(column)].width = chars
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        # Rows are counted here: openpyxl's ``max_row`` scans every cell (quadratic on big sheets).
        row = header_row + 1
        for caption, groups in blocks:
            self._write_caption(sheet, caption, width, row)
            row += 1
            for group in groups:
                self._write_group(sheet, group, row)
                row += len(group.rows)
        for line in footer_lines:
            row += 1
            write_text(sheet.cell(row, 1), line)
            sheet.cell(row, 1).alignment = self.wrap
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        print_landscape(sheet)
        sheet.oddHeader.center.text = title.replace("&", "&&")
        sheet.oddFooter.right.text = _("page &P of &N")
        for extra_title, extra_header, extra_rows in extra_sheets:
            extra = workbook.create_sheet(extra_title[:31])
            for column, label in enumerate(extra_header, start=1):
                cell = extra.cell(1, column, label)
                cell.font = Font(bold=True)
                cell.fill = self.header_fill
                extra.column_dimensions[get_column_letter(column)].width = 50 if column == 2 \
                    else 14
            extra.freeze_panes = "A2"
            for row_number, cells in enumerate(extra_rows, start=2):
                for column, content in enumerate(cells, start=1):
                    if isinstance(content, Decimal | int):
                        extra.cell(row_number, column, content)
                    else:
                        write_text(extra.cell(row_number, column), str(content))
        self.add_sheets(workbook)
        workbook.properties.title = title
        workbook.properties.creator = current_identity().short_name_or_default
        workbook.properties.created = workbook.properties.modified = created
        return workbook_bytes(workbook, reproducible=True)

    def add_sheets(self, workbook: Workbook) -> None:
        """More sheets after the tables' one (none here; the report adds its diagnosis)."""

    def _write_caption(self, sheet, caption: str, width: int, row: int) -> None:
        write_text(sheet.cell(row, 1), caption)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row, 1)
        cell.font = Font(bold=True, size=12)
        cell.fill = self.caption_fill

    def _write_group(self, sheet, group: RowGroup, first_row: int) -> None:
        # Cells covered by a span from a row above: their column positions per row.
        covered: dict[int, set[int]] = {}
        for offset, cells in enumerate(group.rows):
            row = first_row + offset
            column = 1
            for cell_spec in cells:
                while column in covered.get(row, set()):
                    column += 1
                cell = sheet.cell(row, column)
                if cell_spec.number is not None:
                    cell.value = cell_spec.number
                    cell.number_format = cell_spec.number_format
                else:
                    write_text(cell, cell_spec.text)
                cell.alignment = self.wrap
                cell.border = self.border
                if "heading" in cell_spec.css:
                    cell.font = Font(bold=True)
                    cell.fill = self.caption_fill
                if cell_spec.rowspan > 1 or cell_spec.colspan > 1:
                    last_row = row + cell_spec.rowspan - 1
                    last_column = column + cell_spec.colspan - 1
                    _merge(sheet, row, column, last_row, last_column)
                    for r in range(row + 1, last_row + 1):
                        covered.setdefault(r, set()).update(range(column, last_column + 1))
                column += cell_spec.colspan


def _merge(sheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    """Merge without openpyxl's ``merge_cells``, which restyles every covered cell (two thirds
    of the whole export's time); the covered cells stay empty and unstyled."""
    sheet.merged_cells.add(MergedCellRange(sheet, CellRange(
        min_row=first_row, min_col=first_column, max_row=last_row, max_col=last_column).coord))


class ReportXLSXExporter(TabularXLSXExporter):
    """The report as a spreadsheet for reuse: the PDF's structure, numbers as numbers."""

    identifier = "xlsx"
    verbose_name = "XLSX"

    def render(self) -> tuple[str, str, bytes]:
        report = self.report
        with translation.override("pl"):
            content = self.write(
                sheet_title=str(report.year),
                title=(f"{_('DRAFT')} — " if report.is_draft else "") + report.title,
                header=[(c.label, max(8.0, c.width * 1.6)) for c in report.columns],
                lead_lines=self._lead_lines(report),
                blocks=[(table.caption, table.groups) for table in report_tables(report)],
                footer_lines=[line for line in (report.conclusion, self._signature(report))
                              if line],
                created=datetime.fromisoformat(
                    report.accepted_on or report.prepared_on or "2000-01-01"
                ),
                extra_sheets=self._parts_sheet(report),
            )
        return report.filename(self.extension), self.content_type, content

    def add_sheets(self, workbook: Workbook) -> None:
        # The diagnosis tables, where the programme prints them in the report.
        write_diagnosis_sheet(workbook, self.report.diagnosis, excel_number_format)

    @staticmethod
    def _parts_sheet(report: Report) -> tuple:
        """The numbers of the indicators' parts, one row per part and year, as numbers (the
        report's own sheet prints them as the document writes them): only when there are any."""
        rows = [
            [block.code, line.name, year, label, unit, number]
            for section in report.sections for block in section.items
            if isinstance(block, TaskBlock) for line in block.lines
            for year, label, unit, number in line.part_rows if year in report.years
        ]
        if not rows:
            return ()
        header = [_("Code"), _("Indicator"), _("Year"), _("Part"), _("Unit"), _("Value")]
        return ((_("Parts of indicators"), header, rows),)

    @staticmethod
    def _lead_lines(report: Report) -> list[str]:
        if report.layout != MONITORING:
            return []
        counts = ", ".join(f"{label}: {count}" for _s, _sym, label, count in
                           report.summary_items)
        return [_("Indicators in %(year)d — %(counts)s") % {"year": report.year,
                                                             "counts": counts}]

    @staticmethod
    def _signature(report: Report) -> str:
        return "\n".join(part for part in (report.signatory_title, report.signatory_name) if part)


EXPORTERS = {exporter.identifier: exporter for exporter in (ReportPDFExporter,
                                                             ReportXLSXExporter)}
