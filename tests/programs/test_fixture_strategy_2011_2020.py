"""The demo Strategy 2011–2020 (fixtures/strategia-2011-2020.json) against its seed document.

Seed 001 is the implementation report for 2020: seven strategic goals A–G, their priorities and
tasks, each task's indicators with the value for 2020, the closing conclusion and the signature.
The counts and values below were counted by hand in the seed; each check also looks the printed
text up in the seed. Indicators that the conversion printed before their task's code line (F.1.1,
F.2.3, F.3.3, G.3.1) are checked to sit on the right task.
"""

import re
from decimal import Decimal

import pytest

from demo.programmes import read_fixture
from indicators.models import Indicator, IndicatorValue
from indicators.services.programmes import programme_load
from programs.models import Objective, ObjectiveImplementer, Organisation, Programme

pytestmark = pytest.mark.django_db

SLUG = "strategia-2011-2020"
FILE = "strategia-2011-2020.json"
SEED = "001"

MOPR = "Miejski Ośrodek Pomocy Rodzinie w Białymstoku"
PUP = "Powiatowy Urząd Pracy w Białymstoku"
UM = "Urząd Miejski w Białymstoku"
DSS = "Departament Spraw Społecznych Urzędu Miejskiego w Białymstoku"
DE = "Departament Edukacji Urzędu Miejskiego w Białymstoku"
NGO = "organizacje pozarządowe"

# goal: (title, priorities, tasks, indicators), counted in the seed.
GOALS = {
    "A": ("Rodzina-najlepszym środowiskiem rozwoju", 4, 17, 35),
    "B": ("Bezpieczne społeczeństwo", 4, 16, 16),
    "C": ("Wysoka aktywność zawodowa", 4, 11, 19),
    "D": ("Troska o kondycję zdrowotną", 3, 9, 15),
    "E": ("Przyjazna polityka mieszkaniowa i przeciwdziałanie bezdomności", 3, 6, 6),
    "F": ("Wysoki poziom świadomości i aktywności społecznej mieszkańców w każdym wieku", 3, 10,
          42),
    "G": ("Skuteczny system społecznego wsparcia oraz integracja środowiska lokalnego", 7, 19,
          42),
}

# Every task code of the seed, per goal, in the document's order.
TASKS = {
    "A": ["A.1.1", "A.1.2", "A.1.3", "A.1.4", "A.1.5", "A.1.6", "A.2.1", "A.2.2", "A.2.3",
          "A.3.1", "A.3.2", "A.3.3", "A.3.4", "A.4.1", "A.4.2", "A.4.3", "A.4.4"],
    "B": ["B.1.1", "B.1.2", "B.1.3", "B.1.4", "B.1.5", "B.1.6", "B.2.1", "B.2.2", "B.2.3",
          "B.3.1", "B.3.2", "B.3.3", "B.3.4", "B.4.1", "B.4.2", "B.4.3"],
    "C": ["C.1.1", "C.1.2", "C.1.3", "C.1.4", "C.2.1", "C.2.2", "C.2.3", "C.3.1", "C.3.2",
          "C.4.1", "C.4.2"],
    "D": ["D.1.1", "D.1.2", "D.1.3", "D.2.1", "D.2.2", "D.2.3", "D.2.4", "D.3.1", "D.3.2"],
    "E": ["E.1.1", "E.1.2", "E.1.3", "E.2.1", "E.2.2", "E.3.1"],
    "F": ["F.1.1", "F.1.2", "F.1.3", "F.1.4", "F.2.1", "F.2.2", "F.2.3", "F.3.1", "F.3.2",
          "F.3.3"],
    "G": ["G.1.1", "G.1.2", "G.2.1", "G.2.2", "G.3.1", "G.3.2", "G.3.3", "G.3.4", "G.3.5",
          "G.4.1", "G.4.2", "G.4.3", "G.5.1", "G.5.2", "G.5.3", "G.6.1", "G.6.2", "G.6.3",
          "G.7.1"],
}

NO_DATA = object()

# (task code, fragment of the indicator's name, the value as printed in the seed, stored value).
# A trailing "*"/"**" in the printed value is the footnote mark the value must carry.
VALUES = [
    ("A.1.1", "Liczba placówek wsparcia dziennego", "18", Decimal("18")),
    ("A.1.3", "z powodu bezradności", "1633", Decimal("1633")),
    ("A.1.5", "korzystających z mieszkań chronionych", "18", Decimal("18")),
    ("A.2.1", "Liczba przeprowadzonych kampanii", "0", Decimal("0")),
    ("A.3.1", "Liczba działań informacyjno – edukacyjnych", "725", Decimal("725")),
    ("A.3.4", "Liczba udzielonych porad", "27 993", Decimal("27993")),
    ("A.4.4", "Liczba kontaktów", "6 478", Decimal("6478")),
    ("B.1.2", "Liczba monitorowanych miejsc", "2486", Decimal("2486")),
    ("B.2.2", "zdarzeń zagrażających zdrowiu", "22 588", Decimal("22588")),
    ("B.3.1", "ratowniczych i interwencji", "42 487", Decimal("42487")),
    ("B.3.2", "poszkodowanych i potrzebujących", "1 090", Decimal("1090")),
    ("B.3.3", "Liczba ludności", "277 749", Decimal("277749")),
    ("B.4.2", "nastąpiło zniszczenie warunków bytowych", "27", Decimal("27")),
    ("C.1.1", "ankiet wśród pracodawców", "214", Decimal("214")),
    ("C.1.3", "na organizację szkoleń", "413 tys. zł *", Decimal("413")),
    ("C.2.2", "na rozwój przedsiębiorczości", "9 353,2 tys. zł *", Decimal("9353.2")),
    ("C.2.3", "na tworzenie nowych miejsc pracy", "766,5 tys. zł *", Decimal("766.5")),
    ("C.4.1", "projektem systemowym", "288 *", Decimal("288")),
    ("C.4.1", "programami rynku pracy", "475 **", Decimal("475")),
    ("C.4.2", "Kwota pozyskanych środków", "10 153,0 tys. zł", Decimal("10153.0")),
    ("D.1.3", "Ilość uczestników", "31692", Decimal("31692")),
    ("D.2.1", "uczestników programów profilaktycznych", "96 143", Decimal("96143")),
    ("D.2.2", "Wysokość dofinansowania", "1 332 190,00 zł", Decimal("1332190.00")),
    ("D.2.2", "Ilość pacjentów", "Brak danych", NO_DATA),
    ("D.2.3", "prowadzonych przez NGO", "9", Decimal("9")),
    ("E.1.2", "Ilość lokali socjalnych", "0,01 %", Decimal("0.01")),
    ("E.1.3", "Ilość zamian", "0,006 %", Decimal("0.006")),
    ("E.2.1", "Liczba rodzin objętych wsparciem", "4287", Decimal("4287")),
    ("E.2.2", "ilość obniżek", "22,36 %", Decimal("22.36")),
    ("E.3.1", "Kwota wierzytelności", "38,41 %", Decimal("38.41")),
    ("F.1.1", "Liczba zaangażowanych ośrodków", "29", Decimal("29")),
    ("F.1.1", "Liczba osób objętych wsparciem", "1491*", Decimal("1491")),
    ("F.1.1", "Koszt jednorazowego wsparcia",
     "Departament Edukacji: 119 995,76 zł (wydatki na Białostocką Akademię Rodziny)",
     "Departament Edukacji: 119 995,76 zł (wydatki na Białostocką Akademię Rodziny)"),
    ("F.1.1", "Stopień zadowolenia", "wysoki", "wysoki"),
    ("F.1.2", "Stopień zaangażowania instytucji", "wysoki/wystarczający, minimalny",
     "wysoki/wystarczający, minimalny"),
    ("F.1.3", "podejmujących aktywność społeczną", "41 410", Decimal("41410")),
    ("F.2.2", "Suma środków", "4 014 862,58 zł", Decimal("4014862.58")),
    ("F.2.3", "Liczba instytucji podejmujących współpracę", "170", Decimal("170")),
    ("F.3.2", "Poziom gotowości", "wysoki/wystarczający/ minimalny",
     "wysoki/wystarczający/ minimalny"),
    ("F.3.3", "tworzących sieć wspierania rodzin", "46", Decimal("46")),
    ("F.3.3", "Liczba rodzin korzystających", "13817", Decimal("13817")),
    ("G.1.1", "objętych pomocą społeczną", "10 620", Decimal("10620")),
    ("G.2.2", "w miejscu zamieszkania i w DPS", "527 *", Decimal("527")),
    ("G.3.1", "zarejestrowanych jako bezrobotne", "808", Decimal("808")),
    ("G.3.1", "Efekt udzielanej pomocy", "Brak danych", NO_DATA),
    ("G.3.4", "Zatrudnionych", "275**", Decimal("275")),
    ("G.3.4", "Miejsca aktywizacji", "warsztaty terapii zajęciowej/środowiskowy dom samopomocy",
     "warsztaty terapii zajęciowej/środowiskowy dom samopomocy"),
    ("G.4.1", "uczestniczących w realizacji standardu", "0*", Decimal("0")),
    ("G.5.2", "stypendiów artystycznych", "9", Decimal("9")),
    ("G.6.1", "organizowana przez miejskie instytucje kultury", "68*", Decimal("68")),
    ("G.6.3", "Ilość realizowanych programów", "4 *", Decimal("4")),
    ("G.7.1", "Liczba szkoleń", "0", Decimal("0")),
]

CONCLUSION = (
    "Analiza informacji i danych zgromadzonych w opracowaniu prowadzi do wniosku, że ogólne "
    "założenia Strategii są realizowane na bieżąco, co świadczy o ciągłej i systematycznej "
    "realizacji przyjętych w niej zadań."
)


def _norm(text: str) -> str:
    """Whitespace (tabs, line breaks, no-break spaces) collapsed to single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def seed(seed_text):
    return seed_text(SEED)


@pytest.fixture
def seed_lines(seed):
    return [_norm(line) for line in seed.splitlines()]


@pytest.fixture
def programme():
    return Programme.objects.get(slug=SLUG)


def _task(programme, code: str) -> Objective:
    return Objective.objects.get(programme=programme, code=code, level=3)


def _implementers(task: Objective) -> list[str]:
    return [
        link.organisation.name
        for link in ObjectiveImplementer.objects.filter(objective=task).select_related(
            "organisation"
        )
    ]


def test_programme_details(programme):
    assert programme.kind == Programme.Kind.STRATEGY
    assert programme.title == (
        "Strategia Rozwiązywania Problemów Społecznych Miasta Białegostoku na lata 2011-2020"
    )
    assert programme.short_name == "Strategia 2011–2020"
    assert (programme.first_year, programme.last_year) == (2011, 2020)
    assert programme.status == Programme.Status.FINISHED
    assert programme.level_names == ["Cel strategiczny", "Priorytet", "Zadanie"]
    assert programme.coordinator.short_name == "MOPR"
    assert programme.uses_deviation_assessment is False
    # The report does not state the adopting resolution: nothing invented.
    assert (programme.resolution_number, programme.resolution_date) == ("", None)


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_counts_per_goal(programme, seed, goal):
    title, priorities, tasks, indicators = GOALS[goal]
    assert f"Cel strategiczny {goal} {title}" in _norm(seed)
    node = Objective.objects.get(programme=programme, code=goal, level=1)
    assert node.title == title
    assert node.children.count() == priorities
    for priority in node.children.all():
        assert f"Priorytet {priority.code}. " in seed
    assert len(TASKS[goal]) == tasks
    for code in TASKS[goal]:
        assert re.search(rf"^{re.escape(code)}\t", seed, re.MULTILINE), code
    stored = Objective.objects.filter(programme=programme, parent__parent=node)
    assert stored.count() == tasks
    assert sorted(stored.values_list("code", flat=True)) == sorted(TASKS[goal])
    assert Indicator.objects.filter(objective__parent__parent=node).count() == indicators
    # Every indicator has its 2020 value; the 2011–2020 report has no targets.
    values = IndicatorValue.objects.filter(indicator__objective__parent__parent=node, year=2020)
    assert values.count() == indicators
    assert not Indicator.objects.filter(objective__parent__parent=node).with_targets().exists()


def test_totals(programme):
    indicators = Indicator.objects.filter(objective__programme=programme)
    values = IndicatorValue.objects.filter(indicator__objective__programme=programme)
    assert Objective.objects.filter(programme=programme, level=1).count() == 7
    assert Objective.objects.filter(programme=programme, level=2).count() == 28
    assert Objective.objects.filter(programme=programme, level=3).count() == 88
    assert indicators.count() == 175
    assert not indicators.filter(objective__level__lt=3).exists()
    assert values.count() == 175
    assert set(values.values_list("year", flat=True)) == {2020}
    assert values.exclude(text="").count() == 19
    assert values.filter(no_data=True).count() == 2
    assert values.exclude(footnote_mark="").count() == 13
    assert not indicators.filter(reporting_organisation__isnull=True).exists()


@pytest.mark.parametrize(
    ("code", "fragment", "printed", "expected"), VALUES,
    ids=[f"{v[0]}-{v[1][:24]}" for v in VALUES],
)
def test_value_2020(programme, seed_lines, code, fragment, printed, expected):
    assert any(fragment in line and _norm(printed) in line for line in seed_lines), (
        f"no line of the seed has “{fragment}” with “{printed}”"
    )
    indicator = _task(programme, code).indicators.get(name__contains=fragment)
    value = indicator.values.get(year=2020)
    mark = re.search(r"\*+$", printed)
    assert value.footnote_mark == (mark.group(0) if mark else "")
    if mark:
        assert value.remarks.startswith(mark.group(0))
    if expected is NO_DATA:
        assert value.no_data and value.no_data_reason == "Brak danych"
        assert (value.number, value.text) == (None, "")
    elif isinstance(expected, str):
        assert indicator.value_kind == "text"
        assert (value.text, value.number, value.no_data) == (expected, None, False)
    else:
        assert (value.number, value.text, value.no_data) == (expected, "", False)
        if "tys. zł" in printed:
            assert (indicator.unit, indicator.value_kind) == ("thousand_pln", "amount")
        elif "zł" in printed:
            assert (indicator.unit, indicator.value_kind) == ("pln", "amount")
        elif "%" in printed:
            assert (indicator.unit, indicator.value_kind) == ("percent", "percent")
        else:
            assert indicator.value_kind == "integer"


def test_indicators_printed_before_their_code_line(programme, seed):
    text = _norm(seed)
    # F.1.1: the name is broken over two lines, around the task's code line.
    assert "Liczba zaangażowanych ośrodków 29" in text
    assert "F.1.1 Wspieranie rozwoju osób" in text
    first = _task(programme, "F.1.1").indicators.order_by("position").first()
    assert first.name == (
        "Liczba zaangażowanych ośrodków aktywności społecznej oraz ich pracowników "
        "(współpracowników)"
    )
    # G.3.1: its first two rows stand before its code line, after G.2.2's rows.
    g31 = _task(programme, "G.3.1")
    assert [i.name[:40] for i in g31.indicators.order_by("position")] == [
        "Liczba osób niepełnosprawnych zarejestro",
        "Baza danych zawierająca różne rodzaje ni",
        "W jakiej ilości i jakie rodzaje pomocy s",
        "Efekt udzielanej pomocy (ankiety dot. ja",
    ]
    assert g31.indicators.get(name__startswith="Liczba osób").values.get().remarks == (
        "w tym 682 osoby bezrobotne i 126 osoby poszukujące pracy"
    )
    assert _task(programme, "G.2.2").indicators.count() == 3
    database = g31.indicators.get(name__startswith="Baza danych").values.get().text
    assert database.startswith("Bezrobotni wg przyczyn niepełnosprawności:\n1.upośledzenie")
    assert database.splitlines()[-1] == "12.inne - 87 osób,"
    # F.2.3 and F.3.3 have no indicator on their code line: the row before is theirs.
    assert _task(programme, "F.2.3").indicators.order_by("position").first().name == (
        "Liczba instytucji podejmujących współpracę"
    )
    assert _task(programme, "F.2.2").indicators.count() == 2
    assert _task(programme, "F.3.3").indicators.order_by("position").first().name == (
        "Liczba instytucji tworzących sieć wspierania rodzin"
    )
    assert _task(programme, "F.3.2").indicators.order_by("position").last().name == (
        "Liczba osób zaangażowanych na rzecz integracji międzypokoleniowej"
    )


def test_text_values_are_clean(programme):
    texts = IndicatorValue.objects.filter(
        indicator__objective__programme=programme
    ).exclude(text="")
    for value in texts:
        assert "<" not in value.text and ">" not in value.text, value.indicator.name
        assert not re.search(r"^\s*-{2,}", value.text, re.MULTILINE), value.indicator.name
        assert "Raport ze" not in value.text
    kinds = Indicator.objects.filter(objective__programme=programme, value_kind="text")
    assert kinds.count() == 20  # 19 texts and one "Brak danych"
    proposed = _task(programme, "F.1.1").indicators.get(name__contains="proponowanego")
    lines = proposed.values.get().text.splitlines()
    assert lines[0] == "81 w tym m. in.:"
    assert lines[-1] == "- konsultacje dla rodziców"
    assert "- wsparcie w postaci 1%;" in lines


def test_remarks_and_footnotes(programme):
    def value(code, fragment):
        return _task(programme, code).indicators.get(name__contains=fragment).values.get()

    assert value("A.1.3", "bezradności").remarks == "w tym 6 rodzin było objętych dwukrotnie"
    assert value("A.1.4", "pomoc materialną").remarks == "stypendia szkolne-965 zasilki szkolne-14"
    # C.4.1: one remarks cell with two footnotes, each kept with its own value.
    assert value("C.4.1", "projektem systemowym").remarks == (
        "*Liczba osób objętych projektami Europejskiego Funduszu Społecznego"
    )
    assert value("C.4.1", "programami rynku pracy").remarks.startswith("**Liczba osób objętych")
    # The "*" remark of C.1.3 stands on the count's row; it belongs to the amount.
    assert value("C.1.3", "Liczba osób przeszkolonych").remarks == ""
    assert value("C.1.3", "Wysokość").remarks.startswith("*Podane kwoty dotyczą m. in.")
    homeless = value("G.4.1", "standardu").remarks
    assert homeless.startswith("*Od 01.03.2012r.do 31.08.2013r. MOPR uczestniczył")
    assert "we współpracy z organizacjami pozarządowymi (Caritas" in homeless
    assert homeless.endswith("„Białystok na rzecz wychodzenia z bezdomności”")


def test_implementers_and_funding(programme, seed):
    text = _norm(seed)
    assert ("Urząd Miejski (Departament Spraw Społecznych, Departament Edukacji) żłobki, "
            "przedszkola, szkoły podstawowe") in text
    assert _implementers(_task(programme, "A.1.2")) == [
        DSS, DE, "żłobki", "przedszkola", "szkoły podstawowe", "placówki opiekuńczo-wychowawcze",
        NGO,
    ]
    assert _implementers(_task(programme, "A.1.1"))[:2] == [UM, MOPR]
    assert _implementers(_task(programme, "G.3.4")) == [PUP, NGO, UM, MOPR]
    assert _implementers(_task(programme, "C.1.1")) == [PUP]

    def funding(code):
        return {fs.name.casefold() for fs in _task(programme, code).funding_sources.all()}

    # C.4.1 lists one source per indicator row: the task has their union.
    assert funding("C.4.1") == {"budżet miasta", "fundusz pracy", "europejski fundusz społeczny"}
    assert funding("G.7.1") == {"budżet państwa", "budżet miasta", "środki ue", "środki pfron"}
    assert funding("A.1.6") == {"budżet miasta", "dotacje z budżetu państwa"}
    assert funding("G.3.3") == set()
    # Labour-market indicators are reported by the labour office.
    c = Indicator.objects.filter(objective__programme=programme, objective__code__startswith="C")
    assert set(c.values_list("reporting_organisation__short_name", flat=True)) == {"PUP"}


def test_shared_bodies_are_one_record_each():
    for fragment in ["Departament Spraw Społecznych", "Departament Edukacji"]:
        assert Organisation.objects.filter(name__startswith=fragment).count() == 1
    assert Organisation.objects.filter(name__iexact="organizacje pozarządowe").count() == 1
    assert Organisation.objects.filter(short_name="CKU").count() == 1
    assert Organisation.objects.get(name="placówki opiekuńczo-wychowawcze").kind == "group"


def test_reporting_year_2020(programme, seed):
    text = _norm(seed)
    assert CONCLUSION in text
    assert "akceptuję PREZYDENT MIASTA" in text and "dr hab. Tadeusz Truskolaski" in text
    assert "czerwiec 2021 r." in text
    assert ("ZASTĘPCA DYREKTORA Miejskiego Ośrodka Pomocy Rodzinie w Białymstoku "
            "mgr Jolanta Perkowska") in text
    year = programme.reporting_years.get()
    assert year.year == 2020
    assert year.state == "published" and year.is_published
    assert year.conclusion == CONCLUSION
    assert year.prepared_by.short_name == "MOPR"
    assert year.prepared_on.isoformat() == "2021-06-30"
    assert year.accepted_by == "PREZYDENT MIASTA dr hab. Tadeusz Truskolaski"
    assert year.accepted_on.isoformat() == "2021-06-30"
    assert year.signatory_name == "mgr Jolanta Perkowska"
    assert year.signatory_title == (
        "ZASTĘPCA DYREKTORA Miejskiego Ośrodka Pomocy Rodzinie w Białymstoku"
    )


def test_loading_again_changes_nothing():
    _, stats = programme_load(data=read_fixture(FILE))
    assert (stats.created, stats.updated, stats.organisations_created) == (0, 0, [])
