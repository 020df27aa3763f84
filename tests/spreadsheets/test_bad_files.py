"""Every bad file gets a clear Polish message and changes nothing: the file checks
(``spreadsheets.files``) and the programme template's own rules."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.utils import get_column_letter

from spreadsheets import services
from spreadsheets.files import SpreadsheetError
from spreadsheets.programme_sheets import programme_workbook

from .builders import (
    COLUMNS,
    SIMPLE_HEADERS,
    edit_xlsx,
    programme_file,
    simple_rows,
    xlsx_with_member,
)
from .test_programme_import import counts

# "Wartość 2019" (the first column after the template's) on the first indicator row.
VALUE_CELL = f"{get_column_letter(len(COLUMNS) + 1)}4"


def good() -> bytes:
    return programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS)


def zip_bomb() -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return raw.getvalue()


def rows_with(**changes):
    """``simple_rows`` with some rows changed: ``{index: {column: value}}`` or appended."""
    rows = simple_rows()
    for index, values in changes.get("change", {}).items():
        rows[index].update(values)
    rows.extend(changes.get("append", []))
    return programme_file(rows=rows, extra_headers=SIMPLE_HEADERS)


def outdated(workbook):
    workbook["_meta"]["B2"] = "0"


def no_meta(workbook):
    del workbook["_meta"]


def missing_column(workbook):
    workbook["Struktura"].delete_cols(COLUMNS["monitoring_method"])  # Sposób monitorowania


def extra_column(workbook):
    workbook["Struktura"].cell(1, 40, "Komentarz")


def merged(workbook):
    workbook["Struktura"].merge_cells("N3:N4")


def formula(workbook):
    workbook["Struktura"][VALUE_CELL] = "=100+20"


@pytest.mark.django_db
def test_a_formula_with_a_stored_value_is_read_as_that_value():
    content = good()
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet_name = "xl/worksheets/sheet5.xml"  # Struktura
    xml = source.read(sheet_name)
    # Turn the stored 120 into a formula with its cached value, as Excel saves it.
    cell = VALUE_CELL.encode()
    stored = re.search(rb'<c r="' + cell + rb'"[^>]*><v>120</v></c>', xml)
    assert stored
    xml = xml.replace(stored.group(0), b'<c r="' + cell + b'"><f>100+20</f><v>120</v></c>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == sheet_name else source.read(info))
    preview = services.programme_preview(content=out.getvalue())
    first = preview.data["objectives"][0]["children"][0]["indicators"][0]
    assert first["values"]["2019"]["number"] == "120"


BAD_FILES = {
    "renamed_pdf": (lambda: b"%PDF-1.7\n1 0 obj << >>\n", "plik PDF"),
    "csv": (lambda: "Kod;Tytuł\n1;Cel\n".encode(), "plik tekstowy"),
    "old_xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "starym formacie"),
    "truncated": (lambda: good()[:3000], "uszkodzony lub niekompletny"),
    "corrupt": (lambda: b"PK\x03\x04" + b"\x13" * 4000, "uszkodzony lub niekompletny"),
    "zip_bomb": (zip_bomb, "po rozpakowaniu"),
    "macro": (lambda: xlsx_with_member(good(), "xl/vbaProject.bin", b"\0" * 100),
              "z makrami"),
    "formula": (lambda: edit_xlsx(good(), formula),
                f"Komórka Struktura!{VALUE_CELL} zawiera formułę bez zapisanej wartości"),
    "value_sheet_not_template": (lambda: edit_xlsx(good(), lambda wb: wb["_meta"].__setitem__(
        "B1", "monitoring-value-sheet")), "To nie jest szablon zakładania programu"),
    "no_template": (lambda: edit_xlsx(good(), no_meta), "nie powstał z szablonu"),
    "outdated": (lambda: edit_xlsx(good(), outdated), "nieaktualnej wersji szablonu"),
    "missing_column": (lambda: edit_xlsx(good(), missing_column),
                       "brak kolumn: Sposób monitorowania"),
    "extra_column": (lambda: edit_xlsx(good(), extra_column), "nieznana kolumna „Komentarz”"),
    "merged": (lambda: edit_xlsx(good(), merged), "scalone komórki"),
    "duplicate_code": (lambda: rows_with(append=[{"level": 2, "code": "1.1", "title": "X"}]),
                       "Kod 1.1 występuje w kilku wierszach"),
    "missing_parent": (lambda: rows_with(append=[{"level": 3, "code": "9.9.1", "title": "X"}]),
                       "kod nadrzędny 9.9 nie istnieje"),
    "cycle": (lambda: rows_with(append=[
        {"level": 2, "code": "X.1", "parent_code": "X.2", "title": "X1"},
        {"level": 2, "code": "X.2", "parent_code": "X.1", "title": "X2"}]), "tworzą cykl"),
    "wrong_level": (lambda: rows_with(change={1: {"level": 3}}), "z miejsca w drzewie"),
    "unknown_unit": (lambda: rows_with(change={2: {"unit": "sztuki"}}),
                     "nieznana wartość (jednostka) „sztuki”"),
    "unknown_direction": (lambda: rows_with(change={2: {"direction": "w górę"}}),
                          "nieznana wartość (kierunek) „w górę”"),
    "bad_number": (lambda: rows_with(change={3: {"target_value": "dużo"}}), "Wartość docelowa"),
    "indicator_without_node": (lambda: programme_file(rows=[{"indicator": "Sam wskaźnik"}]),
                               "nad wskaźnikiem nie ma wiersza"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_with_a_polish_message_and_changes_nothing(name):
    make, message = BAD_FILES[name]
    before = counts()
    with pytest.raises(SpreadsheetError) as error:
        services.programme_import(content=make(), filename="plik.xlsx")
    assert any(message in text for text in error.value.messages), error.value.messages
    assert counts() == before


@pytest.mark.django_db
def test_a_file_named_xlsm_is_refused():
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=good(), filename="program.xlsm")
    assert "z makrami" in error.value.messages[0]


@pytest.mark.django_db
def test_an_empty_or_too_large_upload_is_refused_next_to_the_field(client, coordinator,
                                                                    settings):
    settings.MAX_UPLOAD_SIZE = 1000
    client.force_login(coordinator)
    url = reverse("spreadsheets:programme_import")
    response = client.post(url, {"file": SimpleUploadedFile("program.xlsx", good())})
    assert response.status_code == 400
    assert "Plik jest za duży" in response.text and 'aria-invalid="true"' in response.text
    before = counts()
    settings.MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    response = client.post(url, {"file": SimpleUploadedFile("program.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 400 and "plik PDF" in response.text
    assert counts() == before


@pytest.mark.django_db
def test_the_error_list_names_every_problem_at_once():
    content = rows_with(change={2: {"unit": "sztuki"}, 6: {"direction": "w górę"}})
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=content)
    assert len(error.value.messages) == 2


@pytest.mark.django_db
def test_the_empty_template_is_refused_as_a_programme_without_fields():
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=programme_workbook())
    assert any("Identyfikator: to pole jest wymagane" in text for text in error.value.messages)
