"""Numbers written the Polish way (Babel's Polish locale), as the city's documents write them.

Babel groups thousands with a non-breaking space from five digits on ("27 993", but "1633") and
uses a decimal comma; it is also what the entry form parses with, so what is shown can be typed
back. ``indicators.formatting`` adds units and kinds of value on top.
"""

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal

LOCALE = "pl_PL"
# Without trailing zeros, up to the four decimals values are stored with.
PLAIN = "#,##0.####"


@lru_cache(maxsize=8192)
def format_polish(number: Decimal, pattern: str = PLAIN) -> str:
    """``number`` in Polish notation with a Babel/CLDR ``pattern`` (default: no trailing zeros).

    Remembered per process (Babel takes tens of microseconds a number, and a page or a report
    writes the same numbers over and over): equal numbers — ``1.5`` and ``1.50`` — print alike
    in every pattern, so they may share an entry."""
    if pattern == PLAIN:
        number = number.normalize()
    return format_decimal(number, format=pattern, locale=LOCALE)
