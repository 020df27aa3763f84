"""A small programme with a diagnosis for the diagnosis tests: two tables, rows of two
organisations (one monitored yearly each, one never asked), an open reporting year and a
published one."""

from dataclasses import dataclass

from django.utils import timezone

from programs.models import (
    DiagnosisRow,
    DiagnosisTable,
    DiagnosisValue,
    Objective,
    Organisation,
    Programme,
    ReportingYear,
)

OPEN_YEAR = 2022
PUBLISHED_YEAR = 2021


@dataclass
class DiagnosisSetup:
    programme: Programme
    open_year: ReportingYear
    published_year: ReportingYear
    table: DiagnosisTable
    second_table: DiagnosisTable
    ours: DiagnosisRow  # monitored, reported by ``organisation``, whole number of persons
    ours_amount: DiagnosisRow  # monitored, ours, an amount in PLN
    theirs: DiagnosisRow  # monitored, reported by ``other_organisation``
    statistics: DiagnosisRow  # not monitored (ours, but never asked)


def build_diagnosis(organisation: Organisation, other_organisation: Organisation, *,
                    slug="program-diagnozy", status=Programme.Status.ADOPTED) -> DiagnosisSetup:
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program z diagnozą", short_name="Diagnoza",
        slug=slug, first_year=2021, last_year=2024, status=status,
        level_names=["Cel", "Zadanie"], diagnosis_in_report=True,
    )
    Objective.objects.create(programme=programme, code="1", title="Cel 1")
    open_year = ReportingYear.objects.create(programme=programme, year=OPEN_YEAR)
    published_year = ReportingYear.objects.create(programme=programme, year=PUBLISHED_YEAR,
                                                  state=ReportingYear.State.PUBLISHED)
    table = DiagnosisTable.objects.create(
        programme=programme, position=0, number="Tabela Nr 1",
        title="Osoby korzystające z pomocy społecznej", source="Dane ośrodka",
        footnotes="* dane szacunkowe")
    second = DiagnosisTable.objects.create(programme=programme, position=1,
                                           number="Tabela Nr 2", title="Wydatki")
    ours = DiagnosisRow.objects.create(
        table=table, position=0, label="Liczba osób w rodzinach", unit="persons",
        value_kind="integer", monitored_yearly=True, reporting_organisation=organisation,
        values={"2019": {"number": "7689", "footnote_mark": "*"}, "2020": {"number": "7500"}})
    theirs = DiagnosisRow.objects.create(
        table=table, position=1, label="Liczba rodzin z długami", unit="families",
        value_kind="integer", monitored_yearly=True, reporting_organisation=other_organisation,
        values={"2019": {"number": "120"}})
    statistics = DiagnosisRow.objects.create(
        table=table, position=2, label="Liczba mieszkańców", unit="persons",
        value_kind="integer", reporting_organisation=organisation,
        values={"2019": {"number": "297000"}})
    ours_amount = DiagnosisRow.objects.create(
        table=second, position=0, label="Wydatki na zasiłki", unit="pln", value_kind="amount",
        monitored_yearly=True, reporting_organisation=organisation,
        values={"2020": {"number": "1380000.5"}})
    return DiagnosisSetup(programme, open_year, published_year, table, second, ours,
                          ours_amount, theirs, statistics)


def enter(row: DiagnosisRow, year: int, number) -> DiagnosisValue:
    return DiagnosisValue.objects.create(row=row, year=year, number=number,
                                         entered_at=timezone.now())
