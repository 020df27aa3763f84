"""Open data of a programme's diagnosis: every row's values by year that the public may see,
one row per diagnosis row × year — the document's years and the values organisations entered
for published reporting years (``indicators.diagnosis_access``' rule for an anonymous user).

Three distributions (CSV, XLSX, JSON) in the shape of ``api.opendata``'s, listed in the DCAT-AP
catalogue (``api.catalog``) as a dataset per programme that has a diagnosis.
"""

import json

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.opendata import CommaDecimal, plain
from indicators.diagnosis import entry_number, row_values, tables_with_rows
from indicators.diagnosis_access import entered_value_visibility
from indicators.models import Unit
from lib.exporters import Exporter, TableExporter
from lib.xlsxfile import XLSX_CONTENT_TYPE, table_bytes

COLUMNS = [
    ("programme", gettext_lazy("programme")),
    ("table_number", gettext_lazy("table number")),
    ("table_title", gettext_lazy("table")),
    ("row_id", gettext_lazy("row id")),
    ("row", gettext_lazy("row")),
    ("unit", gettext_lazy("unit")),
    ("year", gettext_lazy("year")),
    ("value", gettext_lazy("value")),
    ("text_value", gettext_lazy("text value")),
    ("footnote_mark", gettext_lazy("footnote mark")),
    ("entered", gettext_lazy("entered by the reporting organisation")),
    ("reporting_organisation", gettext_lazy("reporting organisation")),
    ("source", gettext_lazy("source")),
]


def rows(programme):
    """One dict per row and year, keyed by ``COLUMNS``; numbers as ``Decimal`` (four queries)."""
    visible = entered_value_visibility(AnonymousUser(), programme)
    units = dict(Unit.choices)
    for table in tables_with_rows(programme):
        for row in table.rows.all():
            organisation = row.reporting_organisation if row.monitored_yearly else None
            for year, entry in row_values(row, visible).items():
                yield {
                    "programme": programme.slug,
                    "table_number": table.number,
                    "table_title": table.title,
                    "row_id": row.pk,
                    "row": row.label,
                    "unit": str(units.get(row.unit, "")) if row.unit else "",
                    "year": year,
                    "value": entry_number(entry),
                    "text_value": entry.get("text", ""),
                    "footnote_mark": entry.get("footnote_mark", ""),
                    "entered": bool(entry.get("entered")),
                    "reporting_organisation": organisation.name if organisation else "",
                    "source": row.source or table.source,
                }


def _cells(row: dict, *, csv: bool) -> list:
    yes, no = _("yes"), _("no")
    cells = []
    for key, _label in COLUMNS:
        cell = row[key]
        if key == "value" and cell is not None and csv:
            cell = CommaDecimal(cell)
        elif key == "entered":
            cell = yes if cell else no
        cells.append(cell)
    return cells


class DiagnosisCSV(TableExporter):
    """CSV for Excel with Polish settings, as ``api.opendata.OpenDataCSV``."""

    identifier = "open_data_diagnosis_csv"
    verbose_name = gettext_lazy("Diagnosis (CSV)")

    def __init__(self, programme):
        self.programme = programme

    def filename(self) -> str:
        return f"{self.programme.slug}-diagnoza.csv"

    def header(self) -> list[str]:
        return [str(label) for _key, label in COLUMNS]

    def rows(self):
        for row in rows(self.programme):
            yield _cells(row, csv=True)


class DiagnosisXLSX(Exporter):
    """XLSX: one sheet, the CSV's header and rows; numbers as numbers."""

    identifier = "open_data_diagnosis_xlsx"
    verbose_name = gettext_lazy("Diagnosis (XLSX)")
    content_type = XLSX_CONTENT_TYPE

    def __init__(self, programme):
        self.programme = programme

    def render(self) -> tuple[str, str, bytes]:
        table = (_cells(row, csv=False) for row in rows(self.programme))
        content = table_bytes(_("Diagnosis"), [str(label) for _key, label in COLUMNS], table)
        return f"{self.programme.slug}-diagnoza.xlsx", self.content_type, content


class DiagnosisJSON(Exporter):
    """JSON: the programme and a list of rows with the keys of ``COLUMNS``; numbers as strings
    with a decimal point."""

    identifier = "open_data_diagnosis_json"
    verbose_name = gettext_lazy("Diagnosis (JSON)")
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
        return f"{programme.slug}-diagnoza.json", self.content_type, content
