from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, IndicatorValue
from programs.models import Objective, Programme, ReportingYear, natural_sort_key
from tests.factories import build_programme

pytestmark = pytest.mark.django_db


def _programme(**fields):
    defaults = dict(kind="programme", title="P", short_name="P", slug="p", first_year=2021,
                    last_year=2024)
    return Programme.objects.create(**(defaults | fields))


def test_natural_sort_key_orders_codes_naturally():
    codes = ["A.1.10", "A.1.9", "B", "A.2", "A.1.1", "A", "2.10", "2.9", "10", "2"]
    assert sorted(codes, key=natural_sort_key) == [
        "2", "2.9", "2.10", "10", "A", "A.1.1", "A.1.9", "A.1.10", "A.2", "B",
    ]


def test_objectives_come_back_in_natural_code_order():
    programme = _programme()
    for code in ["A.1.10", "A.1.2", "A.1.9", "A", "A.1"]:
        Objective.objects.create(programme=programme, code=code, title=code)
    codes = list(Objective.objects.for_programme(programme).values_list("code", flat=True))
    assert codes == ["A", "A.1", "A.1.2", "A.1.9", "A.1.10"]


def test_level_follows_parent_at_any_depth():
    programme = _programme()
    node = None
    for depth, code in enumerate(["1", "1.1", "1.1.1", "1.1.1.1"], start=1):
        node = Objective.objects.create(programme=programme, parent=node, code=code, title=code)
        assert node.level == depth
    programme.level_names = ["Obszar działania", "Cel", "Zadanie", "Sposób realizacji"]
    assert node.level_name == "Sposób realizacji"


def test_duplicate_code_in_programme_is_refused_but_blank_codes_may_repeat():
    programme = _programme()
    Objective.objects.create(programme=programme, code="A.1", title="x")
    Objective.objects.create(programme=programme, code="", title="lost code 1")
    Objective.objects.create(programme=programme, code="", title="lost code 2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(programme=programme, code="A.1", title="y")


def test_programme_years_must_be_in_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        _programme(first_year=2024, last_year=2021)


def test_reporting_year_outside_programme_years_is_refused_by_the_database():
    programme = _programme()
    ReportingYear.objects.create(programme=programme, year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingYear.objects.create(programme=programme, year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingYear.objects.create(programme=programme, year=2022)


def _indicator():
    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1, years=())
    return Indicator.objects.filter(objective__programme=programme).get()


@pytest.mark.parametrize(
    "fields",
    [
        {},  # nothing at all
        {"number": Decimal(1), "text": "x"},
        {"number": Decimal(1), "no_data": True, "no_data_reason": "r"},
        {"text": "x", "no_data": True, "no_data_reason": "r"},
        {"no_data": True},  # no data needs a reason
        {"number": Decimal(1), "no_data_reason": "stray reason"},
    ],
)
def test_value_must_be_exactly_one_of_number_text_no_data(fields):
    indicator = _indicator()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, year=2020, **fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"number": Decimal("22.36")},
        {"text": "wysoki"},
        {"no_data": True, "no_data_reason": "Brak danych"},
    ],
)
def test_valid_values_are_stored(fields):
    indicator = _indicator()
    value = IndicatorValue.objects.create(indicator=indicator, year=2020, **fields)
    assert value.pk


def test_one_value_per_indicator_and_year():
    indicator = _indicator()
    IndicatorValue.objects.create(indicator=indicator, year=2020, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, year=2020, number=2)


def test_value_changes_are_kept_in_history():
    indicator = _indicator()
    value = IndicatorValue.objects.create(indicator=indicator, year=2020, number=1)
    value.number = Decimal(2)
    value._change_reason = "korekta"
    value.save()
    history = list(value.history.order_by("history_date"))
    assert [h.number for h in history] == [Decimal(1), Decimal(2)]
    assert history[-1].history_change_reason == "korekta"
