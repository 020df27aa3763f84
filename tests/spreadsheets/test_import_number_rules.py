"""The programme import applies exactly the data-entry rules to past values (issue 18, row 7):
what the entry form would refuse is refused, with a Polish message per cell, and nothing is
stored — never kept as the text of a numeric indicator."""

import pytest

from indicators.models import IndicatorValue
from programs.models import Programme
from spreadsheets import services
from spreadsheets.files import SpreadsheetError

from .builders import SIMPLE_HEADERS, programme_file, simple_rows

pytestmark = pytest.mark.django_db


def with_value(index: int, value) -> bytes:
    rows = simple_rows()
    rows[index]["Wartość 2019"] = value
    return programme_file(rows=rows, extra_headers=SIMPLE_HEADERS)


COUNT, AMOUNT = 2, 3  # rows of simple_rows(): a whole-number count of persons, an amount in zł


@pytest.mark.parametrize("index, value, message", [
    (COUNT, "-5", "nie może być ujemna"),
    (COUNT, -5, "nie może być ujemna"),
    (COUNT, "12,5", "liczbę całkowitą"),
    (AMOUNT, "abc", "Wpisz liczbę"),
    (AMOUNT, "NaN", "Wpisz liczbę"),
    (AMOUNT, "Infinity", "Wpisz liczbę"),
    (AMOUNT, "1e9999", "Wpisz liczbę"),
    (AMOUNT, "0x1F", "Wpisz liczbę"),
    (AMOUNT, "١٢٣", "cyfr 0–9"),
    (AMOUNT, "1_000", "cyfr 0–9"),
])
def test_a_past_value_entry_would_refuse_is_refused_per_cell(index, value, message):
    before = IndicatorValue.objects.count()
    with pytest.raises(SpreadsheetError) as raised:
        services.programme_import(content=with_value(index, value))
    text = " ".join(raised.value.messages)
    assert message in text, text
    assert "wartość 2019" in text and f"„{value}”" in text
    assert IndicatorValue.objects.count() == before
    assert not Programme.objects.filter(slug="program-testowy-arkusz").exists()


def test_every_bad_cell_is_named_at_once():
    rows = simple_rows()
    rows[COUNT]["Wartość 2019"] = "-5"
    rows[AMOUNT]["Wartość 2019"] = "abc"
    with pytest.raises(SpreadsheetError) as raised:
        services.programme_preview(content=programme_file(rows=rows,
                                                          extra_headers=SIMPLE_HEADERS))
    assert len([m for m in raised.value.messages if "wartość 2019" in m]) == 2


def test_good_past_values_still_import():
    _programme, _stats, preview = services.programme_import(
        content=with_value(AMOUNT, "1 380,50"))
    amount = preview.data["objectives"][0]["children"][0]["indicators"][1]
    assert amount["values"]["2019"]["number"] == "1380.5"
