"""Indicators with named parts in every output: the report (HTML, PDF, XLSX), the programme
and public pages, the API and the open data — on the fictional demo programme, whose families
and children, persons "w tym" children, and women and men summed are published for 2022."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from demo.programmes import load_fictional_programme
from indicators.models import Indicator
from programs.models import Programme
from reports.builder import TABLE, build_report
from reports.exporters import ReportPDFExporter, ReportXLSXExporter
from tests.reports.test_exporters import pdf_text

pytestmark = pytest.mark.django_db
SLUG = "program-demonstracyjny"
FAMILIES = "Liczba rodzin objętych asystenturą"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture
def fictional(settings):
    settings.DEBUG = True
    load_fictional_programme()
    programme = Programme.objects.get(slug=SLUG)
    return programme, programme.reporting_years.get(year=2022)


def test_the_report_prints_parts_as_the_document_writes_them(fictional, client):
    programme, reporting_year = fictional
    report = build_report(programme, reporting_year, TABLE)
    lines = {line.name: line for section in report.sections for block in section.items
             if hasattr(block, "lines") for line in block.lines}
    assert plain(lines[FAMILIES].value_text) == "149 rodzin / 318 dzieci"
    assert plain(lines["Liczba osób, którym udzielono schronienia w hostelu interwencyjnym"]
                 .value_text) == "71 osób, w tym 22 dzieci"
    assert plain(lines["Liczba uczestników klubów seniora"].value_text) == \
        "520, w tym 331 kobiet i 189 mężczyzn"
    page = plain(client.get(reverse("reports_programme:html",
                                    kwargs={"slug": SLUG, "year": 2022})).text)
    assert "149 rodzin / 318 dzieci" in page
    text = plain(" ".join(pdf_text(ReportPDFExporter(report).render()[2])))
    assert "149 rodzin / 318 dzieci" in " ".join(text.split())


def test_the_report_xlsx_prints_the_parts_and_lists_their_numbers(fictional):
    programme, reporting_year = fictional
    content = ReportXLSXExporter(build_report(programme, reporting_year, TABLE)).render()[2]
    workbook = load_workbook(io.BytesIO(content))
    texts = [plain(str(cell.value)) for row in workbook.worksheets[0].iter_rows()
             for cell in row if cell.value is not None]
    assert "149 rodzin / 318 dzieci" in texts
    parts = workbook["Części wskaźników"]
    assert [cell.value for cell in parts[1]] == ["L.p.", "Wskaźnik", "Rok", "Część", "Jednostka",
                                                 "Wartość"]
    rows = [tuple(cell.value for cell in row) for row in parts.iter_rows(min_row=2)]
    assert (FAMILIES, 2022, "rodzin", "rodziny", 149) in [row[1:] for row in rows]
    assert (FAMILIES, 2022, "dzieci", "osoby", 318) in [row[1:] for row in rows]
    assert {row[2] for row in rows} == {2022}  # the table layout: the report's year only


def test_a_report_without_parts_has_no_parts_sheet(published):
    programme, reporting_year = published
    content = ReportXLSXExporter(build_report(programme, reporting_year)).render()[2]
    assert load_workbook(io.BytesIO(content)).sheetnames == ["2020"]


def test_programme_and_public_pages_print_the_parts(fictional, client, coordinator):
    programme, _year = fictional
    client.force_login(coordinator)
    page = plain(client.get(reverse("programme_detail", kwargs={"slug": SLUG})).text)
    assert "149 rodzin / 318 dzieci" in page
    client.logout()
    indicator = Indicator.objects.get(objective__programme=programme, name=FAMILIES)
    page = plain(client.get(reverse("public_indicator",
                                    kwargs={"slug": SLUG, "pk": indicator.pk})).text)
    assert "149 rodzin / 318 dzieci" in page


def test_the_api_gives_the_parts_of_indicators_and_values(fictional, client):
    programme, _year = fictional
    indicator = Indicator.objects.get(objective__programme=programme, name=FAMILIES)
    data = client.get(f"/api/v1/indicators/{indicator.pk}/").json()
    assert data["parts"] == [
        {"position": 1, "label": "rodzin", "unit": "families", "within": False},
        {"position": 2, "label": "dzieci", "unit": "persons", "within": False}]
    assert data["target_part"] == 1 and data["parts_summed"] is False
    values = client.get("/api/v1/values/", {"indicator": indicator.pk, "year": 2022}).json()
    value = values["results"][0]
    assert value["number"] == "149.0000" or value["number"].startswith("149")
    assert value["parts"] == [{"label": "rodzin", "unit": "families", "number": "149"},
                              {"label": "dzieci", "unit": "persons", "number": "318"}]


def test_the_open_data_have_columns_per_part(fictional, client):
    csv_text = client.get(reverse("open_data_csv", kwargs={"slug": SLUG})).content.decode(
        "utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    header = rows[0]
    assert header[-6:] == ["część 1", "część 1 – jednostka", "część 1 – wartość",
                           "część 2", "część 2 – jednostka", "część 2 – wartość"]
    row = next(r for r in rows if r[5] == FAMILIES and r[8] == "2022")
    assert row[-6:] == ["rodzin", "rodziny", "149", "dzieci", "osoby", "318"]
    data = json.loads(client.get(reverse("open_data_json", kwargs={"slug": SLUG})).content)
    value = next(v for v in data["values"] if v["indicator"] == FAMILIES and v["year"] == 2022)
    assert set(value) == set(data["columns"])
    assert (value["part_1"], value["part_1_value"], value["part_2_value"]) == \
        ("rodzin", "149", "318")
    xlsx = load_workbook(io.BytesIO(client.get(reverse("open_data_xlsx",
                                                       kwargs={"slug": SLUG})).content))
    sheet = xlsx.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert "część 2 – wartość" in header
