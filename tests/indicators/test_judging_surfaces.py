"""Every surface gives the same status for the same indicator and year: the entry page, the
review page, the submit rule (the form's and the value sheet's), the dashboards, the report and
the API all judge through ``indicators.judging``, which loads the comparison values itself.

The case that once came out three ways: an "increase" indicator with values in 2015 and 2020 only.
The entry page (which read three previous years) said *cannot be judged*, the report (every
year) *not met*, and submitting demanded a deviation assessment.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.selectors import indicator_trend, organisation_overview, programme_dashboard
from indicators.inputs import ValueInput
from indicators.judging import Status
from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind
from indicators.selectors import entry_groups
from indicators.services.review import values_submit
from indicators.services.values import values_save
from programs.models import Objective, Programme, ReportingYear
from reports.builder import build_report
from spreadsheets import services as sheet_services
from spreadsheets.value_sheets import value_sheet
from tests.spreadsheets.conftest import fill_sheet

YEAR = 2020
# name, direction, earlier values {year: number}, this year's number, expected status
CASES = [
    ("Wzrost z przerwą w danych", Direction.INCREASE, {2015: 100}, 80, Status.NOT_MET),
    ("Wzrost z rokiem poprzednim", Direction.INCREASE, {2019: 10}, 12, Status.MET),
    ("Utrzymanie po latach", Direction.KEEP_SIMILAR, {2016: 100}, 95, Status.MET),
    ("Spadek bez wcześniejszych danych", Direction.DECREASE, {}, 5, Status.CANNOT_JUDGE),
]


@pytest.fixture
def judged(db, organisation):
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program ocen", short_name="Oceny",
        slug="program-ocen", first_year=2015, last_year=YEAR, status=Programme.Status.ADOPTED,
        level_names=["Cel", "Zadanie"], uses_deviation_assessment=True,
    )
    goal = Objective.objects.create(programme=programme, code="A", title="Cel A")
    task = Objective.objects.create(programme=programme, parent=goal, code="A.1",
                                    title="Zadanie A.1")
    indicators = {}
    for position, (name, direction, earlier, _number, _status) in enumerate(CASES):
        indicator = Indicator.objects.create(
            objective=task, name=name, unit=Unit.PERSONS, value_kind=ValueKind.INTEGER,
            direction=direction, reporting_organisation=organisation, position=position)
        for year, number in earlier.items():
            IndicatorValue.objects.create(indicator=indicator, year=year, number=number,
                                          state=IndicatorValue.State.ACCEPTED)
        indicators[name] = indicator
    reporting_year = ReportingYear.objects.create(programme=programme, year=YEAR)
    return programme, reporting_year, indicators


def expected(indicators) -> dict[int, Status]:
    return {indicators[name].pk: status for name, _d, _e, _n, status in CASES}


def enter_values(user, reporting_year, indicators):
    assert values_save(user=user, reporting_year=reporting_year, inputs=[
        ValueInput(indicators[name].pk, str(number), confirmed=True)
        for name, _d, _e, number, _s in CASES]).ok


def test_every_surface_gives_the_same_status(client, judged, data_entry, coordinator,
                                             organisation):
    programme, reporting_year, indicators = judged
    want = expected(indicators)
    enter_values(data_entry, reporting_year, indicators)

    # The entry page (its selector and what the page shows).
    groups = entry_groups(reporting_year, organisation=organisation)
    assert {row.indicator.pk: row.judgement.status
            for group in groups for row in group.rows} == want
    client.force_login(data_entry)
    page = client.get(reverse("value_entry", args=[programme.slug, YEAR]))
    assert {row.indicator.pk: row.judgement.status
            for group in page.context["groups"] for row in group.rows} == want

    # The submit rule asks for a deviation assessment exactly where the target is not met —
    # from the form and from an uploaded value sheet alike.
    not_met = {pk for pk, status in want.items() if status == Status.NOT_MET}
    submitted = values_submit(user=data_entry, reporting_year=reporting_year,
                              organisation=organisation)
    assert set(submitted.errors) == not_met
    sheet = fill_sheet(value_sheet(user=data_entry, reporting_year=reporting_year,
                                   organisation=organisation), {}, submit=True)
    outcome = sheet_services.value_sheet_apply(user=data_entry, reporting_year=reporting_year,
                                               content=sheet, dry_run=True)
    assert not outcome.ok
    messages = outcome.errors + [error for row in outcome.rows for error in row.errors]
    assert sum("podaj krótką ocenę odchylenia" in message for message in messages) == len(not_met)

    # The report.
    report = build_report(programme, reporting_year)
    names = {indicator.name: pk for pk, indicator in
             ((i.pk, i) for i in indicators.values())}
    lines = [line for section in report.sections for item in section.items
             for line in getattr(item, "lines", [])]
    assert {names[line.name]: Status(line.status) for line in lines} == want

    # The dashboards: the programme's, an indicator's trend, the organisation's.
    dashboard = programme_dashboard(programme, user=coordinator, year=YEAR)
    assert {row.indicator.pk: row.status for row in dashboard.rows()} == want
    for indicator in indicators.values():
        indicator.objective.programme = programme
        trend = dict((year, judgement.status) for year, _v, judgement
                     in indicator_trend(indicator, user=coordinator))
        assert trend[YEAR] == want[indicator.pk]
    (overview,) = organisation_overview(organisation, user=coordinator, year=YEAR,
                                        programmes=Programme.objects.filter(pk=programme.pk))
    assert {row.indicator.pk: row.judgement.status for row in overview.rows} == want

    # The API.
    client.force_login(coordinator)
    api = client.get(reverse("v1:value-list"), {"programme": programme.slug, "year": YEAR})
    assert {item["indicator"]: Status(item["status"]) for item in api.json()["results"]} == want

    # The review page, once the values are submitted (with the assessment where it is due).
    assert values_save(user=data_entry, reporting_year=reporting_year, inputs=[
        ValueInput(pk, value=_number_of(indicators, pk), deviation_assessment="Plan naprawczy",
                   version=1) for pk in not_met]).ok
    assert values_submit(user=data_entry, reporting_year=reporting_year,
                         organisation=organisation).ok
    review = client.get(reverse("year_review", args=[programme.slug, YEAR]))
    assert {row.indicator.pk: row.judgement.status
            for group in review.context["groups"] for row in group.rows} == want


def test_entry_compares_with_the_nearest_earlier_number_however_far(judged, data_entry,
                                                                   organisation):
    """Not only the three previous years the page shows: 2015 is the comparison in 2020."""
    _programme, reporting_year, indicators = judged
    enter_values(data_entry, reporting_year, indicators)
    row = next(row for group in entry_groups(reporting_year, organisation=organisation)
               for row in group.rows if row.indicator.name == CASES[0][0])
    assert row.judgement.comparison_year == 2015
    assert row.judgement.comparison_value == Decimal(100)


def _number_of(indicators, pk) -> str:
    name = next(name for name, indicator in indicators.items() if indicator.pk == pk)
    return str(next(number for case_name, _d, _e, number, _s in CASES if case_name == name))
