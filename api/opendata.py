"""Open data: every published value of a programme, one row per indicator × year.

Three distributions of the same rows (CSV, XLSX, JSON), listed in the DCAT-AP catalogue
(``api.catalog``). Exporters in the project's shape (``lib.exporters``: ``identifier``,
``verbose_name``, ``render() -> (filename, content_type, bytes)``, made with the programme).
"Published" is what the public sees
(``indicators.access.visible_values`` for an anonymous user): values of published reporting years
and the diagnosis years before the programme started. The CSV is written by
``lib.csvfile.csv_bytes`` (UTF-8 with BOM, semicolons, formula-like text neutralised) with
numbers in decimal-comma notation, so Excel with Polish settings reads them as numbers.
"""

import json
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import access
from indicators.models import Indicator, IndicatorValue
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


def rows(programme):
    """One dict per value, keyed by ``COLUMNS``; numbers as ``Decimal``."""
    for value in published_values(programme):
        indicator = value.indicator
        organisation = indicator.reporting_organisation
        yield {
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
        return [str(label) for _key, label in COLUMNS]

    def rows(self):
        yes, no = _("yes"), _("no")
        for row in rows(self.programme):
            cells = []
            for key, _label in COLUMNS:
                cell = row[key]
                if key == "value" and cell is not None:
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
        table = (
            [(yes if row[key] else no) if key == "no_data" else row[key] for key, _label in COLUMNS]
            for row in rows(self.programme)
        )
        content = table_bytes(_("Values"), [label for _key, label in COLUMNS], table)
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
        data = {
            "programme": programme.slug,
            "title": programme.title,
            "columns": {key: str(label) for key, label in COLUMNS},
            "values": [
                {**row, "value": None if row["value"] is None else plain(row["value"])}
                for row in rows(programme)
            ],
        }
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        return f"{programme.slug}-dane.json", self.content_type, content
