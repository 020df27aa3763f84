"""A small programme of our own for data-entry tests: one task, indicators of two
organisations, three accepted previous years and an open reporting year."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind
from programs.models import Objective, Programme, ReportingYear

YEAR = 2021


@dataclass
class EntrySetup:
    programme: Programme
    reporting_year: ReportingYear
    count: Indicator  # whole number, increase
    amount: Indicator  # PLN, numeric target 1000
    text: Indicator  # text
    other: Indicator  # reported by the other organisation


def make_programme(organisation, *, slug="program-wpisu", indicators=0, **fields):
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program wpisu", short_name="Wpis", slug=slug,
        first_year=2018, last_year=2024, status=Programme.Status.ADOPTED,
        level_names=["Cel", "Zadanie"], **fields,
    )
    goal = Objective.objects.create(programme=programme, code="A", title="Cel A")
    task = Objective.objects.create(programme=programme, parent=goal, code="A.1",
                                    title="Zadanie A.1")
    extra = Indicator.objects.bulk_create(
        Indicator(objective=task, name=f"Wskaźnik {n}", unit=Unit.PERSONS,
                  value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
                  reporting_organisation=organisation, position=100 + n)
        for n in range(indicators)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, year=year, number=Decimal(100 + year - 2018),
                       state=IndicatorValue.State.ACCEPTED)
        for indicator in extra for year in (2018, 2019, 2020)
    )
    return programme, task


@pytest.fixture
def setup(db, organisation, other_organisation):
    programme, task = make_programme(organisation, uses_deviation_assessment=True)
    count = Indicator.objects.create(
        objective=task, name="Liczba osób objętych wsparciem", unit=Unit.PERSONS,
        value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
        reporting_organisation=organisation, position=1)
    amount = Indicator.objects.create(
        objective=task, name="Kwota świadczeń", unit=Unit.PLN, value_kind=ValueKind.AMOUNT,
        target_value=Decimal(1000), reporting_organisation=organisation, position=2)
    text = Indicator.objects.create(
        objective=task, name="Opis działań", value_kind=ValueKind.TEXT,
        reporting_organisation=organisation, position=3)
    other = Indicator.objects.create(
        objective=task, name="Wskaźnik innej organizacji", unit=Unit.PERSONS,
        value_kind=ValueKind.INTEGER, reporting_organisation=other_organisation, position=4)
    for year, number in ((2018, 100), (2019, 110), (2020, 120)):
        IndicatorValue.objects.create(indicator=count, year=year, number=number,
                                      state=IndicatorValue.State.ACCEPTED)
    reporting_year = ReportingYear.objects.create(programme=programme, year=YEAR)
    return EntrySetup(programme, reporting_year, count, amount, text, other)
