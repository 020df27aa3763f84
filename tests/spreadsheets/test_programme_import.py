"""Programme set-up from a spreadsheet: the round trip, any depth, repeatability, the preview,
organisations, and the rule that the import cannot change values of reporting years."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.models import Indicator, IndicatorValue
from programs.models import FundingSource, Objective, Organisation, Programme, ReportingYear
from spreadsheets import services
from spreadsheets.files import SpreadsheetError
from spreadsheets.programme_sheets import EXAMPLE_SLUG, STRUCTURE_COLUMNS, programme_workbook

from .builders import FOUR_LEVELS, SIMPLE_HEADERS, programme_file, simple_rows

# The Structure sheet's column (from 1) of an indicator's name, "Wskaźnik".
INDICATOR_COLUMN = [key for key, _label, _help in STRUCTURE_COLUMNS].index("indicator") + 1


def _name(organisation):
    return organisation.name if organisation else None


def snapshot(slug: str) -> dict:
    """Everything the template carries about a programme, without database ids."""
    programme = Programme.objects.select_related("coordinator").get(slug=slug)
    fields = ["kind", "title", "short_name", "first_year", "last_year", "resolution_number",
              "resolution_date", "resolution_body", "main_goal", "status", "level_names",
              "keep_tolerance", "typo_guard_factor", "uses_deviation_assessment"]
    entry_years = set(programme.reporting_years.filter(
        state__in=["open", "in_review"]).values_list("year", flat=True))
    nodes = {}
    for objective in Objective.objects.filter(programme=programme).select_related(
            "parent", "coordinator", "responsible_institution"):
        indicators = []
        for indicator in objective.indicators.order_by("position").select_related(
                "reporting_organisation"):
            values = {
                value.year: (value.number, value.text, value.no_data, value.no_data_reason,
                             value.remarks, value.footnote_mark)
                for value in indicator.values.all() if value.year not in entry_years
            }
            indicators.append((indicator.name, indicator.unit, indicator.value_kind,
                               indicator.target_value, indicator.target_year, indicator.direction,
                               indicator.less_is_better, indicator.baseline_value,
                               indicator.baseline_year, indicator.monitoring_method,
                               _name(indicator.reporting_organisation), values))
        key = (objective.code, objective.parent.code if objective.parent else None,
               objective.position)
        nodes[key] = (
            objective.title, objective.level, objective.addressees, objective.purpose,
            objective.actions, objective.expected_result, objective.period,
            _name(objective.coordinator), _name(objective.responsible_institution),
            [link.organisation.name for link in objective.objectiveimplementer_set.order_by(
                "position").select_related("organisation")],
            sorted(source.name for source in objective.funding_sources.all()),
            indicators,
        )
    organisations = {
        organisation.name: (organisation.short_name, organisation.kind,
                            sorted(organisation.aliases))
        for organisation in Organisation.objects.filter(
            reported_indicators__objective__programme=programme).distinct()
    }
    return {"programme": {name: getattr(programme, name) for name in fields},
            "coordinator": _name(programme.coordinator), "nodes": nodes,
            "organisations": organisations}


def counts() -> tuple:
    return (Programme.objects.count(), Objective.objects.count(), Indicator.objects.count(),
            IndicatorValue.objects.count(), Organisation.objects.count(),
            FundingSource.objects.count())


def empty_the_database():
    get_user_model().objects.update(organisation=None)
    from consultations.models import Consultation

    Consultation.objects.all().delete()
    Programme.objects.all().delete()
    Organisation.objects.all().delete()
    FundingSource.objects.all().delete()


@pytest.mark.django_db
def test_round_trip_export_import_into_an_empty_database_gives_the_same_programme():
    programme = Programme.objects.get(slug=EXAMPLE_SLUG)
    before = snapshot(EXAMPLE_SLUG)
    assert before["nodes"] and any(node[-1] for node in before["nodes"].values())
    content = programme_workbook(programme)

    empty_the_database()
    assert counts() == (0, 0, 0, 0, 0, 0)
    imported, stats, _preview = services.programme_import(content=content)

    assert imported.slug == EXAMPLE_SLUG and stats.created > 0
    assert snapshot(EXAMPLE_SLUG) == before
    # And the export of the imported programme is the same file again.
    assert _cells(programme_workbook(imported)) == _cells(content)


# The Structure sheet's columns that are the installation's, not the programme's: its register
# numbers and the other programmes it holds.
INSTALLATION_COLUMNS = ("Miara w rejestrze", "Wspólna z")


def _cells(content: bytes) -> dict:
    """Every sheet's cells, without the installation's own columns."""
    workbook = load_workbook(io.BytesIO(content))
    cells = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        drop = {i for i, label in enumerate(rows[0] if rows else ()) if label in
                INSTALLATION_COLUMNS}
        cells[sheet.title] = [tuple(v for i, v in enumerate(row) if i not in drop)
                              for row in rows]
    return cells


@pytest.mark.django_db
def test_round_trip_keeps_nodes_without_codes_and_every_strategy():
    for slug in ("strategia-2011-2020", "strategia-2021-2030"):
        before = snapshot(slug)
        content = programme_workbook(Programme.objects.get(slug=slug))
        Programme.objects.filter(slug=slug).delete()
        services.programme_import(content=content)
        assert snapshot(slug) == before, slug


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    content = programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS)
    services.programme_import(content=content)
    before = counts()
    _programme, stats, _preview = services.programme_import(content=content)
    assert not stats.changed and stats.unchanged > 0
    assert counts() == before


@pytest.mark.django_db
def test_a_corrected_file_updates_the_programme_rather_than_duplicating_it():
    rows = simple_rows()
    services.programme_import(content=programme_file(rows=rows, extra_headers=SIMPLE_HEADERS))
    before = counts()
    rows[1]["title"] = "Zadanie 1.1 (poprawione)"
    rows[2]["Wartość 2019"] = 125
    preview = services.programme_preview(content=programme_file(
        rows=rows, extra_headers=SIMPLE_HEADERS))
    assert preview.existing is not None and preview.stats.updated >= 2
    services.programme_import(content=programme_file(rows=rows, extra_headers=SIMPLE_HEADERS))
    assert counts() == before
    task = Objective.objects.get(programme__slug="program-testowy-arkusz", code="1.1")
    assert task.title == "Zadanie 1.1 (poprawione)"
    assert task.indicators.get(position=0).values.get(year=2019).number == 125


@pytest.mark.django_db
def test_a_four_level_programme_imports_with_its_own_level_names():
    rows = [
        {"level": "Obszar działania", "code": "I", "title": "Rodzina"},
        {"level": 2, "code": "I.1", "title": "Wsparcie rodzin"},
        {"level": 3, "code": "I.1.1", "title": "Asystentura rodzinna"},
        {"level": 4, "code": "I.1.1.1", "title": "Zatrudnienie asystentów"},
        {"indicator": "Liczba asystentów rodziny", "unit": "osoby",
         "reporting_organisation": "MOPR"},
        {"level": 4, "title": "Sposób bez kodu", "parent_code": "I.1.1"},
        {"indicator": "Liczba rodzin", "unit": "rodziny", "reporting_organisation": "MOPR"},
        {"level": 1, "code": "II", "title": "Seniorzy"},
    ]
    services.programme_import(content=programme_file(
        programme={"slug": "program-czteropoziomowy", "kind": "strategia"},
        levels=FOUR_LEVELS, rows=rows))
    programme = Programme.objects.get(slug="program-czteropoziomowy")
    assert programme.level_names == FOUR_LEVELS
    assert programme.kind == Programme.Kind.STRATEGY
    deepest = Objective.objects.get(programme=programme, code="I.1.1.1")
    assert deepest.level == 4 and deepest.parent.code == "I.1.1"
    assert deepest.level_name == "Sposób realizacji"
    uncoded = Objective.objects.get(programme=programme, title="Sposób bez kodu")
    assert uncoded.level == 4 and uncoded.parent.code == "I.1.1" and uncoded.position == 1
    assert Indicator.objects.for_programme(programme).count() == 2


@pytest.mark.django_db
def confirm_short_names(content: bytes) -> dict:
    """The answers of a user who confirms every short-name match the preview asks about."""
    preview = services.programme_preview(content=content, dry_run=False)
    return {question.field_name: str(question.candidates[0].pk)
            for question in preview.questions if question.reason == "short_name"}


@pytest.mark.django_db
def test_values_units_directions_and_text_starting_like_a_formula_are_read():
    content = programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS)
    services.programme_import(content=content, answers=confirm_short_names(content))
    indicators = Indicator.objects.for_programme(
        Programme.objects.get(slug="program-testowy-arkusz"))
    count = indicators.get(name="Liczba osób objętych wsparciem")
    assert (count.unit, count.value_kind, count.direction) == ("persons", "integer", "increase")
    assert count.values.get(year=2019).remarks == "szacunek"
    assert count.values.get(year=2020).no_data_reason == "Brak danych"
    amount = indicators.get(name="Kwota świadczeń")
    assert amount.target_value == Decimal("1380.5") and amount.reporting_organisation.short_name \
        == "PUP"
    share = indicators.get(name="Odsetek rodzin")
    assert share.less_is_better and share.values.get(year=2019).number == Decimal("22.36")
    text = indicators.get(name="Opis działań")
    assert text.values.get(year=2019).text == "- działania opisane"
    task = Objective.objects.get(programme__slug="program-testowy-arkusz", code="1.1")
    assert [link.organisation.short_name for link in task.objectiveimplementer_set.all()] == [
        "MOPR", "PUP"]
    # "PFRON" is read as the register's one record (its short name).
    assert sorted(source.name for source in task.funding_sources.all()) == [
        "Budżet Miasta", "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych"]


@pytest.mark.django_db
def test_preview_reports_counts_and_changes_nothing():
    before = counts()
    preview = services.programme_preview(content=programme_file(
        rows=simple_rows(), extra_headers=SIMPLE_HEADERS))
    assert counts() == before
    assert preview.existing is None
    assert (preview.parsed.objective_count, preview.parsed.indicator_count) == (5, 4)
    assert preview.parsed.value_count == 4
    assert preview.stats.created > 9
    # A new programme: nothing of it is "to change".
    assert preview.stats.updated == 0
    # "MOPR" and "PUP" are only short names of known bodies: asked, not matched.
    assert preview.matched == []
    assert {(q.name, q.reason, q.candidates[0].short_name) for q in preview.questions} == {
        ("MOPR", "short_name", "MOPR"), ("PUP", "short_name", "PUP")}


@pytest.mark.django_db
def test_new_organisations_are_listed_with_near_duplicates_of_known_ones():
    rows = simple_rows()
    rows[2]["reporting_organisation"] = "Miejski Ośrodek Pomocy Rodzinie w Białymstok"
    rows[3]["reporting_organisation"] = "Fundacja Zupełnie Nowa"
    preview = services.programme_preview(content=programme_file(
        rows=rows, extra_headers=SIMPLE_HEADERS,
        organisations=[["Fundacja Zupełnie Nowa", "FZN", "organizacja pozarządowa",
                        "Fundacja Nowa; FZN Białystok", ""]]))
    new = {match.name: match for match in preview.new}
    assert "Miejski Ośrodek Pomocy Rodzinie w Białymstoku" in \
        new["Miejski Ośrodek Pomocy Rodzinie w Białymstok"].similar
    assert new["Fundacja Zupełnie Nowa"].declared and not new["Fundacja Zupełnie Nowa"].similar
    before = Organisation.objects.count()
    content = programme_file(
        rows=rows, extra_headers=SIMPLE_HEADERS,
        organisations=[["Fundacja Zupełnie Nowa", "FZN", "organizacja pozarządowa",
                        "Fundacja Nowa; FZN Białystok", ""]])
    services.programme_import(content=content, answers=confirm_short_names(content))
    assert Organisation.objects.count() == before + 2
    foundation = Organisation.objects.get(name="Fundacja Zupełnie Nowa")
    assert foundation.kind == Organisation.Kind.NGO and "Fundacja Nowa" in foundation.aliases


@pytest.mark.django_db
def test_values_of_a_reporting_year_cannot_be_changed_by_import_but_may_be_repeated():
    rows = simple_rows()
    services.programme_import(content=programme_file(rows=rows, extra_headers=SIMPLE_HEADERS))
    programme = Programme.objects.get(slug="program-testowy-arkusz")
    ReportingYear.objects.create(programme=programme, year=2021, state="accepted")
    value = IndicatorValue.objects.create(
        indicator=Indicator.objects.get(objective__programme=programme, name="Odsetek rodzin"),
        year=2021, number=Decimal("30"), state="accepted")
    headers = SIMPLE_HEADERS + ("Wartość 2021",)
    rows[6]["Wartość 2021"] = 30
    preview = services.programme_preview(content=programme_file(rows=rows,
                                                                extra_headers=headers))
    assert preview.kept_values == 1
    rows[6]["Wartość 2021"] = 31
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=programme_file(rows=rows, extra_headers=headers))
    assert "2021" in error.value.messages[0] and "wprowadzania danych" in error.value.messages[0]
    value.refresh_from_db()
    assert value.number == 30 and value.state == "accepted"


@pytest.mark.django_db
def test_template_has_documentation_lists_and_the_version_marker():
    workbook = load_workbook(io.BytesIO(programme_workbook()))
    assert workbook.sheetnames[:1] == ["Instrukcja"]
    assert {"Program", "Poziomy", "Struktura", "Organizacje"} <= set(workbook.sheetnames)
    assert workbook["_meta"].sheet_state == "veryHidden"
    instructions = " ".join(str(cell) for row in workbook["Instrukcja"].iter_rows(
        values_only=True) for cell in row if cell)
    assert "Kod nadrzędny" in instructions and "Organizacja raportująca" in instructions
    structure = workbook["Struktura"]
    assert structure["A1"].value == "Poziom" and structure.data_validations.dataValidation


@pytest.mark.django_db
def test_export_neutralises_text_starting_like_a_formula_and_reads_it_back():
    rows = simple_rows()
    rows[0]["title"] = "=HYPERLINK(\"http://zly.example\")"
    services.programme_import(content=programme_file(rows=rows, extra_headers=SIMPLE_HEADERS))
    programme = Programme.objects.get(slug="program-testowy-arkusz")
    content = programme_workbook(programme)
    sheet = load_workbook(io.BytesIO(content))["Struktura"]
    cell = sheet["D2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    before = snapshot("program-testowy-arkusz")
    _programme, stats, _preview = services.programme_import(content=content)
    assert not stats.changed and snapshot("program-testowy-arkusz") == before
    assert Objective.objects.get(programme=programme, code="1").title.startswith("=HYPERLINK")


def test_preview_proposes_indicators_matching_a_measure_of_another_programme(db):
    """An imported indicator counting what the 2021–2024 programme counts (same name, unit and
    organisation) is proposed for linking on the preview, and the import links nothing."""
    mopr = Organisation.objects.get(short_name="MOPR")
    rows = [
        {"level": 1, "code": "1", "title": "Cel pierwszy"},
        {"level": 2, "code": "1.1", "title": "Zadanie 1.1"},
        {"indicator": "liczba osób skierowanych do  środowiskowych domów samopomocy",
         "unit": "osoby", "value_kind": "liczba całkowita", "direction": "wzrost",
         "reporting_organisation": mopr.name},
    ]
    preview = services.programme_preview(content=programme_file(rows=rows))
    [proposal] = preview.link_proposals
    assert proposal["code"] == "1.1"
    assert proposal["measure"] == "Liczba osób skierowanych do środowiskowych domów samopomocy"
    # The measure the 2021–2024 programme and the 2021–2030 strategy share.
    assert len(proposal["programmes"].split(", ")) == 2
    assert not Programme.objects.filter(slug="program-testowy-arkusz").exists()


def _shared_pair():
    """The 2021–2024 programme's indicator whose measure the 2021–2030 strategy shares, and the
    strategy's open year 2022 (the demo data)."""
    strategy = Programme.objects.get(slug="strategia-2021-2030")
    indicator = Indicator.objects.filter(
        objective__programme__slug=EXAMPLE_SLUG,
        measure__indicators__objective__programme=strategy).order_by("pk").first()
    return indicator, strategy.reporting_years.get(year=2022)


def _with_value_column(content: bytes, indicator_name: str, year: int, number) -> bytes:
    """The export with a ``Wartość <year>`` column giving ``number`` to one indicator (a file
    of an older version, which wrote the values of other programmes' open years)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Struktura"]
    column = sheet.max_column + 1
    sheet.cell(1, column, f"Wartość {year}")
    names = [cell.value for cell in sheet[get_column_letter(INDICATOR_COLUMN)]]
    sheet.cell(names.index(indicator_name) + 1, column, number)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_value_shared_with_another_programmes_open_year_is_not_exported_nor_overwritten(db):
    """The 2021–2024 programme has no reporting year 2022, but the strategy it shares a measure
    with has, open for entry: the export leaves that value out (it belongs to the strategy's
    cycle), and a file that gives it anyway (an older export) may repeat it but not change it —
    the lost update such a file caused — with a message naming the strategy."""
    indicator, open_year = _shared_pair()
    assert not indicator.objective.programme.reporting_years.filter(year=2022).exists()
    value = IndicatorValue.objects.create(measure=indicator.measure, indicator=indicator,
                                          year=2022, number=Decimal("25"), version=2)
    export = programme_workbook(Programme.objects.get(slug=EXAMPLE_SLUG))
    header = next(load_workbook(io.BytesIO(export))["Struktura"].iter_rows(values_only=True))
    assert "Wartość 2022" not in header

    with pytest.raises(SpreadsheetError) as error:
        services.programme_import(content=_with_value_column(export, indicator.name, 2022, 22))
    [message] = [m for m in error.value.messages if "2022" in m]
    assert open_year.programme.short_name in message and "wspólna" in message
    assert "25" in message  # the stored value, to copy into the file
    value.refresh_from_db()
    assert (value.number, value.version) == (Decimal("25"), 2)

    _programme, _stats, preview = services.programme_import(
        content=_with_value_column(export, indicator.name, 2022, 25))
    assert preview.kept_values >= 1
    value.refresh_from_db()
    assert (value.number, value.version) == (Decimal("25"), 2)


def test_the_export_names_each_indicators_measure_and_the_import_never_relinks(db):
    """The Structure sheet gives each indicator's measure in the register and the programmes
    sharing it; a file naming another measure is pointed out on the preview and changes no
    link (linking is the register's)."""
    indicator, open_year = _shared_pair()
    sheet = load_workbook(io.BytesIO(programme_workbook(
        Programme.objects.get(slug=EXAMPLE_SLUG))))["Struktura"]
    rows = list(sheet.iter_rows(values_only=True))
    measure_at, shared_at = rows[0].index("Miara w rejestrze"), rows[0].index("Wspólna z")
    row = next(r for r in rows if r[INDICATOR_COLUMN - 1] == indicator.name)
    assert row[measure_at] == indicator.measure_id
    assert open_year.programme.short_name in row[shared_at]

    other = Indicator.objects.filter(objective__programme=open_year.programme).exclude(
        measure=indicator.measure).first()
    workbook = load_workbook(io.BytesIO(programme_workbook(
        Programme.objects.get(slug=EXAMPLE_SLUG))))
    structure = workbook["Struktura"]
    for cells in structure.iter_rows(min_row=2):
        if cells[INDICATOR_COLUMN - 1].value == indicator.name:
            cells[measure_at].value = other.measure_id
    out = io.BytesIO()
    workbook.save(out)
    _programme, _stats, preview = services.programme_import(content=out.getvalue())
    [warning] = [w for w in preview.warnings if "rejestrze miar" in w]
    assert f"nr {other.measure_id}" in warning and f"nr {indicator.measure_id}" in warning
    indicator.refresh_from_db()
    assert indicator.measure_id != other.measure_id


def test_a_value_changed_by_import_gets_a_new_version(db):
    """A value of a year without a reporting year anywhere may be changed by import; its version
    goes up, so an entry form opened before the import refuses to overwrite it."""
    rows = simple_rows()
    headers = SIMPLE_HEADERS + ("Wartość 2019",)
    rows[6]["Wartość 2019"] = 30
    services.programme_import(content=programme_file(rows=rows, extra_headers=headers))
    value = IndicatorValue.objects.get(
        indicator__objective__programme__slug="program-testowy-arkusz",
        indicator__name="Odsetek rodzin", year=2019)
    version = value.version
    rows[6]["Wartość 2019"] = 31
    services.programme_import(content=programme_file(rows=rows, extra_headers=headers))
    value.refresh_from_db()
    assert (value.number, value.version) == (Decimal("31"), version + 1)
    services.programme_import(content=programme_file(rows=rows, extra_headers=headers))
    value.refresh_from_db()
    assert value.version == version + 1  # the same file again changes nothing


def test_a_past_value_outside_the_expected_range_is_pointed_out_on_the_preview(db):
    """A percentage of 130 in a past year's column is not imported silently: the preview warns
    of it (the entry form would ask to confirm it), and importing after the warning keeps it."""
    rows = simple_rows()
    headers = SIMPLE_HEADERS + ("Wartość 2019",)
    rows[6]["Wartość 2019"] = 130
    preview = services.programme_preview(content=programme_file(rows=rows, extra_headers=headers))
    [warning] = [w for w in preview.warnings if "2019" in w]
    assert warning.startswith("2.1 „Odsetek rodzin”, 2019: 130\xa0% wykracza")
    assert "(od 0\xa0% do 100\xa0%)" in warning
    services.programme_import(content=programme_file(rows=rows, extra_headers=headers))
    assert IndicatorValue.objects.get(indicator__name="Odsetek rodzin", year=2019,
                                      indicator__objective__programme__slug="program-testowy-arkusz"
                                      ).number == 130
    rows[6]["Wartość 2019"] = 30
    preview = services.programme_preview(content=programme_file(rows=rows, extra_headers=headers))
    assert not [w for w in preview.warnings if "2019" in w]
