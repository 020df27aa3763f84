"""A small programme of our own for the dashboard tests, and a factory for large synthetic ones.

The small programme (slug ``dash-test``, years 2020–2024, a diagnosis year 2019):
- goal 1 / task 1.1: "Rising" (increase, our organisation) — met in 2021, no value yet in 2022;
  "Falling" (decrease, our organisation) — not met in 2021, with a deviation assessment.
- goal 2 / task 2.1 (funded by "Fundusz Pracy"): "Counted" (numeric target 100 for 2021, the
  other organisation) — text value in 2021, so it cannot be judged; a context statistic.
2020 and 2021 are published, 2022 is open with its deadline passed (our organisation drafted
one value, the other submitted everything).
"""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Direction, Indicator, IndicatorValue
from programs.models import (
    FundingSource,
    Objective,
    Organisation,
    Programme,
    ReportingYear,
)

State = IndicatorValue.State


def _value(indicator, year, number=None, state=State.ACCEPTED, **extra):
    if number is None and not extra.get("text") and not extra.get("no_data"):
        raise ValueError("a value needs a number, a text or no data")
    return IndicatorValue.objects.create(
        indicator=indicator, year=year, number=None if number is None else Decimal(number),
        state=state, **extra,
    )


@pytest.fixture
def small_programme(db, organisation, other_organisation):
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program testowy pulpitu", short_name="Pulpit",
        slug="dash-test", first_year=2020, last_year=2024, status=Programme.Status.ADOPTED,
    )
    goal1 = Objective.objects.create(programme=programme, code="1", title="Cel pierwszy")
    task1 = Objective.objects.create(programme=programme, parent=goal1, code="1.1",
                                     title="Zadanie 1.1")
    goal2 = Objective.objects.create(programme=programme, code="2", title="Cel drugi")
    task2 = Objective.objects.create(programme=programme, parent=goal2, code="2.1",
                                     title="Zadanie 2.1")
    task2.funding_sources.add(FundingSource.objects.get_or_create(name="Fundusz Pracy")[0])
    rising = Indicator.objects.create(objective=task1, name="Rising", direction=Direction.INCREASE,
                                      reporting_organisation=organisation, position=1)
    falling = Indicator.objects.create(objective=task1, name="Falling",
                                       direction=Direction.DECREASE,
                                       reporting_organisation=organisation, position=2)
    counted = Indicator.objects.create(objective=task2, name="Counted", unit="persons",
                                       target_value=Decimal(100), target_year=2021,
                                       reporting_organisation=other_organisation)
    context = Indicator.objects.create(objective=task2, name="Context statistic", position=3)
    for year in (2020, 2021):
        ReportingYear.objects.create(programme=programme, year=year,
                                     state=ReportingYear.State.PUBLISHED)
    ReportingYear.objects.create(programme=programme, year=2022, state=ReportingYear.State.OPEN,
                                 deadline=datetime.date(2023, 1, 31))
    _value(rising, 2019, 10)  # a diagnosis year
    _value(rising, 2020, 10)
    _value(rising, 2021, 12, remarks="Więcej uczestników")
    _value(falling, 2020, 5)
    _value(falling, 2021, 7, deviation_assessment="Plan naprawczy: więcej dyżurów")
    _value(counted, 2021, text="około stu osób")
    _value(context, 2021, 3)
    _value(falling, 2022, 9, state=State.DRAFT)
    _value(counted, 2022, 130, state=State.SUBMITTED)
    return programme


@pytest.fixture
def draft_programme(db):
    return Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Projekt programu", short_name="Projekt",
        slug="dash-draft", first_year=2025, last_year=2027, status=Programme.Status.DRAFT,
    )


def make_programme(slug: str, *, goals: int, indicators_per_goal: int, years: int,
                   organisations: int = 10) -> Programme:
    """A synthetic programme: ``goals`` goals, each with one task of ``indicators_per_goal``
    indicators (alternating directions and numeric targets), and a value for every year."""
    first = 2031 - years
    programme = Programme.objects.create(
        kind=Programme.Kind.STRATEGY, title=f"Synthetic {slug}", short_name=slug, slug=slug,
        first_year=first, last_year=2030, status=Programme.Status.ADOPTED,
    )
    orgs = [Organisation.objects.get_or_create(name=f"Synthetic organisation {i}")[0]
            for i in range(organisations)]
    source = FundingSource.objects.get_or_create(name="Budżet Miasta")[0]
    indicators = []
    for g in range(1, goals + 1):
        goal = Objective.objects.create(programme=programme, code=str(g), title=f"Cel {g}")
        task = Objective.objects.create(programme=programme, parent=goal, code=f"{g}.1",
                                        title=f"Zadanie {g}.1")
        task.funding_sources.add(source)
        for i in range(indicators_per_goal):
            kind = i % 3
            indicators.append(Indicator(
                objective=task, name=f"Wskaźnik {g}.{i}", position=i,
                direction=[Direction.INCREASE, Direction.KEEP_SIMILAR_OR_DECREASE, ""][kind],
                target_value=Decimal(50) if kind == 2 else None,
                reporting_organisation=orgs[(g * indicators_per_goal + i) % organisations],
            ))
    indicators = Indicator.objects.bulk_create(indicators)
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=indicator, year=year, number=Decimal((n * 7 + year) % 97),
                       state=State.ACCEPTED if year < 2030 else State.SUBMITTED)
        for n, indicator in enumerate(indicators)
        for year in range(first, 2031)
    ])
    ReportingYear.objects.bulk_create([
        ReportingYear(programme=programme, year=year,
                      state=ReportingYear.State.PUBLISHED if year < 2030
                      else ReportingYear.State.OPEN)
        for year in range(first, 2031)
    ])
    return programme
