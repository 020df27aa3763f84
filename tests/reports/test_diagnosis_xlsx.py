"""The report's diagnosis in XLSX: a "Diagnoza" sheet with every table (caption, rows × years,
units, source, footnotes) when the programme prints its diagnosis, with the values entered up
to the report's year."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.builder import build_report
from reports.exporters import ReportXLSXExporter
from tests.diagnosis_builders import OPEN_YEAR, PUBLISHED_YEAR, build_diagnosis, enter


@pytest.fixture
def setup(db, organisation, other_organisation):
    return build_diagnosis(organisation, other_organisation)


def workbook_for(setup, reporting_year):
    _name, _type, content = ReportXLSXExporter(
        build_report(setup.programme, reporting_year)).render()
    return load_workbook(io.BytesIO(content))


def test_diagnosis_sheet_has_every_table_with_units_source_and_footnotes(setup):
    enter(setup.ours, PUBLISHED_YEAR, Decimal(8000))
    enter(setup.ours, OPEN_YEAR, Decimal(8100))  # after the report's year: not in it
    workbook = workbook_for(setup, setup.published_year)
    assert "Diagnoza" in workbook.sheetnames
    rows = list(workbook["Diagnoza"].iter_rows(values_only=True))
    texts = [row[0] for row in rows if row[0]]
    assert "Tabela Nr 1. Osoby korzystające z pomocy społecznej" in texts
    assert "Tabela Nr 2. Wydatki" in texts
    assert "Źródło: Dane ośrodka" in texts
    assert "* dane szacunkowe" in texts
    header = next(row for row in rows if row[0] == "Wiersz")
    assert list(header[:5]) == ["Wiersz", "Jednostka", "2019", "2020", "2021"]
    ours = next(row for row in rows if row[0] == setup.ours.label)
    assert ours[1] == "osoby"
    assert list(ours[2:5]) == [7689, 7500, 8000]
    assert 2022 not in [cell for row in rows for cell in row]
    sheet = workbook["Diagnoza"]
    ours_row = next(index for index, row in enumerate(rows, start=1) if row[0] == setup.ours.label)
    assert sheet.cell(ours_row, 3).number_format.endswith('" *"')  # the footnote mark
    amount = next(row for row in rows if row[0] == setup.ours_amount.label)
    assert amount[1] == "zł" and amount[2] == Decimal("1380000.5")  # table 2 has 2020 only


def test_no_diagnosis_sheet_when_the_report_does_not_print_it(setup):
    setup.programme.diagnosis_in_report = False
    setup.programme.save()
    assert "Diagnoza" not in workbook_for(setup, setup.published_year).sheetnames
