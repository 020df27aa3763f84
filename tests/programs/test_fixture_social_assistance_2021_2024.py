"""The demo Social Assistance Programme 2021–2024
(fixtures/program-pomocy-spolecznej-2021-2024.json) against its seed document.

Seed 000 is the city-council resolution with the programme as its annex: a diagnosis with Tabela
Nr 1–8 (2017–2019), the main goal, five specific goals and their tasks, each task's indicators with
a direction for the end of the programme. The conversion turned every heading number into "1."; the
real numbering is 1, 2 (2.1–2.5), 3 (3.1–3.3), 4, 5. The counts, directions and table values below
were counted by hand in the seed; each check also looks the printed text up in the seed.
"""

from decimal import Decimal

import pytest

from demo.programmes import read_fixture
from indicators.models import Indicator, IndicatorValue
from indicators.services.programmes import programme_load
from programs.models import DiagnosisRow, DiagnosisTable, Objective, Programme

pytestmark = pytest.mark.django_db

SLUG = "program-pomocy-spolecznej-2021-2024"
FILE = "program-pomocy-spolecznej-2021-2024.json"
MOPR = "Miejski Ośrodek Pomocy Rodzinie w Białymstoku"

# goal: (title, tasks, indicators of the goal and its tasks), counted in the seed.
GOALS = {
    "1": ("Zaspokojenie niezbędnych potrzeb osób i rodzin w trudnej sytuacji życiowej", 0, 4),
    "2": ("Aktywizacja i reintegracja osób i rodzin w celu życiowego usamodzielnienia", 5, 18),
    "3": ("Wsparcie osób chorych, niepełnosprawnych, starszych i samotnych", 3, 14),
    "4": ("Pomoc rodzinom przeżywającym trudności opiekuńczo-wychowawcze", 0, 5),
    "5": ("Organizowanie społeczności lokalnej", 0, 3),
}

# task: (title, indicators)
TASKS = {
    "2.1": ("Pomoc osobom bezrobotnym i nieaktywnym zawodowo zagrożonym wykluczeniem "
            "społecznym", 5),
    "2.2": ("Pomoc osobom bezdomnym i zagrożonym bezdomnością", 4),
    "2.3": ("Pomoc osobom i rodzinom, w których występuje uzależnienie od alkoholu", 3),
    "2.4": ("Pomoc cudzoziemcom", 3),
    "2.5": ("Pomoc osobom mającym trudności w przystosowaniu do życia po zwolnieniu z zakładu "
            "karnego", 3),
    "3.1": ("Pomoc osobom z zaburzeniami psychicznymi", 4),
    "3.2": ("Pomoc osobom potrzebującym wsparcia ze względu na wiek, chorobę lub "
            "niepełnosprawność", 8),
    "3.3": ("Pomoc osobom starszym i samotnym", 2),
}

SIMILAR = "Utrzymanie na zbliżonym poziomie"
# Every indicator of the goal tree, in order: (node, the direction as printed, stored direction).
DIRECTIONS = {
    "1": [("Spadek", "decrease"), (SIMILAR, "keep_similar"), (SIMILAR, "keep_similar"),
          (SIMILAR, "keep_similar")],
    "2.1": [(SIMILAR, "keep_similar"), (SIMILAR, "keep_similar"), ("Wzrost", "increase"),
            (SIMILAR, "keep_similar"), (SIMILAR, "keep_similar")],
    "2.2": [("Spadek/Utrzymanie na zbliżonym poziomie", "keep_similar_or_decrease"),
            (SIMILAR, "keep_similar"), (SIMILAR, "keep_similar"), (SIMILAR, "keep_similar")],
    "2.3": [(SIMILAR, "keep_similar"), (SIMILAR, "keep_similar"), ("Spadek", "decrease")],
    "2.4": [(SIMILAR, "keep_similar"), (SIMILAR, "keep_similar"),
            ("Utrzymanie na tym samym poziomie", "keep_same")],
    "2.5": [(SIMILAR, "keep_similar")] * 3,
    "3.1": [(SIMILAR, "keep_similar"), ("Wzrost", "increase"),
            ("Utrzymanie na zbliżonym poziomie /wzrost", "keep_similar_or_increase"),
            (SIMILAR, "keep_similar")],
    "3.2": [("Wzrost", "increase"),
            ("Utrzymanie na zbliżonym poziomie /Wzrost", "keep_similar_or_increase"),
            ("Wzrost", "increase"), ("Spadek", "decrease"), ("Wzrost", "increase"),
            (SIMILAR, "keep_similar"),
            ("Utrzymanie na zbliżonym poziomie /Wzrost", "keep_similar_or_increase"),
            ("Utrzymanie na zbliżonym poziomie /Wzrost", "keep_similar_or_increase")],
    "3.3": [("Utrzymanie na tym samym poziomie/Wzrost", "keep_same_or_increase"),
            ("Wzrost", "increase")],
    "4": [(SIMILAR, "keep_similar"),
          ("Utrzymanie na zbliżonym poziomie/Wzrost", "keep_similar_or_increase"),
          (SIMILAR, "keep_similar"),
          ("Utrzymanie na zbliżonym poziomie/Wzrost", "keep_similar_or_increase"),
          (SIMILAR, "keep_similar")],
    "5": [(SIMILAR, "keep_similar")] * 3,
}

# A few indicators by name, with the unit chosen for them.
NAMED = [
    ("1", "Liczba osób, którym przyznano pomoc społeczną w formie dożywiania", "persons"),
    ("2.2", "Liczba miejsc schronienia", "places"),
    ("2.3", "Liczba wniosków skierowanych do MKRPA o leczenie osoby uzależnionej", "count"),
    ("2.4", "Liczba rodzin cudzoziemców, które otrzymały wsparcie w formie dopłaty do najmu "
            "mieszkania", "families"),
    ("3.2", "Liczba mieszkańców Białegostoku oczekujących na umieszczenie w domach pomocy "
            "społecznej", "persons"),
    ("4", "Liczba rodzin objętych asystą rodzinną (w tym na wniosek pracownika socjalnego oraz "
          "zobowiązanych przez sąd)", "families"),
    ("5", "Liczba wydarzeń lokalnych", "count"),
]

# Rows per diagnosis table (Tabela Nr n), counted in the seed.
TABLE_INDICATORS = {1: 5, 2: 36, 3: 6, 4: 6, 5: 10, 6: 12, 7: 6, 8: 4}

# Diagnosis values: (table, anchor the row comes after or None, row label as printed, value
# column, year, value as printed, stored number, indicator name). Table 1 has one row per year
# (the label is the year, the columns are the measures); the other tables have one row per label
# with three year columns per value column.
T1_PCT = "Wskaźnik % mieszkańców Białegostoku objętych pomocą społeczną"
PERSONS_DEC = "Liczba osób, którym przyznano decyzją świadczenie"
AMOUNT = "Kwota świadczeń w złotych"
BEZR = "Bezradność w sprawach opiekuńczo-wychowawczych i prowadzenia gospodarstwa domowego"
CASH = "Osoby i rodziny, którym przyznano świadczenie pieniężne"
NONCASH = "Osoby i rodziny, którym przyznano świadczenie niepieniężne"
DOZ = ("Posiłek, w tym w ramach wieloletniego programu rządowego „Pomoc państwa w zakresie "
       "dożywiania”")
VALUES = [
    (1, None, "2017", 0, 2017, "281 310", "281310", "Liczba mieszkańców Białegostoku"),
    (1, None, "2019", 2, 2019, "6 124", "6124", "Liczba rodzin"),
    (1, None, "2018", 3, 2018, "10 830", "10830", "Liczba osób w rodzinach"),
    (1, None, "2017", 4, 2017, "4,4", "4.4", T1_PCT),
    (1, None, "2019", 4, 2019, "3,8", "3.8", T1_PCT),
    (2, None, "Ubóstwo", 0, 2017, "5 121", "5121", "Ubóstwo — Liczba rodzin"),
    (2, None, "Ubóstwo", 1, 2019, "6 601", "6601", "Ubóstwo — Liczba osób w rodzinie"),
    (2, None, "w tym: wielodzietność", 1, 2019, "685", "685",
     "Potrzeba ochrony macierzyństwa, w tym: wielodzietność — Liczba osób w rodzinie"),
    (2, None, "Bezradność w sprawach opiekuńczo-wychowawczych", 0, 2019, "880", "880",
     f"{BEZR} — Liczba rodzin"),
    (2, None, "rodziny niepełne", 1, 2017, "1 231", "1231",
     f"{BEZR}, w tym: rodziny niepełne — Liczba osób w rodzinie"),
    (2, None, "uzyskały status uchodźcy", 1, 2018, "448", "448",
     "Trudności w integracji osób, które uzyskały status uchodźcy lub ochronę uzupełniającą"
     " — Liczba osób w rodzinie"),
    (2, None, "Sytuacja kryzysowa", 0, 2018, "0", "0", "Sytuacja kryzysowa — Liczba rodzin"),
    (3, CASH, "Liczba osób ogółem", 0, 2017, "6 759", "6759", f"Liczba osób ogółem — {CASH}"),
    (3, NONCASH, "Liczba osób w rodzinach", 0, 2019, "4 591", "4591",
     f"Liczba osób w rodzinach — {NONCASH}"),
    (4, None, "Zasiłek stały", 1, 2017, "8 559 898", "8559898", f"Zasiłek stały — {AMOUNT}"),
    (4, None, "Zasiłek celowy", 0, 2019, "4 262", "4262", f"Zasiłek celowy — {PERSONS_DEC}"),
    (4, None, "Zasiłek okresowy", 1, 2018, "6 791 183", "6791183",
     f"Zasiłek okresowy — {AMOUNT}"),
    (5, None, "Pomoc państwa w zakresie dożywiania", 1, 2018, "988 851", "988851",
     f"{DOZ} — {AMOUNT}"),
    (5, None, "Schronienie", 1, 2018, "44 219", "44219",
     f"Schronienie w schronisku dla osób bezdomnych — {AMOUNT}"),
    (5, None, "Odpłatność gminy", 0, 2018, "697", "697",
     f"Odpłatność gminy za pobyt w domu pomocy społecznej — {PERSONS_DEC}"),
    (6, None, "Środowiskowe domy samopomocy", 0, 2019, "99", "99",
     "Środowiskowe domy samopomocy — Liczba miejsc"),
    (6, None, "Noclegownie", 1, 2017, "1 222", "1222",
     "Noclegownie i schroniska dla osób bezdomnych — Liczba osób korzystających"),
    (6, None, "Ośrodek Interwencji Kryzysowej", 1, 2018, "1 469", "1469",
     "Ośrodek Interwencji Kryzysowej — Liczba osób korzystających"),
    (7, None, "Praca socjalna", 1, 2018, "21 691", "21691",
     "Praca socjalna — Liczba osób w rodzinach"),
    (7, None, "Interwencja kryzysowa", 1, 2019, "4 477", "4477",
     "Interwencja kryzysowa — Liczba osób w rodzinach"),
    (8, None, "Kontrakt socjalny", 0, 2019, "135", "135", "Kontrakt socjalny"),
    (8, None, "integracji cudzoziemców", 0, 2018, "25", "25",
     "Indywidualny program integracji cudzoziemców"),
]


def _norm(text: str) -> str:
    """Whitespace (tabs, line breaks, no-break spaces) collapsed to single spaces."""
    return " ".join(text.split())


@pytest.fixture
def seed(seed_text):
    return _norm(seed_text("000"))


@pytest.fixture
def programme():
    return Programme.objects.get(slug=SLUG)


def _node(programme, code: str) -> Objective:
    return Objective.objects.get(programme=programme, code=code)


def _table_cells(raw: str, number: int) -> list[str]:
    """The cells of Tabela Nr ``number`` in reading order.

    The conversion puts every cell on its own line starting with a tab; a line without the tab
    right after a cell continues it (a wrapped label); other lines are captions and footnotes.
    """
    start = raw.index(f"Tabela Nr {number}.")
    end = raw.index(f"Tabela Nr {number + 1}.") if number < 8 else raw.index(
        "System pomocy społecznej ma na celu")
    cells: list[str] = []
    in_cell = False
    for line in raw[start:end].split("\n"):
        if line.startswith("\t"):
            cells.append(_norm(line))
            in_cell = True
        elif line.strip() and in_cell:
            cells[-1] = _norm(f"{cells[-1]} {line}")
        else:
            in_cell = False
    return [cell for cell in cells if cell]


def test_programme_details(programme, seed):
    assert programme.kind == Programme.Kind.PROGRAMME
    title = "Program Pomocy Społecznej Miasta Białegostoku na lata 2021-2024"
    assert f"§ 1. Przyjmuje się „{title}”" in seed
    assert programme.title == title
    assert programme.short_name == "Program Pomocy Społecznej 2021–2024"
    assert (programme.first_year, programme.last_year) == (2021, 2024)
    assert programme.status == Programme.Status.ADOPTED
    assert programme.level_names == ["Cel szczegółowy", "Zadanie"]
    assert programme.coordinator.name == MOPR
    assert programme.keep_tolerance == Decimal("10")
    assert programme.uses_deviation_assessment is False
    reporting_year = programme.reporting_years.get()
    assert (reporting_year.year, reporting_year.state) == (2021, "open")
    assert reporting_year.deadline.isoformat() == "2022-02-28"


def test_resolution_as_printed(programme, seed):
    # The seed is the resolution with its number and date left blank: they stay empty.
    assert seed.startswith("UCHWAŁA NR …………… RADY MIASTA BIAŁYSTOK z dnia ………………………")
    assert "Załącznik do uchwały nr ……..... Rady Miasta Białystok" in seed
    assert programme.resolution_number == ""
    assert programme.resolution_date is None
    assert programme.resolution_body == "Rada Miasta Białystok"


def test_main_goal_verbatim(programme, seed):
    main_goal = (
        "Zapewnienie efektywnego systemu wsparcia społecznego poprzez udostępnienie osobom "
        "i rodzinom potrzebującym pomocy instrumentów wspierających je w podejmowaniu wysiłków "
        "zmierzających do przezwyciężania trudnych sytuacji życiowych, a także życiowego "
        "usamodzielnienia oraz integracji ze środowiskiem."
    )
    assert f"Cel główny Programu: {main_goal}" in seed
    assert programme.main_goal == main_goal


def test_goal_tree_shape(programme, seed):
    goals = Objective.objects.filter(programme=programme, level=1)
    # The diagnosis is the programme's own part (its tables), not a goal.
    assert list(goals.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    tasks = Objective.objects.filter(programme=programme, level=2, parent__code__in=GOALS)
    assert sorted(tasks.values_list("code", flat=True)) == sorted(TASKS)
    # Each task section of the seed starts with "Adresaci" and has one table "Wskaźniki":
    # goals 1, 4 and 5 carry their own, goals 2 and 3 only through their tasks.
    sections = [code for code in [*GOALS, *TASKS] if code not in ("2", "3")]
    tables = seed.count("Wskaźniki Lp. Wskaźnik Wartość wskaźnika")
    assert seed.count("Adresaci") == tables == len(sections) == 11
    for code in sections:
        node = _node(programme, code)
        assert node.addressees.startswith("Program skierowany jest do")
        assert _norm(node.addressees) in seed and _norm(node.purpose) in seed
        for action in node.actions.split("\n"):
            assert _norm(action) in seed
    assert not Objective.objects.filter(programme=programme, code="2.6").exists()


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_goal_counts_and_titles(programme, seed, goal):
    title, tasks, indicators = GOALS[goal]
    # The list of specific goals is the one place where the seed kept the real numbers.
    assert f"{goal}. {title}." in seed
    node = _node(programme, goal)
    assert node.title == title
    assert node.children.count() == tasks
    assert (node.indicators.count() + Indicator.objects.filter(objective__parent=node).count()
            == indicators)
    for child in node.children.all():
        assert child.code.startswith(f"{goal}.")


@pytest.mark.parametrize("code", sorted(TASKS))
def test_task_counts_and_titles(programme, seed, code):
    title, indicators = TASKS[code]
    assert title in seed
    task = _node(programme, code)
    assert (task.title, task.level, task.parent.code) == (title, 2, code.split(".")[0])
    assert task.indicators.count() == indicators == len(DIRECTIONS[code])


@pytest.mark.parametrize("code", list(DIRECTIONS))
def test_directions_as_printed(programme, seed, code):
    indicators = list(_node(programme, code).indicators.order_by("position"))
    assert len(indicators) == len(DIRECTIONS[code])
    for indicator, (printed, direction) in zip(indicators, DIRECTIONS[code], strict=True):
        # In the seed the indicator's name (ending with a full stop) is followed by the
        # expected value for the end of the programme.
        assert f"{_norm(indicator.name)}. {printed}" in seed, indicator.name
        assert indicator.direction == direction
        assert indicator.less_is_better is (direction == "decrease")
        assert indicator.target_value is None and indicator.target_year is None
        assert indicator.reporting_organisation.name == MOPR
        assert not indicator.values.exists()


@pytest.mark.parametrize(("code", "name", "unit"), NAMED, ids=[n[1][:30] for n in NAMED])
def test_named_indicators(programme, seed, code, name, unit):
    assert name in seed
    indicator = _node(programme, code).indicators.get(name=name)
    assert indicator.unit == unit


def test_totals(programme):
    indicators = Indicator.objects.filter(objective__programme=programme)
    assert indicators.count() == 44
    assert indicators.exclude(direction="").count() == sum(map(len, DIRECTIONS.values())) == 44
    assert not [indicator for indicator in indicators if indicator.is_context_statistic]
    assert indicators.filter(direction="decrease").count() == 3
    # The diagnosis values (85 rows × 2017–2019) are the diagnosis tables', asked from nobody.
    assert not IndicatorValue.objects.filter(indicator__objective__programme=programme).exists()
    rows = DiagnosisRow.objects.filter(table__programme=programme)
    assert rows.count() == sum(TABLE_INDICATORS.values()) == 85
    assert sum(len(row.values) for row in rows) == 255
    assert not rows.filter(monitored_yearly=True).exists()


def test_no_implementers_or_funding_invented(programme, seed):
    # Implementers (IV. REALIZATORZY) and funding (VI. ŹRÓDŁA FINANSOWANIA) are given for the
    # programme as a whole, not per goal: no node carries them.
    assert "IV. REALIZATORZY Miejski Ośrodek Pomocy Rodzinie w Białymstoku we współpracy" in seed
    assert "Finansowanie programu odbywać się będzie ze środków budżetowych" in seed
    nodes = Objective.objects.filter(programme=programme)
    assert not nodes.filter(implementers__isnull=False).exists()
    assert not nodes.filter(funding_sources__isnull=False).exists()
    assert not nodes.filter(coordinator__isnull=False).exists()


def _table(programme, number: int) -> DiagnosisTable:
    return programme.diagnosis_tables.get(number=f"Tabela Nr {number}")


def test_diagnosis_tables(programme, seed):
    assert not Objective.objects.filter(programme=programme, code__startswith="D").exists()
    tables = list(programme.diagnosis_tables.order_by("position"))
    assert [t.number for t in tables] == [f"Tabela Nr {n}" for n in TABLE_INDICATORS]
    for number, table in enumerate(tables, 1):
        assert f"Tabela Nr {number}. {table.title}" in seed
        assert table.rows.count() == TABLE_INDICATORS[number]
        assert table.years == [2017, 2018, 2019]
        for row in table.rows.all():
            assert sorted(row.values) == ["2017", "2018", "2019"]
            assert all("number" in value for value in row.values.values())
            if row.unit == "pln":
                assert row.value_kind == "amount"
    t1 = _table(programme, 1)
    assert t1.rows.get(label=T1_PCT).unit == "percent"
    population = t1.rows.get(label="Liczba mieszkańców Białegostoku")
    assert "Departament Obsługi Mieszkańców" in population.source
    assert population.reporting_organisation.name.startswith("Departament Obsługi Mieszkańców")


@pytest.mark.parametrize(
    ("table", "anchor", "label", "column", "year", "printed", "number", "name"), VALUES,
    ids=[f"T{v[0]}-{v[2][:15]}-{v[4]}" for v in VALUES],
)
def test_diagnosis_value(programme, seed_text, table, anchor, label, column, year, printed,
                         number, name):
    cells = _table_cells(seed_text("000"), table)
    start = cells.index(anchor) if anchor else 0
    row = next(i for i, cell in enumerate(cells) if i >= start and label in cell)
    offset = column if table == 1 else 3 * column + (year - 2017)
    assert cells[row + 1 + offset] == printed
    row = _table(programme, table).rows.get(label=name)
    assert Decimal(row.values[str(year)]["number"]) == Decimal(number)


def test_footnote_on_the_2019_meals(programme, seed):
    footnote = ("* od 2019 r. realizowany jest wieloletni program rządowy „Posiłek w szkole "
                "i w domu” (ujęto tu również posiłki przyznane dzieciom bezdecyzyjnie)")
    assert footnote in seed
    table = _table(programme, 5)
    assert table.footnotes == footnote
    rows = table.rows.filter(label__startswith=DOZ)
    assert rows.exists()
    for row in rows:
        assert row.values["2019"]["footnote_mark"] == "*"


def test_loading_again_changes_nothing():
    _, stats = programme_load(data=read_fixture(FILE))
    assert (stats.created, stats.updated, stats.organisations_created) == (0, 0, [])
