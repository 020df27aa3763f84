"""Polish wording of the consultation report: numbers in words and the sentences about counts.

The report is an official Polish document whose sentences follow the city's own template
("złożył jeden uprawniony podmiot", "nie wpłynęła żadna opinia"), so its wording is written here
in Polish rather than translated from English source strings: Polish numerals govern the case and
number of the noun and the verb ("dwa uprawnione podmioty złożyły", "pięć uprawnionych podmiotów
złożyło"), which a gettext plural cannot express.
"""

_UNITS = [
    "zero", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć",
    "dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście", "piętnaście",
    "szesnaście", "siedemnaście", "osiemnaście", "dziewiętnaście",
]
_TENS = [
    "", "", "dwadzieścia", "trzydzieści", "czterdzieści", "pięćdziesiąt", "sześćdziesiąt",
    "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt",
]
_HUNDREDS = [
    "", "sto", "dwieście", "trzysta", "czterysta", "pięćset", "sześćset", "siedemset",
    "osiemset", "dziewięćset",
]


def number_in_words(number: int) -> str:
    """A cardinal number 0–999 in Polish words (masculine non-personal nominative).

    Larger numbers are written in digits: no consultation gets a thousand opinions.
    """
    if number < 0 or number > 999:
        return str(number)
    if number < 20:
        return _UNITS[number]
    hundreds, rest = divmod(number, 100)
    words = [_HUNDREDS[hundreds]] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens])
        if units:
            words.append(_UNITS[units])
    elif rest:
        words.append(_UNITS[rest])
    return " ".join(words)


def plural_form(number: int) -> int:
    """Index of the Polish plural form: 0 for one, 1 for 2–4 (not 12–14), 2 for the rest."""
    if number == 1:
        return 0
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return 1
    return 2


def _choose(number: int, one: str, few: str, many: str) -> str:
    return (one, few, many)[plural_form(number)]


def bodies_phrase(number: int) -> str:
    """"jeden uprawniony podmiot", "dwa uprawnione podmioty", "pięć uprawnionych podmiotów"."""
    noun = _choose(
        number, "uprawniony podmiot", "uprawnione podmioty", "uprawnionych podmiotów"
    )
    return f"{number_in_words(number)} {noun}"


def opinions_submitted_sentence(count: int, draft_phrase: str, *, with_annex: bool) -> str:
    """Point of the report saying how many entitled bodies gave an opinion on one draft in time.

    ``draft_phrase`` is the genitive "projektu uchwały w sprawie …"; ``with_annex`` adds where
    their proposals are listed.
    """
    if count == 0:
        return f"We wskazanym wyżej terminie nie wpłynęła żadna opinia na temat {draft_phrase}."
    opinion = "opinię" if count == 1 else "opinie"
    verb = _choose(count, "złożył", "złożyły", "złożyło")
    sentence = (
        f"We wskazanym wyżej terminie {opinion} na temat {draft_phrase} "
        f"{verb} {bodies_phrase(count)}"
    )
    if with_annex:
        whose = "którego" if count == 1 else "których"
        sentence += (
            f", {whose} propozycje dotyczące projektu uchwały znajdują się w załączniku nr 1 "
            "do Raportu"
        )
    return sentence + "."


def late_opinions_sentence(count: int, draft_phrase: str, *, considered: int) -> str:
    """Point about opinions received after the end date, and whether they were considered."""
    subject = _choose(count, "podmiot", "podmioty", "podmiotów")
    verb = _choose(count, "złożył", "złożyły", "złożyło")
    opinion = "opinię" if count == 1 else "opinie"
    sentence = (
        f"Po wskazanym wyżej terminie {opinion} na temat {draft_phrase} {verb} "
        f"{number_in_words(count)} {subject}"
    )
    if considered == 0:
        tail = "opinia nie była rozpatrywana" if count == 1 else "opinie nie były rozpatrywane"
    elif considered == count:
        tail = "opinię rozpatrzono" if count == 1 else "opinie rozpatrzono"
    else:
        tail = (
            f"rozpatrzono {number_in_words(considered)} z nich, pozostałych nie rozpatrywano"
        )
    return f"{sentence}; {tail}."
