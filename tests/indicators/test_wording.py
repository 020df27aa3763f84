"""Messages and labels as a Polish official would write them."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.inputs import ReviewDecision, ValueInput
from indicators.models import Indicator, IndicatorValue, Unit
from indicators.services.review import values_review
from indicators.services.values import more_than_times, values_save

from .conftest import YEAR
from .test_services import submit_all, value_of


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


def test_typo_guard_says_how_many_times_in_words(setup, data_entry):
    result = values_save(user=data_entry, reporting_year=setup.reporting_year,
                         inputs=[ValueInput(setup.count.pk, "1200")])
    message = " ".join(str(m) for m in result.errors[setup.count.pk].values())
    assert "różni się od wartości z 2020 r." in message
    assert "ponad trzykrotnie" in message
    assert "×" not in message and "więcej niż" not in message


@pytest.mark.parametrize(("factor", "words"), [
    ("2", "ponad dwukrotnie"), ("3", "ponad trzykrotnie"), ("2.5", "ponad 2,5-krotnie")])
def test_more_than_times(factor, words):
    assert more_than_times(Decimal(factor)) == words


def test_history_does_not_give_the_state_as_the_reason(setup, data_entry, coordinator):
    submit_all(setup, data_entry)
    value = value_of(setup.count)
    assert value.history.first().history_change_reason in (None, "")
    values_review(user=coordinator, reporting_year=setup.reporting_year,
                  decisions=[ReviewDecision(value.pk, "return", "Sprawdź liczbę osób")])
    assert value.history.first().history_change_reason == "Sprawdź liczbę osób"
    reasons = {r.history_change_reason for r in value.history.all()}
    assert not reasons & {"przekazana", "zwrócona", "zaakceptowana", "przekazano"}


def test_unit_is_not_printed_twice(setup):
    assert setup.count.unit_in_name == "osoby"
    named = Indicator(name="Liczba osób objętych usługami (osoby)", unit=Unit.PERSONS)
    assert named.unit_in_name == ""


def test_value_state_draft_is_projekt_and_the_year_is_masculine(setup):
    assert str(IndicatorValue.State.SUBMITTED.label) == "przekazana"
    assert YEAR == setup.reporting_year.year
