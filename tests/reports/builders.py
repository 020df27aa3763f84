"""A small synthetic programme in the layout of the 2020 report, for the report tests."""

from datetime import date
from decimal import Decimal

from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind
from programs.models import (
    FundingSource,
    Objective,
    ObjectiveImplementer,
    Organisation,
    Programme,
    ReportingYear,
)

LONG_LIST = "\n".join(
    f"- działanie numer {n}: rozmowy indywidualne, pogadanki, ulotki i warsztaty dla rodziców"
    for n in range(1, 40)
)


def build_report_programme(*, slug="raport-testowy", state=ReportingYear.State.PUBLISHED,
                           goals="ABC", with_coordinator=False, with_targets=False,
                           deviation=False, year=2020) -> tuple[Programme, ReportingYear]:
    """Goals → priorities → tasks with implementers, funding, indicators of every value shape
    (counts, amounts, percentages, "no data", text, long lists, footnote marks)."""
    mopr, _ = Organisation.objects.get_or_create(
        name="Miejski Ośrodek Pomocy Rodzinie w Białymstoku", defaults={"short_name": "MOPR"}
    )
    city, _ = Organisation.objects.get_or_create(name="Urząd Miejski")
    budget, _ = FundingSource.objects.get_or_create(name="Budżet Miasta")
    programme = Programme.objects.create(
        kind=Programme.Kind.STRATEGY, slug=slug, short_name="Strategia testowa",
        title="Strategia Testowa Miasta Białegostoku na lata 2011-2020",
        first_year=2011, last_year=2025, status=Programme.Status.ADOPTED,
        level_names=["Cel strategiczny", "Priorytet", "Zadanie"],
        uses_deviation_assessment=deviation,
    )
    for g, goal_code in enumerate(goals):
        goal = Objective.objects.create(programme=programme, code=goal_code, level=1,
                                        position=g, title=f"Cel {goal_code} rodzina")
        for p in (1, 2):
            priority = Objective.objects.create(
                programme=programme, parent=goal, code=f"{goal_code}.{p}", position=p,
                title=f"Priorytet {goal_code}.{p} wsparcie",
            )
            for t in (1, 2):
                code = f"{goal_code}.{p}.{t}"
                task = Objective.objects.create(
                    programme=programme, parent=priority, code=code, position=t,
                    title=f"Zadanie {code} rozwój form wsparcia",
                    coordinator=mopr if with_coordinator else None,
                )
                ObjectiveImplementer.objects.create(objective=task, organisation=city,
                                                    position=0)
                ObjectiveImplementer.objects.create(objective=task, organisation=mopr,
                                                    position=1)
                task.funding_sources.add(budget)
                _indicators(task, code, year, with_targets)
    reporting_year = ReportingYear.objects.create(
        programme=programme, year=year, state=state, prepared_by=mopr,
        prepared_on=date(year + 1, 6, 30),
        accepted_by="PREZYDENT MIASTA dr hab. Tadeusz Truskolaski",
        accepted_on=date(year + 1, 6, 30),
        conclusion="Analiza danych prowadzi do wniosku, że założenia Strategii są realizowane.",
        signatory_name="mgr Jolanta Perkowska",
        signatory_title="ZASTĘPCA DYREKTORA Miejskiego Ośrodka Pomocy Rodzinie w Białymstoku",
    )
    return programme, reporting_year


def _indicators(task, code, year, with_targets):
    seed = sum(ord(c) for c in code)
    specs = [
        ("Liczba rodzin objętych wsparciem " + code, Unit.FAMILIES, ValueKind.INTEGER,
         {"number": Decimal(1000 + seed)}, "w tym 6 rodzin objętych dwukrotnie"),
        ("Wysokość pozyskanych środków (tys. zł) " + code, Unit.THOUSAND_PLN, ValueKind.DECIMAL,
         {"number": Decimal("9353.2"), "footnote_mark": "*"}, "*Kwoty dotyczą miasta i powiatu"),
        ("Kwota dofinansowania " + code, Unit.PLN, ValueKind.AMOUNT,
         {"number": Decimal("1332190.00")}, ""),
        ("Odsetek lokali " + code, Unit.PERCENT, ValueKind.PERCENT,
         {"number": Decimal("22.36")}, ""),
        ("Ilość pacjentów " + code, Unit.PERSONS, ValueKind.INTEGER,
         {"no_data": True, "no_data_reason": "Brak danych"}, ""),
        ("Rodzaje form wsparcia " + code, Unit.NONE, ValueKind.TEXT,
         {"text": LONG_LIST if code.endswith("1.1") else "wysoki"}, ""),
    ]
    for position, (name, unit, kind, value, remarks) in enumerate(specs):
        indicator = Indicator.objects.create(
            objective=task, name=name, unit=unit, value_kind=kind, position=position,
            monitoring_method="Analiza bieżących danych pod kątem zachodzących zmian",
            direction=Direction.INCREASE if with_targets and position == 0 else "",
            target_value=Decimal(2000) if with_targets and position == 2 else None,
        )
        IndicatorValue.objects.create(indicator=indicator, year=year, remarks=remarks,
                                      state=IndicatorValue.State.ACCEPTED, **value)
        if kind == ValueKind.INTEGER and "no_data" not in value:
            IndicatorValue.objects.create(indicator=indicator, year=year - 1,
                                          number=value["number"] - 10,
                                          state=IndicatorValue.State.ACCEPTED)
