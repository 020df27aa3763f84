"""Judged status (met / not met / …) of API values, by the one judging entry point, and the
indicator each value is shown under.

A status compares a value with earlier years, so it cannot be a database column: it is worked
out by ``indicators.judging.judge_indicator_years`` from one query of the numbers of the
indicators concerned — only numbers the user may see, so a public status never rests on an
unpublished year.

A value is a measure's (``indicators.models.Measure``), shared by every programme whose
indicator uses the measure; the API shows it under one indicator: the programme's or the
indicator's the request asked for, else the one it was entered through.
"""

from indicators.judging import judge_indicator_years
from indicators.models import Indicator


def shown_under(values, *, programme: str | None = None, indicator: int | None = None) -> list:
    """Set each value's ``indicator`` to the one it is shown under: the indicator ``indicator``
    (an id) or the indicator of the programme ``programme`` (a slug) that uses the value's
    measure, else the indicator it was entered through (or, if that one is gone, the measure's
    first). At most one query."""
    values = list(values)
    if programme is None and indicator is None:
        asked = {value.measure_id for value in values if value.indicator_id is None}
    else:
        asked = {value.measure_id for value in values}
    if not asked:
        return values
    candidates = Indicator.objects.filter(measure_id__in=asked).select_related(
        "objective__programme").order_by("-pk")
    if indicator is not None:
        candidates = candidates.filter(pk=indicator)
    elif programme is not None:
        candidates = candidates.filter(objective__programme__slug=programme)
    chosen = {candidate.measure_id: candidate for candidate in candidates}
    for value in values:
        if value.measure_id in chosen:
            value.indicator = chosen[value.measure_id]
    return values


def attach_statuses(user, values) -> list:
    """Set ``judged_status`` on each value (its indicator loaded, see ``shown_under``)."""
    values = list(values)
    judgements = judge_indicator_years(
        [(value.indicator, value.year) for value in values], user=user
    )
    for value in values:
        value.judged_status = judgements[(value.indicator_id, value.year)].status
    return values
