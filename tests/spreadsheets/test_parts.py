"""Indicators with named parts in the spreadsheets: declared in the programme template
("Części wskaźnika", "Suma części", "Część z celem"), past values "9 / 5", the export's round
trip, and the value sheet's one cell per value."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import Indicator, IndicatorValue, Unit
from spreadsheets import services
from spreadsheets.files import SpreadsheetError
from spreadsheets.programme_sheets import programme_workbook
from spreadsheets.value_sheets import _headers

from .builders import programme_file
from .conftest import YEAR, fill_sheet

pytestmark = pytest.mark.django_db

HEADERS = ("Wartość 2019", "Wartość 2020")


def parted_rows():
    return [
        {"level": 1, "code": "1", "title": "Cel pierwszy"},
        {"level": 2, "code": "1.1", "title": "Zadanie 1.1"},
        {"indicator": "Liczba osób/rodzin objętych pomocą", "unit": "rodziny",
         "parts": "osób (osoby); rodzin (rodziny)", "target_part": "rodzin",
         "direction": "wzrost", "reporting_organisation": "MOPR",
         "Wartość 2019": "1 209 / 7", "Wartość 2020": "Brak danych"},
        {"indicator": "Liczba placówek wsparcia dziennego",
         "parts": "placówek; w tym nowoutworzone", "reporting_organisation": "MOPR",
         "Wartość 2019": "12 / 3"},
        {"indicator": "Liczba uczestników", "unit": "osoby",
         "parts": "kobiet; mężczyzn", "parts_summed": "tak", "reporting_organisation": "MOPR",
         "Wartość 2019": "9; 5"},
    ]


def test_template_documents_the_parts_columns():
    sheet = load_workbook(io.BytesIO(programme_workbook()))["Struktura"]
    header = [cell.value for cell in sheet[1]]
    assert {"Części wskaźnika", "Suma części", "Część z celem"} <= set(header)


def test_parts_are_declared_in_the_template_and_past_values_read_as_parts():
    content = programme_file(rows=parted_rows(), extra_headers=HEADERS)
    programme, _stats, _preview = services.programme_import(content=content,
                                                            filename="czesci.xlsx")
    people, places, sexes = Indicator.objects.filter(
        objective__programme=programme).order_by("position")
    assert people.parts == [{"label": "osób", "unit": Unit.PERSONS, "within": False},
                            {"label": "rodzin", "unit": Unit.FAMILIES, "within": False}]
    assert people.target_part == 2 and not people.parts_summed
    assert places.parts[1] == {"label": "nowoutworzone", "unit": "", "within": True}
    assert sexes.parts_summed
    value = people.values.get(year=2019)
    assert value.part_numbers == ["1209", "7"] and value.number == 7
    assert people.values.get(year=2020).no_data
    assert places.values.get(year=2019).number == 12
    assert sexes.values.get(year=2019).number == 14

    # The export writes them back the same way, and importing it again changes nothing.
    exported = programme_workbook(programme)
    sheet = load_workbook(io.BytesIO(exported))["Struktura"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[header.index("Wskaźnik")] == people.name)
    assert row[header.index("Części wskaźnika")] == "osób (osoby); rodzin (rodziny)"
    assert row[header.index("Część z celem")] == 2
    assert row[header.index("Wartość 2019")] == "1209 / 7"
    _programme, stats, _preview = services.programme_import(content=exported,
                                                            filename="eksport.xlsx")
    assert stats.created == 0 and stats.updated == 0
    assert IndicatorValue.objects.get(indicator=people, year=2019).part_numbers == ["1209", "7"]


@pytest.mark.parametrize(("cells", "message"), [
    ({"parts": "osób"}, "co najmniej dwie"),
    ({"parts": "osób; rodzin", "target_part": "dzieci"}, "nie jest żadną z części"),
    ({"parts_summed": "tak"}, "sumować można tylko wskaźnik z częściami"),
    ({"parts": "osób; rodzin", "Wartość 2019": "9"}, "dla każdej z 2 części"),
    ({"parts": "osób; rodzin", "Wartość 2019": "9 / 1,5"}, "bez części dziesiętnej"),
])
def test_wrong_parts_are_refused_with_the_row_named(cells, message):
    rows = [{"level": 1, "code": "1", "title": "Cel"},
            {"indicator": "Liczba", "reporting_organisation": "MOPR", **cells}]
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=programme_file(rows=rows, extra_headers=HEADERS[:1]))
    text = " ".join(error.value.messages)
    assert message in text and "wiersz 3" in text


def test_value_sheet_holds_the_parts_in_one_cell_and_reads_them_back(
        client, setup, data_entry, sheet_for):
    indicator = setup.count
    indicator.parts = [{"label": "osób", "unit": Unit.PERSONS, "within": False},
                       {"label": "rodzin", "unit": Unit.FAMILIES, "within": False}]
    indicator.save()
    downloaded = sheet_for(data_entry, setup, data_entry.organisation)
    sheet = load_workbook(io.BytesIO(downloaded)).worksheets[0]
    columns = {key: index for index, (key, _label) in enumerate(_headers(YEAR), start=1)}
    row = next(r for r in range(7, sheet.max_row + 1)
               if sheet.cell(r, columns["id"]).value == indicator.pk)
    assert sheet.cell(row, columns["unit"]).value == "osób / rodzin"
    content = fill_sheet(downloaded, {indicator.pk: {"value": "130 / 40"}})
    client.force_login(data_entry)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = client.post(reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR]),
                           {"file": SimpleUploadedFile("w.xlsx", content)})
    assert client.post(response["Location"]).status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, year=YEAR)
    assert value.part_numbers == ["130", "40"] and value.number == Decimal(130)
    # The next download writes them back as they were typed.
    again = load_workbook(io.BytesIO(sheet_for(data_entry, setup, data_entry.organisation)))
    assert again.worksheets[0].cell(row, columns["value"]).value == "130 / 40"
