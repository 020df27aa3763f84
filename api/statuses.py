"""Judged status (met / not met / …) of API values, by the one judging module.

A status compares a value with earlier years, so it cannot be a database column: it is worked
out in Python from one query of the numbers of the indicators concerned — only numbers the user
may see, so a public status never rests on an unpublished year.
"""

from collections import defaultdict

from django.db.models import QuerySet

from indicators import access
from indicators.judging import judge_year
from indicators.models import IndicatorValue


def numbers_by_indicator(user, indicator_ids) -> dict[int, dict]:
    """Every visible number of these indicators, by indicator and year (one query)."""
    numbers: dict[int, dict] = defaultdict(dict)
    if not isinstance(indicator_ids, QuerySet):
        indicator_ids = list(indicator_ids)
    rows = access.visible_values(
        user, IndicatorValue.objects.filter(indicator_id__in=indicator_ids)
    ).values_list("indicator_id", "year", "number")
    for indicator_id, year, number in rows:
        numbers[indicator_id][year] = number
    return numbers


def attach_statuses(user, values, indicator_ids=None) -> list:
    """Set ``judged_status`` on each value (indicator, objective and programme loaded).

    ``indicator_ids`` (a queryset of ids) saves sending a long id list when ``values`` is large.
    """
    values = list(values)
    if indicator_ids is None:
        indicator_ids = {value.indicator_id for value in values}
    numbers = numbers_by_indicator(user, indicator_ids)
    for value in values:
        indicator = value.indicator
        value.judged_status = judge_year(
            indicator, value.year, numbers[value.indicator_id],
            indicator.objective.programme.keep_tolerance,
        ).status
    return values
