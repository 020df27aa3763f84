"""Indicator values written the Polish way, as the city's documents write them: numbers by kind
of value with their unit (``lib.numbers`` writes the digits), "brak danych", targets."""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import UNIT_SUFFIX, Unit, ValueKind
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


def _join_and(texts: list[str]) -> str:
    """"a", "a i b", "a, b i c" — as a Polish sentence lists things."""
    if len(texts) <= 1:
        return "".join(texts)
    return _("%(items)s and %(last)s") % {"items": ", ".join(texts[:-1]), "last": texts[-1]}


def format_part_number(number: Decimal, part, indicator) -> str:
    """One part's number as the document writes it: the number, its unit's sign, the label
    ("9 osób", "1 200,00 zł dla dzieci")."""
    unit = indicator.part_unit(part)
    text = format_number(number, value_kind=indicator.value_kind, unit=unit)
    suffix = UNIT_SUFFIX.get(unit, "")
    if suffix:
        text = f"{text}\u00a0{suffix}"
    return f"{text}\u00a0{part.label}" if part.label else text


def format_parts(indicator, pairs) -> str:
    """The numbers of an indicator's parts as the documents write them.

    - separate parts: "9 osób / 5 rodzin";
    - a total with "w tym" parts: "12 placówek, w tym 3 nowoutworzone" (several: "808 osób, w
      tym 682 bezrobotne i 126 poszukujące pracy");
    - summed parts: the sum first, "14, w tym 9 kobiet i 5 mężczyzn" (a "w tym" part of a
      summed part in brackets).

    ``pairs`` is ``[(IndicatorPart, number)]`` (``IndicatorValue.part_values``).
    """
    groups: list[tuple[str, list[str]]] = []
    total = Decimal(0)
    for part, number in pairs:
        text = format_part_number(number, part, indicator)
        if part.within and groups:
            groups[-1][1].append(text)
        else:
            groups.append((text, []))
            total += number
    if indicator.parts_summed:
        inner = [f"{head} ({_('including')} {_join_and(subsets)})" if subsets else head
                 for head, subsets in groups]
        total_text = format_number(total, value_kind=indicator.value_kind, unit=indicator.unit)
        suffix = indicator.unit_suffix
        if suffix:
            total_text = f"{total_text}\u00a0{suffix}"
        return f"{total_text}, {_('including')} {_join_and(inner)}"
    shown = [f"{head}, {_('including')} {_join_and(subsets)}" if subsets else head
             for head, subsets in groups]
    return " / ".join(shown)


def format_value(value) -> str:
    """An ``IndicatorValue`` as printed in tables: number with unit and footnote mark, the text,
    or "brak danych"."""
    if value is None:
        return ""
    if value.no_data:
        return _("no data")
    if value.number is not None and (pairs := value.part_values):
        text = format_parts(value.indicator, pairs)
    elif value.number is not None:
        # As the indicator it is shown under writes it; else as its measure (same unit, kind).
        text = format_with_unit(value.number, value.indicator or value.measure)
    else:
        text = value.text
    return f"{text}\u00a0{value.footnote_mark}" if value.footnote_mark else text


def format_target(indicator) -> str:
    """The target as the programme states it: a number (with its year) and/or a direction."""
    parts = []
    if indicator.target_value is not None:
        declared = indicator.part_list
        if indicator.target_part and indicator.target_part <= len(declared):
            # "1 000 rodzin": the target names its part.
            number = format_part_number(indicator.target_value,
                                        declared[indicator.target_part - 1], indicator)
        else:
            number = format_with_unit(indicator.target_value, indicator)
        if indicator.target_year:
            number = _("%(number)s in %(year)s") % {"number": number, "year": indicator.target_year}
        parts.append(number)
    if indicator.direction:
        parts.append(str(indicator.get_direction_display()))
    return " / ".join(parts)
