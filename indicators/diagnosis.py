"""A programme's diagnosis tables as pages and reports print them: rows × years, numbers the
Polish way with their units and footnote marks (``indicators.formatting``), source and footnotes.

The tables are ``programs.DiagnosisTable``: statistics outside the goal tree, judged by nobody.
A row's years are those of the document (``DiagnosisRow.values``) and, for a row monitored
yearly, the values its organisation entered (``programs.DiagnosisValue``), which win where both
have a year; which entered values a viewer reads is ``indicators.diagnosis_access``'s rule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch

from indicators.formatting import format_number
from indicators.models import UNIT_SUFFIX, Unit
from programs.models import DiagnosisRow, DiagnosisValue, Organisation, Programme, ReportingYear


@dataclass
class DiagnosisLine:
    label: str
    unit: str  # the unit's name, e.g. "osoby"
    cells: list[str]  # one per year of the table
    monitored_yearly: bool = False
    source: str = ""
    # The organisation that reports the row each year (only for rows monitored yearly).
    reporting_organisation: str = ""
    # For spreadsheets: each year's number (``None`` for text or no value) and footnote mark,
    # the unit's and the kind of value's codes.
    numbers: list[Decimal | None] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    unit_code: str = ""
    value_kind: str = ""


@dataclass
class DiagnosisTableData:
    number: str
    title: str
    years: list[int]
    lines: list[DiagnosisLine] = field(default_factory=list)
    source: str = ""
    footnotes: str = ""

    @property
    def caption(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


def format_diagnosis_value(row: DiagnosisRow, entry: dict | None) -> str:
    """One cell: the number with its unit suffix ("413 tys. zł"), or the text; and the mark."""
    if not entry:
        return ""
    text = entry.get("text", "")
    if entry.get("number") not in (None, ""):
        try:
            number = Decimal(str(entry["number"]))
        except InvalidOperation:
            text = str(entry["number"])
        else:
            text = format_number(number, value_kind=row.value_kind, unit=row.unit)
            suffix = UNIT_SUFFIX.get(row.unit, "")
            text = f"{text}\u00a0{suffix}" if suffix else text
    mark = entry.get("footnote_mark", "")
    return f"{text}\u00a0{mark}" if mark else text


def entry_number(entry: dict | None) -> Decimal | None:
    """The number of a value entry, ``None`` for text or none."""
    if not entry or entry.get("number") in (None, ""):
        return None
    try:
        return Decimal(str(entry["number"]))
    except InvalidOperation:
        return None


def plain_number(number: Decimal) -> str:
    """``18.0000`` → ``"18"``: the form ``DiagnosisRow.values`` keeps numbers in."""
    return format(number.normalize() if number else Decimal(0), "f")


def entered_entry(value: DiagnosisValue) -> dict:
    """An entered value in the shape of ``DiagnosisRow.values``' entries."""
    if value.number is not None:
        return {"number": plain_number(value.number)}
    return {"text": value.text}


def row_values(row: DiagnosisRow, visible: Callable[[DiagnosisValue], bool] | None = None,
               up_to_year: int | None = None) -> dict[int, dict]:
    """The row's values by year: the document's, then the entered ones the viewer may read
    (``visible``; ``None``: all), each marked ``"entered": True``. Uses a prefetch of the row's
    ``entered_values``."""
    values = {int(year): dict(entry) for year, entry in row.values.items() if entry}
    for value in row.entered_values.all():
        value.row = row
        if (visible is None or visible(value)) and (up_to_year is None
                                                     or value.year <= up_to_year):
            values[value.year] = {**entered_entry(value), "entered": True}
    if up_to_year is not None:
        values = {year: entry for year, entry in values.items() if year <= up_to_year}
    return dict(sorted(values.items()))


def tables_with_rows(programme: Programme):
    """The programme's tables with their rows, the rows' organisations and entered values
    prefetched (three queries)."""
    rows = DiagnosisRow.objects.select_related("reporting_organisation").prefetch_related(
        Prefetch("entered_values", queryset=DiagnosisValue.objects.order_by("year")))
    return programme.diagnosis_tables.prefetch_related(
        Prefetch("rows", queryset=rows)).order_by("position")


def diagnosis_tables(programme: Programme, *, visible: Callable[[DiagnosisValue], bool] | None
                     = None, up_to_year: int | None = None) -> list[DiagnosisTableData]:
    """The programme's diagnosis tables, in three queries: with the entered values ``visible``
    allows (``None``: every one, as the report prints them) of the years up to ``up_to_year``
    (``None``: all)."""
    units = dict(Unit.choices)
    result = []
    for table in tables_with_rows(programme):
        by_row = [(row, row_values(row, visible, up_to_year)) for row in table.rows.all()]
        years = sorted({year for _row, values in by_row for year in values})
        data = DiagnosisTableData(table.number, table.title, years, source=table.source,
                                  footnotes=table.footnotes)
        for row, values in by_row:
            organisation = row.reporting_organisation if row.monitored_yearly else None
            data.lines.append(DiagnosisLine(
                row.label, str(units.get(row.unit, "")) if row.unit else "",
                [format_diagnosis_value(row, values.get(year)) for year in years],
                row.monitored_yearly, row.source,
                reporting_organisation=organisation.name if organisation else "",
                numbers=[entry_number(values.get(year)) for year in years],
                marks=[(values.get(year) or {}).get("footnote_mark", "") for year in years],
                unit_code=row.unit, value_kind=row.value_kind,
            ))
        result.append(data)
    return result


# --- what an organisation enters -----------------------------------------------------------


@dataclass
class MonitoredRow:
    """A row the organisation reports in the year, for the entry page and the value sheet."""

    row: DiagnosisRow
    table_caption: str
    value: DiagnosisValue | None  # entered for the year, if any
    previous_year: int | None = None  # the latest earlier year with a value, and that value
    previous_text: str = ""

    @property
    def unit_label(self) -> str:
        return str(dict(Unit.choices).get(self.row.unit, "")) if self.row.unit else ""


def monitored_rows_for(reporting_year: ReportingYear, organisation: Organisation,
                       row_ids=None) -> list[MonitoredRow]:
    """The programme's diagnosis rows monitored yearly that ``organisation`` reports, in
    document order, each with its value of the year and the latest value before it (two
    queries). Rows of other organisations and rows not monitored are never among them."""
    year = reporting_year.year
    rows = (DiagnosisRow.objects.filter(table__programme=reporting_year.programme_id,
                                        monitored_yearly=True,
                                        reporting_organisation=organisation)
            .select_related("table")
            .prefetch_related(Prefetch("entered_values",
                                       queryset=DiagnosisValue.objects.filter(year__lte=year)))
            .order_by("table__position", "table__pk", "position", "pk"))
    if row_ids is not None:
        rows = rows.filter(pk__in=row_ids)
    result = []
    for row in rows:
        current = next((value for value in row.entered_values.all() if value.year == year), None)
        earlier = {y: entry for y, entry in row_values(row).items() if y < year}
        item = MonitoredRow(row, row.table.caption, current)
        if earlier:
            item.previous_year = max(earlier)
            item.previous_text = format_diagnosis_value(row, earlier[item.previous_year])
        result.append(item)
    return result


def entered_text(row: DiagnosisRow, value: DiagnosisValue | None) -> str:
    """What the entry field shows for a stored value (a number the Polish way, no unit)."""
    if value is None:
        return ""
    if value.number is not None:
        return format_number(value.number, value_kind=row.value_kind, unit=row.unit)
    return value.text
