"""Indicator values written the Polish way, as the city's documents write them: numbers by kind
of value with their unit (``lib.numbers`` writes the digits), "brak danych", targets."""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Unit, ValueKind
from lib.numbers import format_polish


def format_number(number: Decimal, *, value_kind: str = ValueKind.DECIMAL, unit: str = "") -> str:
    """A number in Polish notation: amounts in PLN with two decimals, others without trailing
    zeros; whole numbers without decimals."""
    if value_kind == ValueKind.INTEGER:
        return format_polish(number, "#,##0")
    if value_kind == ValueKind.AMOUNT and unit == Unit.PLN:
        return format_polish(number, "#,##0.00")
    return format_polish(number)


def format_with_unit(number: Decimal, indicator) -> str:
    text = format_number(number, value_kind=indicator.value_kind, unit=indicator.unit)
    suffix = indicator.unit_suffix
    return f"{text}\u00a0{suffix}" if suffix else text


def format_value(value) -> str:
    """An ``IndicatorValue`` as printed in tables: number with unit and footnote mark, the text,
    or "brak danych"."""
    if value is None:
        return ""
    if value.no_data:
        return _("no data")
    if value.number is not None:
        # As the indicator it is shown under writes it; else as its measure (same unit, kind).
        text = format_with_unit(value.number, value.indicator or value.measure)
    else:
        text = value.text
    return f"{text}\u00a0{value.footnote_mark}" if value.footnote_mark else text


def format_target(indicator) -> str:
    """The target as the programme states it: a number (with its year) and/or a direction."""
    parts = []
    if indicator.target_value is not None:
        number = format_with_unit(indicator.target_value, indicator)
        if indicator.target_year:
            number = _("%(number)s in %(year)s") % {"number": number, "year": indicator.target_year}
        parts.append(number)
    if indicator.direction:
        parts.append(str(indicator.get_direction_display()))
    return " / ".join(parts)
