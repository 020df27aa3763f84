"""Open data: every published value of a programme, one row per indicator × year.

Three distributions of the same rows (CSV, XLSX, JSON), listed in the DCAT-AP catalogue
(``api.catalog``). Exporters in the project's shape (``lib.exporters``: ``identifier``,
``verbose_name``, ``render() -> (filename, content_type, bytes)``, made with the programme).
"Published" is what the public sees
(``indicators.access.visible_values`` for an anonymous user): values of published reporting years
and the diagnosis years before the programme started. The CSV is written by
``lib.csvfile.csv_bytes`` (UTF-8 with BOM, semicolons, formula-like text neutralised) with
numbers in decimal-comma notation, so Excel with Polish settings reads them as numbers.

Where an indicator of the programme is counted in named parts ("9 osób / 5 rodzin"), each row
gains three columns per part — its label, unit and number (``part_columns``) — as many as the
indicator with most parts has; ``value`` is then the number the target is judged on
(``Indicator.derived_number``). A programme without parts has exactly ``COLUMNS``.
"""

import json
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import access
from indicators.models import Indicator, IndicatorValue, Unit
from indicators.tree import indicator_values
from lib.exporters import Exporter, TableExporter
from lib.xlsxfile import XLSX_CONTENT_TYPE, table_bytes

COLUMNS = [
    ("programme", gettext_lazy("programme")),
    ("programme_title", gettext_lazy("programme title")),
    ("objective_code", gettext_lazy("code")),
    ("objective_title", gettext_lazy("task")),
    ("indicator_id", gettext_lazy("indicator id")),
    ("indicator", gettext_lazy("indicator")),
    ("unit", gettext_lazy("unit")),
    ("reporting_organisation", gettext_lazy("reporting organisation")),
    ("year", gettext_lazy("year")),
    ("value", gettext_lazy("value")),
    ("text_value", gettext_lazy("text value")),
    ("no_data", gettext_lazy("no data")),
    ("no_data_reason", gettext_lazy("reason for no data")),
    ("footnote_mark", gettext_lazy("footnote mark")),
    ("remarks", gettext_lazy("remarks")),
]


def plain(number: Decimal) -> str:
    """``18.0000`` → ``18``, ``1.5E+3`` → ``1500``: no trailing zeros, no exponent."""
    return format(number.normalize() if number else Decimal(0), "f")


class CommaDecimal(Decimal):
    """A number written with a decimal comma. Not a ``str``, so the CSV writer's formula
    neutralising leaves it alone (a negative number is not a formula)."""

    def __str__(self) -> str:
        return plain(Decimal(self)).replace(".", ",")


def published_values(programme):
    """The programme's values the public may see, in document order (two queries): the values
    of the measures its indicators use (``indicators.tree.indicator_values``), each under the
    programme's own indicator."""
    indicators = list(
        Indicator.objects.for_programme(programme)
        .select_related("objective", "reporting_organisation")
        .order_by("objective__sort_key", "position", "pk")
    )
    values = indicator_values(
        indicators, queryset=access.visible_values(AnonymousUser(), IndicatorValue.objects.all()))
    for indicator in indicators:
        by_year = values.get(indicator.pk, {})
        for year in sorted(by_year):
            yield by_year[year]


def part_columns(count: int) -> list[tuple[str, str]]:
    """The columns of ``count`` parts: ``part_1``, ``part_1_unit``, ``part_1_value`` …"""
    columns = []
    for position in range(1, count + 1):
        columns += [
            (f"part_{position}", _("part %(n)d") % {"n": position}),
            (f"part_{position}_unit", _("part %(n)d unit") % {"n": position}),
            (f"part_{position}_value", _("part %(n)d value") % {"n": position}),
        ]
    return columns


def table(programme) -> tuple[list[tuple[str, str]], list[dict]]:
    """The columns (``COLUMNS`` and the parts' columns the values need) and the rows."""
    values = list(published_values(programme))
    count = max((len(value.part_values) for value in values), default=0)
    extra = part_columns(count)
    return COLUMNS + extra, [_row(programme, value, count) for value in values]


def rows(programme):
    """One dict per value, keyed by the columns of ``table``; numbers as ``Decimal``."""
    return table(programme)[1]


def _row(programme, value, part_count: int) -> dict:
    indicator = value.indicator
    organisation = indicator.reporting_organisation
    row = _base_row(programme, value, indicator, organisation)
    pairs = value.part_values
    for position in range(1, part_count + 1):
        part, number = pairs[position - 1] if position <= len(pairs) else (None, None)
        unit = indicator.part_unit(part) if part is not None else ""
        row[f"part_{position}"] = part.label if part is not None else ""
        row[f"part_{position}_unit"] = str(Unit(unit).label) if unit else ""
        row[f"part_{position}_value"] = number
    return row


def _base_row(programme, value, indicator, organisation) -> dict:
    return {
        "programme": programme.slug,
        "programme_title": programme.title,
        "objective_code": indicator.objective.code,
        "objective_title": indicator.objective.title,
        "indicator_id": indicator.pk,
        "indicator": indicator.name,
        "unit": str(indicator.get_unit_display()) if indicator.unit else "",
        "reporting_organisation": organisation.name if organisation else "",
        "year": value.year,
        "value": value.number,
        "text_value": value.text,
        "no_data": value.no_data,
        "no_data_reason": value.no_data_reason,
        "footnote_mark": value.footnote_mark,
        "remarks": value.remarks,
    }


class OpenDataCSV(TableExporter):
    """CSV for Excel with Polish settings: header row of translated column names."""

    identifier = "open_data_csv"
    verbose_name = gettext_lazy("Published values (CSV)")

    def __init__(self, programme):
        self.programme = programme

    def filename(self) -> str:
        return f"{self.programme.slug}-dane.csv"

    def header(self) -> list[str]:
        return [str(label) for _key, label in self._table()[0]]

    def _table(self):
        if not hasattr(self, "_cached_table"):
            self._cached_table = table(self.programme)
        return self._cached_table

    def rows(self):
        yes, no = _("yes"), _("no")
        columns, table_rows = self._table()
        for row in table_rows:
            cells = []
            for key, _label in columns:
                cell = row[key]
                if isinstance(cell, Decimal):
                    cell = CommaDecimal(cell)
                elif key == "no_data":
                    cell = yes if cell else no
                cells.append(cell)
            yield cells


class OpenDataXLSX(Exporter):
    """XLSX: one sheet, the CSV's header and rows; numbers as numbers, text as inert text."""

    identifier = "open_data_xlsx"
    verbose_name = gettext_lazy("Published values (XLSX)")
    content_type = XLSX_CONTENT_TYPE

    def __init__(self, programme):
        self.programme = programme

    def render(self) -> tuple[str, str, bytes]:
        yes, no = _("yes"), _("no")
        columns, table_rows = table(self.programme)
        cells = (
            [(yes if row[key] else no) if key == "no_data" else row[key] for key, _label in columns]
            for row in table_rows
        )
        content = table_bytes(_("Values"), [label for _key, label in columns], cells)
        return f"{self.programme.slug}-dane.xlsx", self.content_type, content


class OpenDataJSON(Exporter):
    """JSON: the programme and a list of rows with the keys of ``COLUMNS``; numbers as strings
    with a decimal point, so no precision is lost."""

    identifier = "open_data_json"
    verbose_name = gettext_lazy("Published values (JSON)")
    content_type = "application/json; charset=utf-8"

    def __init__(self, programme):
        self.programme = programme

    def render(self) -> tuple[str, str, bytes]:
        programme = self.programme
        columns, table_rows = table(programme)
        data = {
            "programme": programme.slug,
            "title": programme.title,
            "columns": {key: str(label) for key, label in columns},
            "values": [
                {key: plain(cell) if isinstance(cell, Decimal) else cell
                 for key, cell in row.items()}
                for row in table_rows
            ],
        }
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        return f"{programme.slug}-dane.json", self.content_type, content
