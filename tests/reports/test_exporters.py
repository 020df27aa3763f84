import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.builder import MONITORING, TABLE, build_report
from reports.exporters import ReportPDFExporter, ReportXLSXExporter, excel_number_format
from tests.reports.builders import build_report_programme

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_build_report_reads_the_programme_in_six_queries(published, django_assert_num_queries):
    """The goal tree in five, the judging of every indicator in one (whatever the size)."""
    programme, reporting_year = published
    with django_assert_num_queries(6):
        report = build_report(programme, reporting_year)
    assert report.layout == TABLE
    assert [section.code for section in report.sections] == ["A", "B"]


def test_table_columns_follow_the_data_not_the_name(published):
    programme, reporting_year = published
    keys = [column.key for column in build_report(programme, reporting_year).columns]
    assert keys == ["code", "task", "implementers", "funding", "indicator", "value",
                    "monitoring", "remarks"]

    richer, richer_year = build_report_programme(slug="nowy-szablon", goals="C",
                                                 with_coordinator=True, with_targets=True,
                                                 deviation=True)
    keys = [c.key for c in build_report(richer, richer_year, TABLE).columns]
    assert keys == ["code", "task", "coordinator", "implementers", "funding", "indicator",
                    "value", "target", "status", "monitoring", "achieved", "deviation",
                    "remarks"]


def test_default_layout_is_monitoring_for_direction_programmes_over_several_years(db):
    programme, reporting_year = build_report_programme(slug="kierunki", goals="A",
                                                       with_targets=True)
    programme.objectives.all()  # directions on half of the targeted indicators, two years
    report = build_report(programme, reporting_year)
    assert report.layout == MONITORING
    assert report.years == [2019, 2020]
    assert sum(report.summary.values()) == report.indicator_count
    assert build_report(programme, reporting_year, TABLE).layout == TABLE


def test_pdf_is_landscape_tagged_titled_and_numbered(published):
    programme, reporting_year = published
    report = build_report(programme, reporting_year)
    filename, content_type, content = ReportPDFExporter(report).render()
    assert (filename, content_type) == ("raport-raport-opublikowany-2020.pdf", "application/pdf")
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    assert reader.metadata.title.startswith("Raport z wykonania zadań")
    pages = pdf_text(content)
    assert f"strona 2 z {len(pages)}" in pages[1]
    assert "akceptuję" in pages[0] and "PROJEKT" not in "".join(pages)
    assert all(page.strip() for page in pages), "no empty pages"
    text = "\n".join(pages)
    assert "ZASTĘPCA DYREKTORA" in text and "mgr Jolanta Perkowska" in text
    assert "9 353,2 tys. zł *" in text.replace("\xa0", " ")
    assert "brak danych" in text


def test_draft_pdf_carries_the_draft_mark_on_every_page(draft):
    programme, reporting_year = draft
    report = build_report(programme, reporting_year)
    assert report.is_draft
    pages = pdf_text(ReportPDFExporter(report).render()[2])
    assert len(pages) > 2
    assert all("PROJEKT" in page for page in pages)
    assert "akceptuję" not in pages[0]


def test_xlsx_keeps_numbers_as_numbers_with_merges_and_frozen_header(published):
    programme, reporting_year = published
    filename, _type, content = ReportXLSXExporter(build_report(programme, reporting_year)).render()
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert "Raport z wykonania" in sheet.oddHeader.center.text
    header = [cell.value for cell in sheet[2]]
    assert header[:2] == ["L.p.", "Zadania realizacyjne (działania)"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    amount = next(c for c in sheet["F"] if c.value == Decimal("1332190.00") or
                  c.value == 1332190)
    assert amount.number_format == '#,##0.00" zł"'
    assert isinstance(cells[9353.2].value, float | Decimal)
    assert cells[9353.2].number_format == '#,##0.0" tys. zł *"'
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A3"].value.startswith("Cel strategiczny A")
    assert {"A3:H3", "A4:H4"} <= merged  # the goal and the priority across the width
    assert "A5:A10" in merged  # the task code spans its six indicators


def test_xlsx_bytes_are_the_same_for_the_same_data(published):
    programme, reporting_year = published
    report = build_report(programme, reporting_year)
    assert ReportXLSXExporter(report).render()[2] == ReportXLSXExporter(report).render()[2]


def test_excel_number_format_writes_units_decimals_and_marks():
    assert excel_number_format("persons", "integer", Decimal("27993"), "") == "#,##0"
    assert excel_number_format("percent", "percent", Decimal("0.006"), "") == '#,##0.000" %"'
    assert excel_number_format("", "integer", Decimal(288), "*") == '#,##0" *"'


def test_monitoring_pdf_has_summary_and_every_year(db):
    programme, reporting_year = build_report_programme(slug="monitoring", goals="A",
                                                       with_targets=True)
    report = build_report(programme, reporting_year, MONITORING)
    text = "\n".join(pdf_text(ReportPDFExporter(report).render()[2]))
    assert "Podsumowanie: wskaźniki w 2020 r." in text
    assert "osiągnięty" in text and "2019" in text


def test_report_is_always_in_polish(published):
    programme, reporting_year = published
    with translation.override("en"):
        report = build_report(programme, reporting_year)
    assert report.columns[0].label == "L.p."
    assert report.title.startswith("Raport z wykonania")
