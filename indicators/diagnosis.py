"""A programme's diagnosis tables as pages and reports print them: rows × years, numbers the
Polish way with their units and footnote marks (``indicators.formatting``), source and footnotes.

The tables are ``programs.DiagnosisTable``: statistics outside the goal tree, judged by nobody.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from indicators.formatting import format_number
from indicators.models import UNIT_SUFFIX, Unit
from programs.models import DiagnosisRow, Programme


@dataclass
class DiagnosisLine:
    label: str
    unit: str  # the unit's name, e.g. "osoby"
    cells: list[str]  # one per year of the table
    monitored_yearly: bool = False
    source: str = ""


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


def diagnosis_tables(programme: Programme) -> list[DiagnosisTableData]:
    """The programme's diagnosis tables, in two queries."""
    tables = programme.diagnosis_tables.prefetch_related("rows").order_by("position")
    units = dict(Unit.choices)
    result = []
    for table in tables:
        years = table.years
        data = DiagnosisTableData(table.number, table.title, years, source=table.source,
                                  footnotes=table.footnotes)
        for row in table.rows.all():
            data.lines.append(DiagnosisLine(
                row.label, str(units.get(row.unit, "")) if row.unit else "",
                [format_diagnosis_value(row, row.values.get(str(year))) for year in years],
                row.monitored_yearly, row.source,
            ))
        result.append(data)
    return result
