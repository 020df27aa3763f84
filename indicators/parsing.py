"""Numbers as people type them in Polish, parsed with Babel's pl_PL locale.

Accepted: ``1 380 000,00`` (normal, non-breaking or narrow spaces), ``1380000``,
``1.380.000,00`` (dots as thousands separators, as in spreadsheets), ``22,36``, ``22,36 %``,
``9 353,2``. Babel does the parsing in strict mode, so misplaced separators ("1 38 000",
"1,2,3") are refused; this module only brings the text into the form Babel expects and applies
the indicator's rules (whole numbers, no negative counts, digits the column can hold).

Only what people type in Polish documents is a number: the ASCII digits 0–9, a decimal comma,
spaces (or dots) between thousands, a leading minus (``-`` or the typographic ``−``). Digits of
other scripts (``١٢٣``, full-width ``１２３``) and Python's underscores (``1_000``), which
``Decimal`` would take, are refused.
"""

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import gettext as _

from indicators.models import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS, Unit, ValueKind

LOCALE = "pl_PL"
GROUP = "\u00a0"  # pl_PL groups thousands with a non-breaking space
SPACES = (" ", "\u202f", "\u2009", "\u2007")  # normal, narrow no-break, thin, figure space
MAX_INTEGER_DIGITS = VALUE_MAX_DIGITS - VALUE_DECIMAL_PLACES
# Units that count things: a negative value is always a typing error.
COUNTING_UNITS = {
    Unit.PERSONS, Unit.FAMILIES, Unit.HOUSEHOLDS, Unit.COUNT, Unit.PLACES, Unit.HOURS, Unit.DAYS,
}


class ParseError(ValueError):
    """The text is not an acceptable value; ``message`` is shown next to the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# What may be left once spaces are made the group separator and a percent sign is taken off.
_TYPED_NUMBER = re.compile(r"[-+]?[0-9][0-9\u00a0.,]*")


def _normalise(text: str, *, allow_percent: bool) -> str:
    text = text.strip().replace("\u2212", "-")
    for space in SPACES:
        text = text.replace(space, GROUP)
    if text.endswith("%"):
        if not allow_percent:
            raise ParseError(_("A percent sign is allowed only in percentages."))
        text = text[:-1].rstrip(GROUP)
    if "." in text:
        if "," in text or text.count(".") > 1:
            # "1.380.000,00": dots group thousands; Babel checks that they sit every 3 digits.
            text = text.replace(".", GROUP)
        elif len(text.rpartition(".")[2]) == 3:
            # "1.380" may be 1380 or 1,38: refuse rather than guess.
            raise ParseError(
                _("“%(text)s” is ambiguous: write 1380 for a thousand or 1,38 for a fraction.")
                % {"text": text.replace(GROUP, " ")}
            )
    return text


def parse_number(text: str, *, value_kind: str = ValueKind.DECIMAL, unit: str = "") -> Decimal:
    """Parse a number typed in Polish notation for an indicator of the given kind and unit.

    Raises ``ParseError`` with a Polish message when the text is not a number, is negative for a
    count, has decimals in a whole-number indicator, or has more digits than a value can hold.
    """
    allow_percent = value_kind == ValueKind.PERCENT or unit == Unit.PERCENT
    normalised = _normalise(text, allow_percent=allow_percent)
    if not normalised:
        raise ParseError(_("Enter a number."))
    # Babel would take "1e5", "NaN" and "Infinity"; nobody means those in a report.
    if any(char.isalpha() for char in normalised):
        raise ParseError(_("Enter a number, e.g. 1 380 000,00 or 22,36."))
    if not _TYPED_NUMBER.fullmatch(normalised):
        raise ParseError(_("Use only the digits 0–9, a comma before decimals and spaces between "
                           "thousands, e.g. 1 380 000,00 or 22,36."))
    try:
        number = parse_decimal(normalised, locale=LOCALE, strict=True)
    except NumberFormatError:
        raise ParseError(_("Enter a number, e.g. 1 380 000,00 or 22,36.")) from None
    if not number.is_finite():
        raise ParseError(_("Enter a number, e.g. 1 380 000,00 or 22,36."))
    # Trailing zeros ("1 380,00") do not count as decimals; no exponent form ("1.38E+6").
    number = number.normalize() if number else Decimal(0)
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))
    if number < 0 and (value_kind == ValueKind.INTEGER or unit in COUNTING_UNITS
                       or value_kind == ValueKind.AMOUNT):
        raise ParseError(_("The value cannot be negative."))
    sign, digits, exponent = number.as_tuple()
    decimals = max(0, -exponent)
    if value_kind == ValueKind.INTEGER and decimals:
        raise ParseError(_("This indicator takes a whole number, without decimals."))
    if decimals > VALUE_DECIMAL_PLACES:
        raise ParseError(
            _("Use at most %(places)d decimal places.") % {"places": VALUE_DECIMAL_PLACES}
        )
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        raise ParseError(
            _("The number is too large (at most %(digits)d digits before the comma).")
            % {"digits": MAX_INTEGER_DIGITS}
        )
    return number


# How one text carries the numbers of an indicator's parts: "9 / 5" or "9; 5" (the API, the
# value sheets, the programme template's past values).
PART_SEPARATOR = re.compile(r"\s*[;/]\s*")


def split_part_texts(text: str) -> list[str]:
    """The parts' texts of a value written as "9 / 5" or "9; 5" (``[]`` for an empty text)."""
    return PART_SEPARATOR.split(text.strip()) if text.strip() else []
