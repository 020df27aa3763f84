"""Builders of synthetic programmes of any size, for tests and benchmarks.

``build_programme`` writes with bulk_create, so a programme of thousands of indicators takes
well under a second to make.
"""

from decimal import Decimal
from itertools import count

from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind
from programs.models import Objective, Organisation, Programme, ReportingYear, natural_sort_key

_serial = count(1)


def build_programme(
    *,
    goals: int = 2,
    tasks_per_goal: int = 3,
    indicators_per_task: int = 2,
    years: tuple[int, ...] = (2019, 2020),
    organisation: Organisation | None = None,
    slug: str | None = None,
    first_year: int = 2015,
    last_year: int = 2030,
    open_year: int | None = None,
    **programme_fields,
) -> Programme:
    """A three-level programme (goal → priority → task) with indicators and values.

    Indicators alternate between an increase direction and a numeric target; values grow by year.
    """
    number = next(_serial)
    organisation = organisation or Organisation.objects.create(name=f"Realizator {number}")
    programme = Programme.objects.create(
        kind=Programme.Kind.STRATEGY,
        title=f"Program testowy {number}",
        short_name=f"Test {number}",
        slug=slug or f"program-testowy-{number}",
        first_year=first_year,
        last_year=last_year,
        status=Programme.Status.ADOPTED,
        level_names=["Cel", "Priorytet", "Zadanie"],
        **programme_fields,
    )
    goal_nodes = Objective.objects.bulk_create(
        Objective(programme=programme, code=chr(65 + g % 26) * (1 + g // 26), title=f"Cel {g}",
                  level=1, position=g, sort_key=natural_sort_key(chr(65 + g % 26) * (1 + g // 26)))
        for g in range(goals)
    )
    priorities = Objective.objects.bulk_create(
        Objective(programme=programme, parent=goal, code=f"{goal.code}.1", title="Priorytet",
                  level=2, position=0, sort_key=natural_sort_key(f"{goal.code}.1"))
        for goal in goal_nodes
    )
    tasks = Objective.objects.bulk_create(
        Objective(programme=programme, parent=priority, code=f"{priority.code}.{t + 1}",
                  title=f"Zadanie {priority.code}.{t + 1}", level=3, position=t,
                  sort_key=natural_sort_key(f"{priority.code}.{t + 1}"))
        for priority in priorities
        for t in range(tasks_per_goal)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            objective=task,
            name=f"Liczba osób {task.code}/{i}",
            unit=Unit.PERSONS,
            value_kind=ValueKind.INTEGER,
            direction=Direction.INCREASE if i % 2 == 0 else Direction.NONE,
            target_value=None if i % 2 == 0 else Decimal(100),
            reporting_organisation=organisation,
            position=i,
        )
        for task in tasks
        for i in range(indicators_per_task)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, year=year, number=Decimal(90 + 5 * k),
                       state=IndicatorValue.State.ACCEPTED)
        for indicator in indicators
        for k, year in enumerate(years)
    )
    if open_year:
        ReportingYear.objects.create(programme=programme, year=open_year)
    return programme
