"""The 2020 report of the Strategy 2011–2020, rendered from the demo data, against the source
document (../shared/seeds/001_…txt): values on the lines of their indicators, in document order."""

import io
import re

import pytest
from pypdf import PdfReader

from demo.programmes import FIXTURES_DIR
from programs.models import Programme
from reports.builder import build_report
from reports.exporters import ReportPDFExporter

pytestmark = pytest.mark.django_db

# (goal, first words of the indicator as the source names it, value as the source prints it),
# in the order of the source document.
EXPECTED = [
    ("A", "Liczba placówek wsparcia", "18"),
    ("A", "Liczba asystentów rodzinnych", "26"),
    ("A", "Liczba zatrudnionych specjalistów", "364"),
    ("A", "Liczba działań ukierunkowanych", "497"),
    ("A", "Liczba rodzin objętych", "1633"),
    ("A", "Liczba rodziców objętych", "4795"),
    ("A", "Liczba rodzin z", "2533"),
    ("A", "Liczba uczniów, którym", "979"),
    ("A", "Liczba dzieci i", "1096"),
    ("A", "Liczba dzieci przebywających", "353"),
    ("A", "Liczba usamodzielnionych wychowanków", "128"),
    ("A", "Liczba programów/projektów", "14"),
    ("A", "Liczba przeprowadzonych kampanii", "52"),
    ("A", "Liczba działań informacyjno", "725"),
    ("A", "Liczba udzielonych porad", "27993"),
    ("A", "Liczba kontaktów, liczba", "6478"),
    ("B", "Liczba monitorowanych miejsc", "2486"),
    ("B", "Średnia roczna liczba", "22588"),
    ("B", "Średnia roczna ilość", "42487"),
    ("B", "Liczba ludności ,", "277749"),
    ("C", "Liczba przeprowadzonych ankiet", "214"),
    ("C", "Liczba osób objętych", "407"),
    ("C", "Wysokość pozyskanych środków", "413"),
    ("C", "Wysokość pozyskanych środków", "9353,2"),
    ("C", "Liczba osób zatrudnionych", "20"),
    ("C", "Liczba osób objętych", "288"),
    ("D", "Ilość działań", "7285"),
    ("D", "Ilość uczestników programów", "96143"),
    ("D", "Wysokość dofinansowania", "1332190,00"),
    ("D", "Ilość pacjentów w", "brak danych"),
    ("D", "Ilość placówek pomocowych", "9"),
    ("E", "Liczba rodzin objętych", "4287"),
    ("E", "Średniomiesięczna ilość obniżek", "22,36"),
    ("E", "Kwota wierzytelności objęta", "38,41"),
    ("F", "Ilość proponowanych obszarów", "337"),
    ("F", "Ilość form współpracy", "695"),
    ("F", "Liczba osób podejmujących", "41410"),
    ("F", "Ilość osób dorosłych", "2205"),
    ("F", "Suma środków przeznaczonych", "4014862,58"),
    ("G", "Liczba osób/rodzin objętych", "10620"),
    ("G", "Liczba osób objętych", "1945"),
    ("G", "Liczba osób umieszczonych", "104"),
    ("G", "Liczba osób skierowanych", "47"),
    ("G", "Ilość przeprowadzonych zajęć", "1685"),
    ("G", "Liczba przyznanych stypendiów", "9"),
]


def normalise(line: str) -> str:
    # Thousands are grouped with (non-breaking) spaces; compare digits without them.
    line = line.replace("\xa0", " ")
    line = re.sub(r"(?<=\d) (?=\d{3}\b)", "", line)
    return re.sub(r" +", " ", line).casefold()


@pytest.mark.skipif(not (FIXTURES_DIR / "strategia-2011-2020.json").exists(),
                    reason="fixtures/strategia-2011-2020.json is not transcribed yet")
def test_2020_report_has_the_source_values_on_their_indicator_lines_in_order():
    assert len(EXPECTED) >= 40 and {goal for goal, _n, _v in EXPECTED} == set("ABCDEFG")
    programme = Programme.objects.get(slug="strategia-2011-2020")
    reporting_year = programme.reporting_years.get(year=2020)
    content = ReportPDFExporter(build_report(programme, reporting_year)).render()[2]
    lines = [
        normalise(line)
        for page in PdfReader(io.BytesIO(content)).pages
        # Layout mode joins what stands on one printed line: the first line of an indicator's
        # name and its value (cells are top-aligned) come out on the same text line.
        for line in page.extract_text(extraction_mode="layout").splitlines()
    ]
    position = 0
    for goal, name, value in EXPECTED:
        # Names wrap in their narrow column: the first two words stand on the value's line.
        start = " ".join(name.split()[:2]).casefold()
        value_pattern = re.compile(rf"(?<![\d,]){re.escape(value.casefold())}(?![\d,])")
        found = next(
            (i for i in range(position, len(lines))
             if start in lines[i] and value_pattern.search(lines[i])),
            None,
        )
        assert found is not None, f"{goal}: „{name}” with {value} not found after line {position}"
        position = found + 1
