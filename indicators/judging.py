"""Judging progress: is an indicator's value for a year met, not met, or impossible to judge?

This is the one place the rules of ../shared/DOMAIN.md live. Every surface — the entry and
review pages, the submit rules, the dashboards, the report, the API, the value sheets — calls
``judge_indicators`` (indicators and a year) or ``judge_indicator_years`` ((indicator, year)
pairs): they load the numbers the rules need themselves (every earlier year, for the nearest
earlier number) and each programme's tolerance, so no caller collects comparison values or
passes the tolerance by hand, and all of them give the same status for the same value.

- A numeric target is met when the value reaches it (or does not exceed it where less is better).
  A target for a given year applies to that year only; one without a year applies to every year.
- A direction compares the value with the comparison value: the indicator's baseline where the
  programme names one, otherwise the nearest earlier year with a number. Increase is met when
  higher, decrease when lower, "keep the same" when equal, "keep at a similar level" when the
  change stays within the programme's tolerance (percent of the comparison value; with a
  comparison value of zero only zero is similar). A combination is met when either part is.
- With no number (missing, "no data", a text value) or no comparison value the result is
  "cannot be judged" — never "met". Indicators without a target are context statistics.
- With both a numeric target and a direction, every part must be met; any part not met makes the
  whole not met, otherwise any part that cannot be judged makes the whole unjudgeable.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.access import visible_values
from indicators.models import Direction, Indicator, IndicatorValue


class Status(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    CANNOT_JUDGE = "cannot_judge", _("cannot be judged")
    NO_TARGET = "no_target", _("no target")


# Shown beside the label so that colour is never the only signal.
STATUS_SYMBOL = {
    Status.MET: "✔",
    Status.NOT_MET: "✘",
    Status.CANNOT_JUDGE: "?",
    Status.NO_TARGET: "–",
}

_DIRECTION_PARTS = {
    Direction.INCREASE: ("increase",),
    Direction.DECREASE: ("decrease",),
    Direction.KEEP_SIMILAR: ("keep_similar",),
    Direction.KEEP_SAME: ("keep_same",),
    Direction.KEEP_SIMILAR_OR_INCREASE: ("keep_similar", "increase"),
    Direction.KEEP_SIMILAR_OR_DECREASE: ("keep_similar", "decrease"),
    Direction.KEEP_SAME_OR_INCREASE: ("keep_same", "increase"),
    Direction.KEEP_SAME_OR_DECREASE: ("keep_same", "decrease"),
}


@dataclass(frozen=True)
class Judgement:
    status: Status
    comparison_value: Decimal | None = None
    comparison_year: int | None = None

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOL[self.status]


def _combine(parts: list[Status]) -> Status:
    if Status.NOT_MET in parts:
        return Status.NOT_MET
    if Status.CANNOT_JUDGE in parts:
        return Status.CANNOT_JUDGE
    return Status.MET


def _direction_met(part: str, value: Decimal, comparison: Decimal, tolerance: Decimal) -> bool:
    if part == "increase":
        return value > comparison
    if part == "decrease":
        return value < comparison
    if part == "keep_same":
        return value == comparison
    # keep_similar: within the tolerance, a percentage of the comparison value.
    return abs(value - comparison) <= abs(comparison) * tolerance / Decimal(100)


def judge(
    *,
    direction: str,
    target_value: Decimal | None,
    target_year: int | None,
    less_is_better: bool,
    year: int,
    value: Decimal | None,
    comparison_value: Decimal | None,
    comparison_year: int | None = None,
    tolerance: Decimal = Decimal(10),
) -> Judgement:
    """Judge one value. ``value`` is ``None`` when there is no number (missing, no data, text)."""
    numeric_target_applies = target_value is not None and target_year in (None, year)
    if not numeric_target_applies and not direction:
        return Judgement(Status.NO_TARGET, comparison_value, comparison_year)
    parts: list[Status] = []
    if numeric_target_applies:
        if value is None:
            parts.append(Status.CANNOT_JUDGE)
        elif less_is_better:
            parts.append(Status.MET if value <= target_value else Status.NOT_MET)
        else:
            parts.append(Status.MET if value >= target_value else Status.NOT_MET)
    if direction:
        if value is None or comparison_value is None:
            parts.append(Status.CANNOT_JUDGE)
        else:
            met = any(
                _direction_met(part, value, comparison_value, tolerance)
                for part in _DIRECTION_PARTS[direction]
            )
            parts.append(Status.MET if met else Status.NOT_MET)
    return Judgement(_combine(parts), comparison_value, comparison_year)


def comparison_for(indicator, year: int, numbers_by_year: dict[int, Decimal | None]):
    """The value a direction is judged against: the baseline, or the nearest earlier number."""
    if indicator.baseline_value is not None:
        return indicator.baseline_value, indicator.baseline_year
    earlier = [y for y, number in numbers_by_year.items() if y < year and number is not None]
    if not earlier:
        return None, None
    previous_year = max(earlier)
    return numbers_by_year[previous_year], previous_year


def judge_numbers(indicator, year: int, numbers_by_year: dict[int, Decimal | None],
                  tolerance: Decimal) -> Judgement:
    """Judge an indicator's value for ``year`` given *all* its numbers by year up to it (``None``
    or absent where a year has no number): the rules alone, no queries. Surfaces call
    ``judge_indicators``, which loads those numbers."""
    comparison, comparison_year = comparison_for(indicator, year, numbers_by_year)
    return judge(
        direction=indicator.direction,
        target_value=indicator.target_value,
        target_year=indicator.target_year,
        less_is_better=indicator.less_is_better,
        year=year,
        value=numbers_by_year.get(year),
        comparison_value=comparison,
        comparison_year=comparison_year,
        tolerance=tolerance,
    )


def judge_indicator_years(pairs: Iterable[tuple], *, user=None) -> dict[tuple[int, int], Judgement]:
    """Judge each (indicator, year) pair: ``{(indicator id, year): Judgement}``. One query,
    whatever the number of pairs: every number of these indicators up to the latest year asked
    for, with each indicator's programme tolerance.

    ``user`` limits the numbers to those the user may see (``indicators.access.visible_values``),
    so a status shown to the public never rests on an unpublished year; ``None``: every number
    (the report, the entry and review pages, the submit rules).
    """
    pairs = [(indicator, year) for indicator, year in pairs]
    if not pairs:
        return {}
    indicators = {indicator.pk: indicator for indicator, _year in pairs}
    # The numbers are the measures' (shared by the programmes using one), the tolerance each
    # indicator's own programme's: read from the indicators' side, one row per number.
    condition = {
        "measure__values__year__lte": max(year for _indicator, year in pairs),
        "measure__values__number__isnull": False,
    }
    if user is not None:
        measures = {indicator.measure_id for indicator in indicators.values()}
        condition["measure__values__in"] = visible_values(
            user, IndicatorValue.objects.filter(measure_id__in=measures)).values("pk")
    numbers: dict[int, dict[int, Decimal]] = defaultdict(dict)
    tolerances: dict[int, Decimal] = {}
    for indicator_id, year, number, tolerance in Indicator.objects.filter(
        pk__in=list(indicators), **condition
    ).order_by().values_list(
        "pk", "measure__values__year", "measure__values__number",
        "objective__programme__keep_tolerance",
    ):
        numbers[indicator_id][year] = number
        tolerances[indicator_id] = tolerance
    # An indicator without any number cannot be judged against a direction, and a numeric
    # target needs no tolerance: the default stands in for it.
    return {
        (indicator.pk, year): judge_numbers(
            indicator, year, numbers[indicator.pk], Decimal(tolerances.get(indicator.pk, 10))
        )
        for indicator, year in pairs
    }


def judge_indicators(indicators: Iterable, year: int, *, user=None) -> dict[int, Judgement]:
    """Judge the indicators' values of ``year``: ``{indicator id: Judgement}`` (one query; see
    ``judge_indicator_years``)."""
    judged = judge_indicator_years(((indicator, year) for indicator in indicators), user=user)
    return {indicator_id: judgement for (indicator_id, _year), judgement in judged.items()}
