"""The parsing table of the data-entry issue: what people type in Polish, good and bad."""

from decimal import Decimal

import pytest

from indicators.models import Unit, ValueKind
from indicators.parsing import ParseError, parse_number

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "kind", "unit", "expected"),
    [
        ("1 380 000,00", ValueKind.AMOUNT, Unit.PLN, Decimal("1380000")),
        (f"1{NBSP}380{NBSP}000,00", ValueKind.AMOUNT, Unit.PLN, Decimal("1380000")),
        ("1380000", ValueKind.INTEGER, Unit.PERSONS, Decimal("1380000")),
        ("1.380.000,00", ValueKind.AMOUNT, Unit.PLN, Decimal("1380000")),
        ("22,36", ValueKind.PERCENT, Unit.PERCENT, Decimal("22.36")),
        ("22,36 %", ValueKind.PERCENT, Unit.PERCENT, Decimal("22.36")),
        (f"22,36{NBSP}%", ValueKind.PERCENT, Unit.PERCENT, Decimal("22.36")),
        ("9 353,2", ValueKind.DECIMAL, "", Decimal("9353.2")),
        (f"9{NBSP}353,2", ValueKind.DECIMAL, "", Decimal("9353.2")),
        ("  27 993 ", ValueKind.INTEGER, Unit.PERSONS, Decimal("27993")),
        ("0", ValueKind.INTEGER, Unit.PERSONS, Decimal("0")),
        ("12.5", ValueKind.DECIMAL, "", Decimal("12.5")),
        ("-3,5", ValueKind.DECIMAL, "", Decimal("-3.5")),
    ],
)
def test_accepts_numbers_as_typed_in_polish(text, kind, unit, expected):
    assert parse_number(text, value_kind=kind, unit=unit) == expected


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("abc", ValueKind.INTEGER, Unit.PERSONS),
        ("1,2,3", ValueKind.DECIMAL, ""),
        ("-5", ValueKind.INTEGER, Unit.PERSONS),
        ("-5", ValueKind.DECIMAL, Unit.FAMILIES),
        ("1,5", ValueKind.INTEGER, Unit.PERSONS),
        ("123 456 789 012 345", ValueKind.DECIMAL, ""),
        ("1,00001", ValueKind.DECIMAL, ""),
        ("1 38 000", ValueKind.INTEGER, ""),
        ("1.38.000,00", ValueKind.AMOUNT, Unit.PLN),
        ("1e5", ValueKind.DECIMAL, ""),
        ("NaN", ValueKind.DECIMAL, ""),
        ("1.380", ValueKind.DECIMAL, ""),
        ("22,36 %", ValueKind.INTEGER, Unit.PERSONS),
        ("", ValueKind.INTEGER, ""),
    ],
)
def test_refuses_what_is_not_a_valid_value(text, kind, unit):
    with pytest.raises(ParseError) as error:
        parse_number(text, value_kind=kind, unit=unit)
    assert error.value.message


def test_messages_are_polish(settings):
    from django.utils import translation

    with translation.override("pl"):
        with pytest.raises(ParseError) as error:
            parse_number("1,5", value_kind=ValueKind.INTEGER, unit=Unit.PERSONS)
    assert "liczb" in error.value.message.lower()
