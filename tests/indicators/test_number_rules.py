"""The number rules (issue 18, row 6): only the digits people type in Polish documents, and a
range per kind of value (a percentage 0–100 unless the indicator says otherwise) confirmed like
the typo guard."""

from decimal import Decimal

import pytest

from indicators.inputs import ValueInput
from indicators.models import Indicator, IndicatorValue, Unit, ValueKind
from indicators.parsing import ParseError, parse_number
from indicators.services.values import values_save

from .conftest import YEAR


@pytest.mark.parametrize("text", [
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
    "1_000",  # Python's digit grouping
    "12٣",
    "۱۲۳",  # Extended Arabic-Indic
    "१२३",  # Devanagari
    "1 000_5",
    "0x1F",
    "1e9999",
    "NaN",
    "Infinity",
])
def test_digits_of_other_scripts_and_underscores_are_refused(text):
    with pytest.raises(ParseError) as raised:
        parse_number(text, value_kind=ValueKind.DECIMAL)
    assert raised.value.message


@pytest.mark.parametrize("text, number", [
    ("123", "123"), ("1 380 000,00", "1380000"), ("1\u00a0380,5", "1380.5"),
    ("1.380.000,00", "1380000"), ("−5", "-5"), ("-5,25", "-5.25"), ("22,36 %", "22.36"),
])
def test_polish_numbers_still_parse(text, number):
    kind = ValueKind.PERCENT if "%" in text else ValueKind.DECIMAL
    assert parse_number(text, value_kind=kind) == Decimal(number)


@pytest.fixture
def percentage(setup):
    return Indicator.objects.create(objective=setup.count.objective, name="Odsetek rodzin",
                                    unit=Unit.PERCENT, value_kind=ValueKind.PERCENT, position=9,
                                    reporting_organisation=setup.count.reporting_organisation)


def save(user, setup, *inputs):
    return values_save(user=user, reporting_year=setup.reporting_year, inputs=list(inputs))


def stored(indicator):
    return IndicatorValue.objects.filter(indicator=indicator, year=YEAR).first()


def test_the_form_refuses_other_digits_with_a_polish_message(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, "١٢٣"),
                  ValueInput(setup.amount.pk, "１２３"))
    assert not result.ok
    for indicator in (setup.count, setup.amount):
        assert "cyfr 0–9" in result.errors[indicator.pk]["value"][0]
        assert stored(indicator) is None


@pytest.mark.parametrize("text", ["-5", "1 380 000", "100,5"])
def test_a_percentage_outside_0_to_100_needs_confirming(setup, data_entry, percentage, text):
    result = save(data_entry, setup, ValueInput(percentage.pk, text))
    assert percentage.pk in result.needs_confirmation
    message = result.errors[percentage.pk]["value"][0].replace("\xa0", " ")
    assert "poza zakresem oczekiwanym" in message and "od 0 % do 100 %" in message
    assert stored(percentage) is None
    result = save(data_entry, setup, ValueInput(percentage.pk, text, confirmed=True))
    assert result.ok
    assert stored(percentage).number == parse_number(text, value_kind=ValueKind.PERCENT)


@pytest.mark.parametrize("text", ["0", "22,36", "100"])
def test_a_percentage_within_0_to_100_is_saved_at_once(setup, data_entry, percentage, text):
    assert save(data_entry, setup, ValueInput(percentage.pk, text)).ok


def test_an_indicator_may_set_its_own_range(setup, data_entry, percentage):
    percentage.min_value, percentage.max_value = Decimal(-50), Decimal(300)
    percentage.save()
    assert save(data_entry, setup, ValueInput(percentage.pk, "-5")).ok
    result = save(data_entry, setup, ValueInput(percentage.pk, "301", version=1))
    assert "od -50 % do 300 %" in result.errors[percentage.pk]["value"][0].replace("\xa0", " ")
    setup.amount.max_value = Decimal(1000)
    setup.amount.save()
    result = save(data_entry, setup, ValueInput(setup.amount.pk, "1 380"))
    assert "najwyżej 1 000,00 zł" in result.errors[setup.amount.pk]["value"][0].replace("\xa0", " ")
