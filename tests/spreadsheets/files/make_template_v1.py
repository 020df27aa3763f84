"""Fill the programme template of version 1 (main at 9e05a14) the way a city would, and keep it."""
import django, os, sys
sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from tests.spreadsheets.builders import programme_file, FOUR_LEVELS
rows = [
    {"level": 1, "code": "I", "title": "Wspieranie rodziny"},
    {"level": 2, "code": "I.1", "title": "Wzmocnienie rodzin w pełnieniu funkcji opiekuńczo-wychowawczych"},
    {"level": 3, "code": "I.1.1", "title": "Rozwój poradnictwa rodzinnego"},
    {"level": 4, "code": "I.1.1.1", "title": "Prowadzenie punktu konsultacyjnego dla rodziców",
     "expected_result": "Wzrost umiejętności wychowawczych rodziców", "period": "2021-2025",
     "responsible_institution": "Centrum Usług Rodzinie w Nowogrodzie",
     "implementers": "Centrum Usług Rodzinie w Nowogrodzie; organizacje pozarządowe"},
    {"indicator": "Liczba rodzin objętych poradnictwem", "unit": "rodziny",
     "value_kind": "liczba całkowita", "reporting_organisation": "Centrum Usług Rodzinie w Nowogrodzie",
     "Wartość 2020": 41},
    {"level": 1, "code": "II", "title": "Rozwój pieczy zastępczej"},
    {"level": 2, "code": "II.1", "title": "Promocja rodzicielstwa zastępczego"},
    {"level": 3, "code": "II.1.1", "title": "Kampanie informacyjne"},
    {"level": 4, "code": "II.1.1.1", "title": "Organizacja kampanii w mediach lokalnych",
     "period": "corocznie", "responsible_institution": "Centrum Usług Rodzinie w Nowogrodzie"},
    {"indicator": "Liczba kampanii", "unit": "liczba", "value_kind": "liczba całkowita",
     "direction": "wzrost", "reporting_organisation": "Centrum Usług Rodzinie w Nowogrodzie"},
]
content = programme_file(
    programme={"slug": "program-wspierania-rodziny-nowogrod-v1", "title":
               "Program Wspierania Rodziny i Rozwoju Pieczy Zastępczej Miasta Nowogród na lata 2021-2025",
               "first_year": 2021, "last_year": 2025, "coordinator": "Centrum Usług Rodzinie w Nowogrodzie"},
    levels=FOUR_LEVELS, rows=rows, extra_headers=("Wartość 2020",),
    organisations=[("Centrum Usług Rodzinie w Nowogrodzie", "CUR", "Inna instytucja publiczna", "", ""),
                   ("organizacje pozarządowe", "", "Grupa podmiotów", "", "")],
)
open("tests/spreadsheets/files/programme-template-v1.xlsx", "wb").write(content)
print(len(content))
