"""Dates written the way the city's documents write them ("15 czerwca 2023 r.", "czerwiec 2023
r."), with Babel's Polish locale, whatever the reader's language."""

from datetime import date

from babel.dates import format_date

LOCALE = "pl_PL"


def date_in_words(day: date | None) -> str:
    """``15 czerwca 2023 r.`` (the genitive month name, as a Polish date is read); empty for
    no date."""
    if day is None:
        return ""
    return f"{format_date(day, 'd MMMM y', locale=LOCALE)} r."


def month_in_words(day: date | None) -> str:
    """``czerwiec 2023 r.`` (the month and year a document was prepared, as its title page
    prints it); empty for no date."""
    if day is None:
        return ""
    return f"{format_date(day, 'LLLL y', locale=LOCALE)} r."
