"""Judged status (met / not met / …) of API values, by the one judging entry point.

A status compares a value with earlier years, so it cannot be a database column: it is worked
out by ``indicators.judging.judge_indicator_years`` from one query of the numbers of the
indicators concerned — only numbers the user may see, so a public status never rests on an
unpublished year.
"""

from indicators.judging import judge_indicator_years


def attach_statuses(user, values) -> list:
    """Set ``judged_status`` on each value (its indicator loaded)."""
    values = list(values)
    judgements = judge_indicator_years(
        [(value.indicator, value.year) for value in values], user=user
    )
    for value in values:
        value.judged_status = judgements[(value.indicator_id, value.year)].status
    return values
