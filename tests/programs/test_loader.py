import copy

import pytest

from demo.programmes import load_programmes
from indicators.models import IndicatorValue
from indicators.services.programmes import programme_load
from programs.models import Objective, Organisation, Programme
from programs.services import ProgrammeDataError

pytestmark = pytest.mark.django_db

DATA = {
    "organisations": [
        {"name": "Miejski Ośrodek Pomocy Rodzinie w Białymstoku", "short_name": "MOPR"},
        {"name": "Departament Spraw Społecznych Urzędu Miejskiego w Białymstoku",
         "aliases": ["Urząd Miejski (Departament Spraw Społecznych)"]},
    ],
    "programme": {
        "slug": "miasto-x-2025", "kind": "programme", "title": "Program miasta X",
        "short_name": "X", "first_year": 2025, "last_year": 2028,
        "level_names": ["Obszar działania", "Cel", "Zadanie", "Sposób realizacji"],
    },
    "objectives": [
        {"code": "1", "title": "Obszar", "children": [
            {"code": "1.1", "title": "Cel", "children": [
                {"code": "1.1.1", "title": "Zadanie", "children": [
                    {"code": "1.1.1.1", "title": "Sposób",
                     "implementers": ["MOPR", "Urząd Miejski (Departament Spraw Społecznych)"],
                     "funding_sources": ["Budżet Miasta"],
                     "indicators": [{"name": "Liczba osób", "unit": "persons",
                                     "direction": "increase", "reporting_organisation": "MOPR",
                                     "values": {"2025": {"number": "12"},
                                                "2026": {"no_data": "Brak danych"}}}]},
                ]},
            ]},
        ]},
        {"code": "", "title": "Węzeł bez kodu"},
    ],
}


def test_loads_a_four_level_tree_and_resolves_aliases():
    programme, stats = programme_load(data=copy.deepcopy(DATA))
    leaf = Objective.objects.get(programme=programme, code="1.1.1.1")
    assert leaf.level == 4 and leaf.level_name == "Sposób realizacji"
    assert [o.name for o in leaf.implementers.order_by("objectiveimplementer__position")] == [
        "Miejski Ośrodek Pomocy Rodzinie w Białymstoku",
        "Departament Spraw Społecznych Urzędu Miejskiego w Białymstoku",
    ]
    values = IndicatorValue.objects.filter(indicator__objective=leaf).order_by("year")
    assert values[0].number == 12 and values[1].no_data_reason == "Brak danych"
    assert stats.created > 0


def test_loading_twice_changes_nothing():
    programme_load(data=copy.deepcopy(DATA))
    _, stats = programme_load(data=copy.deepcopy(DATA))
    assert not stats.changed
    value = IndicatorValue.objects.get(indicator__name="Liczba osób", year=2025)
    assert value.history.count() == 1


def test_demo_loader_is_idempotent():
    results = load_programmes()
    assert all(not stats.changed for _, stats in results)


def test_unknown_organisation_changes_nothing():
    data = copy.deepcopy(DATA)
    data["objectives"][0]["children"][0]["children"][0]["children"][0]["implementers"] = [
        "Nieznana instytucja"
    ]
    before = Organisation.objects.count()
    with pytest.raises(ProgrammeDataError, match="Nieznana instytucja"):
        programme_load(data=data)
    assert not Programme.objects.filter(slug="miasto-x-2025").exists()
    assert Organisation.objects.count() == before


def test_unknown_unit_is_refused():
    data = copy.deepcopy(DATA)
    leaf = data["objectives"][0]["children"][0]["children"][0]["children"][0]
    leaf["indicators"][0]["unit"] = "furlongs"
    with pytest.raises(ProgrammeDataError, match="furlongs"):
        programme_load(data=data)
    assert not Programme.objects.filter(slug="miasto-x-2025").exists()
