"""Open data of the register of measures: one row per measure and year with a published value
(CSV, XLSX, JSON), so a measure's series runs on across programmes (one strategy after the
next), with the programmes using it and its references to official statistics.

"Published" is what the public sees (``indicators.access.visible_values`` for an anonymous user,
through ``indicators.measures.measure_register``): measures of programmes the public may open,
values of published years and diagnosis years.
"""

import json

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.opendata import CommaDecimal, plain
from indicators.measures import measure_register
from lib.exporters import Exporter, TableExporter
from lib.xlsxfile import XLSX_CONTENT_TYPE, table_bytes

FILENAME = "miary-dane"

COLUMNS = [
    ("measure_id", gettext_lazy("measure id")),
    ("measure", gettext_lazy("measure")),
    ("unit", gettext_lazy("unit")),
    ("reporting_organisation", gettext_lazy("reporting organisation")),
    ("statistics_reference", gettext_lazy("statistics reference (MRPiPS-03)")),
    ("resources_reference", gettext_lazy("assessment of resources reference (OZPS)")),
    ("programmes", gettext_lazy("programmes")),
    ("year", gettext_lazy("year")),
    ("value", gettext_lazy("value")),
    ("text_value", gettext_lazy("text value")),
    ("no_data", gettext_lazy("no data")),
    ("no_data_reason", gettext_lazy("reason for no data")),
]


def rows():
    """One dict per measure and year with a published value, keyed by ``COLUMNS`` (three
    queries)."""
    for row in measure_register(AnonymousUser()):
        measure = row.measure
        organisation = measure.reporting_organisation
        programmes = ", ".join(programme.slug for programme in row.programmes)
        for year in row.years:
            value = row.values[year]
            yield {
                "measure_id": measure.pk,
                "measure": measure.name,
                "unit": str(measure.get_unit_display()) if measure.unit else "",
                "reporting_organisation": organisation.name if organisation else "",
                "statistics_reference": measure.statistics_reference,
                "resources_reference": measure.resources_reference,
                "programmes": programmes,
                "year": year,
                "value": value.number,
                "text_value": value.text,
                "no_data": value.no_data,
                "no_data_reason": value.no_data_reason,
            }


class MeasuresCSV(TableExporter):
    identifier = "open_data_measures_csv"
    verbose_name = gettext_lazy("Register of measures with published values (CSV)")

    def filename(self) -> str:
        return f"{FILENAME}.csv"

    def header(self) -> list[str]:
        return [str(label) for _key, label in COLUMNS]

    def rows(self):
        yes, no = _("yes"), _("no")
        for row in rows():
            cells = []
            for key, _label in COLUMNS:
                cell = row[key]
                if key == "value" and cell is not None:
                    cell = CommaDecimal(cell)
                elif key == "no_data":
                    cell = yes if cell else no
                cells.append(cell)
            yield cells


class MeasuresXLSX(Exporter):
    identifier = "open_data_measures_xlsx"
    verbose_name = gettext_lazy("Register of measures with published values (XLSX)")
    content_type = XLSX_CONTENT_TYPE

    def render(self) -> tuple[str, str, bytes]:
        yes, no = _("yes"), _("no")
        table = (
            [(yes if row[key] else no) if key == "no_data" else row[key] for key, _label in COLUMNS]
            for row in rows()
        )
        content = table_bytes(_("Measures"), [label for _key, label in COLUMNS], table)
        return f"{FILENAME}.xlsx", self.content_type, content


class MeasuresJSON(Exporter):
    identifier = "open_data_measures_json"
    verbose_name = gettext_lazy("Register of measures with published values (JSON)")
    content_type = "application/json; charset=utf-8"

    def render(self) -> tuple[str, str, bytes]:
        data = {
            "columns": {key: str(label) for key, label in COLUMNS},
            "values": [
                {**row, "value": None if row["value"] is None else plain(row["value"])}
                for row in rows()
            ],
        }
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        return f"{FILENAME}.json", self.content_type, content
