"""The one judging module: numeric targets, every direction and combination, and the edge cases
(zero previous value, negative change, no data, text values, baseline, year-bound targets)."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from indicators.judging import STATUS_SYMBOL, Status, comparison_for, judge, judge_numbers
from indicators.models import Direction


def judged(direction="", *, value, previous=None, target=None, target_year=None,
           less_is_better=False, year=2022, tolerance=D(10)):
    return judge(
        direction=direction, target_value=target, target_year=target_year,
        less_is_better=less_is_better, year=year, value=value,
        comparison_value=previous, comparison_year=None if previous is None else year - 1,
        tolerance=tolerance,
    ).status


def indicator(**fields):
    defaults = {"direction": "", "target_value": None, "target_year": None,
                "less_is_better": False, "baseline_value": None, "baseline_year": None}
    return SimpleNamespace(**(defaults | fields))


# --- single directions ---------------------------------------------------------------------

@pytest.mark.parametrize(("direction", "value", "previous", "expected"), [
    (Direction.INCREASE, D(11), D(10), Status.MET),
    (Direction.INCREASE, D(10), D(10), Status.NOT_MET),
    (Direction.INCREASE, D(9), D(10), Status.NOT_MET),
    (Direction.DECREASE, D(9), D(10), Status.MET),
    (Direction.DECREASE, D(10), D(10), Status.NOT_MET),
    (Direction.DECREASE, D(11), D(10), Status.NOT_MET),
    (Direction.KEEP_SAME, D(10), D(10), Status.MET),
    (Direction.KEEP_SAME, D("10.01"), D(10), Status.NOT_MET),
    (Direction.KEEP_SIMILAR, D(110), D(100), Status.MET),  # exactly at the 10 % tolerance
    (Direction.KEEP_SIMILAR, D(90), D(100), Status.MET),
    (Direction.KEEP_SIMILAR, D("110.01"), D(100), Status.NOT_MET),
    (Direction.KEEP_SIMILAR, D("89.99"), D(100), Status.NOT_MET),
])
def test_single_directions(direction, value, previous, expected):
    assert judged(direction, value=value, previous=previous) == expected


def test_keep_similar_uses_the_programmes_tolerance():
    assert judged(Direction.KEEP_SIMILAR, value=D(104), previous=D(100),
                  tolerance=D(5)) == Status.MET
    assert judged(Direction.KEEP_SIMILAR, value=D(106), previous=D(100),
                  tolerance=D(5)) == Status.NOT_MET
    assert judged(Direction.KEEP_SIMILAR, value=D(100), previous=D(100),
                  tolerance=D(0)) == Status.MET


# --- combinations: met when either part is met --------------------------------------------

@pytest.mark.parametrize(("direction", "value", "expected"), [
    (Direction.KEEP_SIMILAR_OR_INCREASE, D(150), Status.MET),      # increase part
    (Direction.KEEP_SIMILAR_OR_INCREASE, D(95), Status.MET),       # similar part
    (Direction.KEEP_SIMILAR_OR_INCREASE, D(80), Status.NOT_MET),
    (Direction.KEEP_SIMILAR_OR_DECREASE, D(50), Status.MET),
    (Direction.KEEP_SIMILAR_OR_DECREASE, D(105), Status.MET),
    (Direction.KEEP_SIMILAR_OR_DECREASE, D(120), Status.NOT_MET),
    (Direction.KEEP_SAME_OR_INCREASE, D(100), Status.MET),
    (Direction.KEEP_SAME_OR_INCREASE, D(101), Status.MET),
    (Direction.KEEP_SAME_OR_INCREASE, D(99), Status.NOT_MET),
    (Direction.KEEP_SAME_OR_DECREASE, D(100), Status.MET),
    (Direction.KEEP_SAME_OR_DECREASE, D(99), Status.MET),
    (Direction.KEEP_SAME_OR_DECREASE, D(101), Status.NOT_MET),
])
def test_combinations_are_met_when_either_part_is(direction, value, expected):
    assert judged(direction, value=value, previous=D(100)) == expected


def test_every_direction_has_a_rule():
    for direction in Direction:
        if direction:
            assert judged(direction, value=D(1), previous=D(1)) in (Status.MET, Status.NOT_MET)


# --- edge cases ---------------------------------------------------------------------------

def test_zero_previous_value():
    assert judged(Direction.INCREASE, value=D(3), previous=D(0)) == Status.MET
    assert judged(Direction.DECREASE, value=D(0), previous=D(0)) == Status.NOT_MET
    # With a comparison value of zero only zero is "similar" (no division by zero).
    assert judged(Direction.KEEP_SIMILAR, value=D(0), previous=D(0)) == Status.MET
    assert judged(Direction.KEEP_SIMILAR, value=D("0.5"), previous=D(0)) == Status.NOT_MET


def test_negative_values_and_negative_change():
    assert judged(Direction.INCREASE, value=D(-5), previous=D(-10)) == Status.MET
    assert judged(Direction.DECREASE, value=D(-12), previous=D(-10)) == Status.MET
    assert judged(Direction.INCREASE, value=D(-12), previous=D(-10)) == Status.NOT_MET
    # The tolerance is a share of the size of the comparison value, also when it is negative.
    assert judged(Direction.KEEP_SIMILAR, value=D(-105), previous=D(-100)) == Status.MET
    assert judged(Direction.KEEP_SIMILAR, value=D(-115), previous=D(-100)) == Status.NOT_MET


@pytest.mark.parametrize("direction", [d for d in Direction if d])
def test_no_number_cannot_be_judged_never_met(direction):
    # ``value=None`` is what a missing value, "no data" and a text value all give.
    assert judged(direction, value=None, previous=D(10)) == Status.CANNOT_JUDGE


@pytest.mark.parametrize("direction", [d for d in Direction if d])
def test_no_comparison_value_cannot_be_judged(direction):
    assert judged(direction, value=D(10), previous=None) == Status.CANNOT_JUDGE


def test_numeric_target_without_value_cannot_be_judged():
    assert judged(value=None, target=D(100)) == Status.CANNOT_JUDGE


def test_no_target_and_no_direction_is_a_context_statistic():
    assert judged(value=D(5), previous=D(1)) == Status.NO_TARGET
    assert judged(value=None) == Status.NO_TARGET


# --- numeric targets ----------------------------------------------------------------------

def test_numeric_target_met_when_reached():
    assert judged(value=D(100), target=D(100)) == Status.MET
    assert judged(value=D(120), target=D(100)) == Status.MET
    assert judged(value=D("99.99"), target=D(100)) == Status.NOT_MET


def test_numeric_target_with_less_is_better():
    assert judged(value=D(5), target=D(5), less_is_better=True) == Status.MET
    assert judged(value=D(3), target=D(5), less_is_better=True) == Status.MET
    assert judged(value=D(6), target=D(5), less_is_better=True) == Status.NOT_MET


def test_target_for_a_specific_year_applies_to_that_year_only():
    assert judged(value=D(50), target=D(100), target_year=2024, year=2024) == Status.NOT_MET
    # In other years the numeric target does not apply; without a direction, nothing to judge.
    assert judged(value=D(50), target=D(100), target_year=2024, year=2022) == Status.NO_TARGET
    # With a direction the other years are judged on the direction alone.
    assert judged(Direction.INCREASE, value=D(50), previous=D(40), target=D(100),
                  target_year=2024, year=2022) == Status.MET


def test_target_and_direction_must_both_be_met():
    assert judged(Direction.INCREASE, value=D(120), previous=D(110),
                  target=D(100)) == Status.MET
    assert judged(Direction.INCREASE, value=D(105), previous=D(110),
                  target=D(100)) == Status.NOT_MET
    assert judged(Direction.INCREASE, value=D(90), previous=D(80),
                  target=D(100)) == Status.NOT_MET
    # Target reached but no comparison year: the direction part cannot be judged.
    assert judged(Direction.INCREASE, value=D(120), previous=None,
                  target=D(100)) == Status.CANNOT_JUDGE
    # A part not met outweighs a part that cannot be judged.
    assert judged(Direction.INCREASE, value=D(90), previous=None,
                  target=D(100)) == Status.NOT_MET


# --- judge_numbers: which value is compared --------------------------------------------------

def test_judge_numbers_compares_with_the_nearest_earlier_year_with_a_number():
    numbers = {2019: D(10), 2020: None, 2021: D(12)}  # 2020: no data or a text value
    judgement = judge_numbers(indicator(direction=Direction.INCREASE), 2021, numbers, D(10))
    assert judgement.status == Status.MET
    assert (judgement.comparison_value, judgement.comparison_year) == (D(10), 2019)


def test_judge_numbers_uses_the_baseline_rather_than_the_previous_year():
    ind = indicator(direction=Direction.INCREASE, baseline_value=D(50), baseline_year=2019)
    judgement = judge_numbers(ind, 2022, {2021: D(70), 2022: D(60)}, D(10))
    # Lower than 2021 but higher than the baseline: met against the baseline.
    assert judgement.status == Status.MET
    assert (judgement.comparison_value, judgement.comparison_year) == (D(50), 2019)


def test_judge_numbers_without_earlier_years_cannot_be_judged():
    judgement = judge_numbers(indicator(direction=Direction.DECREASE), 2021, {2021: D(5)}, D(10))
    assert judgement.status == Status.CANNOT_JUDGE
    assert judgement.comparison_year is None


def test_judge_numbers_ignores_later_years():
    numbers = {2021: D(5), 2022: D(1)}
    assert comparison_for(indicator(), 2021, numbers) == (None, None)


def test_judge_numbers_missing_value_for_the_year():
    judgement = judge_numbers(indicator(direction=Direction.INCREASE), 2022, {2021: D(5)}, D(10))
    assert judgement.status == Status.CANNOT_JUDGE


def test_every_status_has_a_symbol_so_colour_is_never_the_only_signal():
    assert {status: STATUS_SYMBOL[status] for status in Status} == {
        Status.MET: "✔", Status.NOT_MET: "✘", Status.CANNOT_JUDGE: "?", Status.NO_TARGET: "–",
    }
    judgement = judge(direction=Direction.INCREASE, target_value=None, target_year=None,
                      less_is_better=False, year=2020, value=D(2), comparison_value=D(1))
    assert (judgement.symbol, judgement.label) == ("✔", str(Status.MET.label))
