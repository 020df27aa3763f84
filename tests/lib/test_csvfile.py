"""The shared CSV writer: Polish Excel conventions and no formula injection."""

from decimal import Decimal

import pytest

from lib.cells import neutralise_cell
from lib.csvfile import csv_bytes
from lib.exporters import TableExporter, download


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+48 85 123", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")'],
)
def test_text_that_looks_like_a_formula_gets_an_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Zadanie A.1", "", "1 380 000,00", "a=b", "ż-ółć"])
def test_ordinary_text_is_unchanged(value):
    assert neutralise_cell(value) == value


def test_numbers_are_not_neutralised_and_none_is_empty():
    assert neutralise_cell(-5) == -5
    assert neutralise_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert neutralise_cell(None) == ""


def test_csv_is_utf8_with_bom_semicolon_separated_and_quoted_where_needed():
    data = csv_bytes(["Kto", "Uwagi"], [["Łukasz", 'tekst; z "cudzysłowem"'], ["=2+2", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines() == [
        "Kto;Uwagi",
        'Łukasz;"tekst; z ""cudzysłowem"""',
        "'=2+2;",
    ]


class OneRow(TableExporter):
    def filename(self):
        return "plik.csv"

    def header(self):
        return ["a"]

    def rows(self):
        return [["b"]]


def test_a_table_exporter_gives_a_named_csv_download():
    response = download(OneRow().render())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="plik.csv"'
