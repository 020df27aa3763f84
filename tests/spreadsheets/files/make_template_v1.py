"""How programme-template-v1.xlsx was made: the set-up template of version 1 (main at 9e05a14)
filled the way a city would. Kept for the record; it cannot make a version-1 file any more."""

import os
import sys

import django

CUR = "Centrum Usług Rodzinie w Nowogrodzie"
ROWS = [
    {"level": 1, "code": "I", "title": "Wspieranie rodziny"},
    {"level": 2, "code": "I.1",
     "title": "Wzmocnienie rodzin w pełnieniu funkcji opiekuńczo-wychowawczych"},
    {"level": 3, "code": "I.1.1", "title": "Rozwój poradnictwa rodzinnego"},
    {"level": 4, "code": "I.1.1.1", "title": "Prowadzenie punktu konsultacyjnego dla rodziców",
     "expected_result": "Wzrost umiejętności wychowawczych rodziców", "period": "2021-2025",
     "responsible_institution": CUR, "implementers": f"{CUR}; organizacje pozarządowe"},
    {"indicator": "Liczba rodzin objętych poradnictwem", "unit": "rodziny",
     "value_kind": "liczba całkowita", "reporting_organisation": CUR, "Wartość 2020": 41},
    {"level": 1, "code": "II", "title": "Rozwój pieczy zastępczej"},
    {"level": 2, "code": "II.1", "title": "Promocja rodzicielstwa zastępczego"},
    {"level": 3, "code": "II.1.1", "title": "Kampanie informacyjne"},
    {"level": 4, "code": "II.1.1.1", "title": "Organizacja kampanii w mediach lokalnych",
     "period": "corocznie", "responsible_institution": CUR},
    {"indicator": "Liczba kampanii", "unit": "liczba", "value_kind": "liczba całkowita",
     "direction": "wzrost", "reporting_organisation": CUR},
]

if __name__ == "__main__":
    sys.path.insert(0, ".")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from tests.spreadsheets.builders import FOUR_LEVELS, programme_file

    content = programme_file(
        programme={"slug": "program-wspierania-rodziny-nowogrod-v1", "first_year": 2021,
                   "last_year": 2025, "coordinator": CUR,
                   "title": "Program Wspierania Rodziny i Rozwoju Pieczy Zastępczej Miasta "
                            "Nowogród na lata 2021-2025"},
        levels=FOUR_LEVELS, rows=ROWS, extra_headers=("Wartość 2020",),
        organisations=[(CUR, "CUR", "Inna instytucja publiczna", "", ""),
                       ("organizacje pozarządowe", "", "Grupa podmiotów", "", "")],
    )
    with open("tests/spreadsheets/files/programme-template-v1.xlsx", "wb") as file:
        file.write(content)
