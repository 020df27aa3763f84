"""The programme set-up spreadsheet: its format (sheets, columns, labels), the documented
template, its filled example and the export of an existing programme. The reader that turns a
filled file into the nested structure ``indicators.services.programmes.programme_load`` takes
(``fixtures/README.md``) is ``spreadsheets.programme_reading``.

Sheets (names and headers are Polish, as in the city's documents; the file format does not
follow the user's language, so it is always written and read in ``settings.LANGUAGE_CODE``):

- ``Program``: one row per programme field (field label, value);
- ``Poziomy``: the names of the goal-tree levels from the top (any number of levels);
- ``Struktura``: one row per goal-tree node (``Poziom`` filled) and, below its node, one row per
  indicator (``Poziom`` empty, ``Wskaźnik`` filled); optional columns ``Wartość RRRR``,
  ``Uwagi RRRR``, ``Przypis RRRR`` hold past values;
- ``Organizacje`` (optional): new bodies with their short names, kinds and other names.

A node's parent is ``Kod nadrzędny``, or implied by the code ("A.1.2" → "A.1"), or — for a node
without a code — the nearest node above it one level up.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import Direction, Indicator, Unit, ValueKind
from indicators.parts import parts_to_text
from indicators.selectors import other_programmes_by_measure, shared_reporting_years
from indicators.tree import programme_tree
from lib.xlsxfile import workbook_bytes, write_cell
from programs.models import Organisation, Programme, ReportingYear
from spreadsheets.files import write_meta

FORMAT = "monitoring-programme"
VERSION = "2"
# Earlier versions whose files still import: version 1 lacks the columns of OPTIONAL_COLUMNS.
READABLE_VERSIONS = ("1", VERSION)
EXAMPLE_SLUG = "program-pomocy-spolecznej-2021-2024"
# Rows of the template that carry data validation lists beyond the rows written.
SPARE_ROWS = 500
ENTRY_YEAR_STATES = (ReportingYear.State.OPEN, ReportingYear.State.IN_REVIEW)
# How the documents write "no data" in a value cell (optionally "Brak danych: reason").
NO_DATA = "Brak danych"

def file_label(text: str):
    """A sheet name, column header or field label of the file format: its own context, so no
    other catalogue's translation of a common word ("Code", "Value") can change the format."""
    return pgettext_lazy("spreadsheet", text)


SHEET_PROGRAMME = file_label("Programme")
SHEET_LEVELS = file_label("Levels")
SHEET_STRUCTURE = file_label("Structure")
SHEET_ORGANISATIONS = file_label("Organisations")
SHEET_DIAGNOSIS = file_label("Diagnosis")
SHEET_INSTRUCTIONS = file_label("Instructions")
SHEET_LISTS = file_label("Lists")

# (key, header, help); the same list documents the columns on the upload page.
PROGRAMME_FIELDS = [
    ("slug", file_label("Identifier"), gettext_lazy(
        "Required. Letters, digits and hyphens, e.g. program-pomocy-spolecznej-2021-2024; a file "
        "with the identifier of an existing programme updates it.")),
    ("kind", file_label("Kind"), gettext_lazy("Required: programme or strategy.")),
    ("title", file_label("Title"), gettext_lazy("Required: the full title.")),
    ("short_name", file_label("Short name"), ""),
    ("first_year", file_label("First year"), gettext_lazy("Required, e.g. 2021.")),
    ("last_year", file_label("Last year"), gettext_lazy("Required, e.g. 2024.")),
    ("resolution_number", file_label("Resolution number"), ""),
    ("resolution_date", file_label("Resolution date"), gettext_lazy(
        "A date, or text as 2021-03-29 or 29.03.2021.")),
    ("resolution_body", file_label("Adopted by"), ""),
    ("coordinator", file_label("Coordinator"), gettext_lazy(
        "An organisation: full name, short name or another known name.")),
    ("main_goal", file_label("Main goal"), ""),
    ("specific_goals", file_label("Specific goals"), gettext_lazy(
        "The programme's sections as the resolution gives them (this one and the next six); "
        "optional text.")),
    ("beneficiaries", file_label("Beneficiaries"), ""),
    ("main_tasks", file_label("Main tasks"), ""),
    ("expected_effects", file_label("Expected effects"), ""),
    ("implementers_description", file_label("Implementers of the programme"), ""),
    ("funding_description", file_label("Funding of the programme"), ""),
    ("monitoring_description", file_label("Monitoring and evaluation"), ""),
    ("status", file_label("Status"), gettext_lazy(
        "draft, in consultation, adopted or finished; empty means adopted.")),
    ("keep_tolerance", file_label("Tolerance for keeping the level (%)"), gettext_lazy(
        "Empty means 10.")),
    ("typo_guard_factor", file_label("Typo guard factor"), gettext_lazy("Empty means 3.")),
    ("uses_deviation_assessment", file_label("Deviation assessment"), gettext_lazy(
        "yes or no: organisations give the achieved result and assess deviations.")),
    ("diagnosis_in_report", file_label("Diagnosis in the report"), gettext_lazy(
        "yes or no: the diagnosis tables are printed in the yearly report.")),
]
REQUIRED_PROGRAMME_FIELDS = {"slug", "kind", "title", "first_year", "last_year"}

NODE_COLUMNS = [
    ("level", file_label("Level"), gettext_lazy(
        "Filled on a goal-tree row: the level number (1 = top) or its name from the Levels "
        "sheet. Empty on an indicator row.")),
    ("code", file_label("Code"), gettext_lazy(
        "The node's code, e.g. A.1.2; unique. On an indicator row: the code of its node "
        "(optional). May be left empty where the number in the document is given: the "
        "application then makes a unique code from the parent's code and that number.")),
    ("parent_code", file_label("Parent code"), gettext_lazy(
        "Optional: implied by the code (A.1.2 → A.1); a node without a code belongs to the "
        "nearest node above one level up.")),
    ("title", file_label("Title"), gettext_lazy("The node's title.")),
    ("label", file_label("Number in the document"), gettext_lazy(
        "Optional: the number as the document writes it, e.g. CEL 1 or 1.1; it may restart in "
        "every branch and repeat. Pages and reports show it instead of the code.")),
    ("addressees", file_label("Addressees"), ""),
    ("purpose", file_label("Purpose of the task"), ""),
    ("actions", file_label("Actions"), ""),
    ("expected_result", file_label("Expected result"), gettext_lazy(
        "On a goal-tree row: the result of the node. On an indicator row (optional): the "
        "numbered result the indicator measures, where a node has several.")),
    ("period", file_label("Period"), ""),
    ("coordinator", file_label("Task coordinator"), gettext_lazy("An organisation.")),
    ("responsible_institution", file_label("Responsible institution"),
     gettext_lazy("An organisation.")),
    ("implementers", file_label("Implementers"), gettext_lazy(
        "Organisations, separated by semicolons or on separate lines.")),
    ("funding_sources", file_label("Funding sources"), gettext_lazy(
        "Separated by semicolons or on separate lines, e.g. Budżet Miasta; PFRON.")),
]
INDICATOR_COLUMNS = [
    ("indicator", file_label("Indicator"), gettext_lazy(
        "The indicator's name; an indicator row belongs to the nearest goal-tree row above.")),
    ("unit", file_label("Unit"), gettext_lazy("From the list; empty means no unit.")),
    ("value_kind", file_label("Kind of value"), gettext_lazy(
        "From the list; empty means a whole number.")),
    ("target_value", file_label("Target value"), gettext_lazy("A number, e.g. 1 380,5.")),
    ("target_year", file_label("Target year"), gettext_lazy(
        "Empty when the target is for the whole programme.")),
    ("direction", file_label("Direction"), gettext_lazy("From the list, or empty.")),
    ("less_is_better", file_label("Less is better"), gettext_lazy("yes or no.")),
    ("baseline_value", file_label("Baseline value"), ""),
    ("baseline_year", file_label("Baseline year"), ""),
    ("monitoring_method", file_label("Monitoring method"), ""),
    ("reporting_organisation", file_label("Reporting organisation"), gettext_lazy(
        "The organisation that enters the indicator's values each year.")),
    ("parts", file_label("Parts of the indicator"), gettext_lazy(
        "Optional, for an indicator counted in several numbers: the parts' labels as the "
        "document writes them after the number, separated by semicolons, each optionally with "
        "its unit in brackets, e.g. “osób (osoby); rodzin (rodziny)”; a part that is a subset "
        "of the part before it starts with “w tym”, e.g. “placówek; w tym nowoutworzone”. "
        "Its values are then written “9 / 5”.")),
    ("parts_summed", file_label("Sum of the parts"), gettext_lazy(
        "yes or no: the indicator's value is the sum of its parts (e.g. women and men).")),
    ("target_part", file_label("Part of the target"), gettext_lazy(
        "The part the target is about: its number (1 = first) or its label; empty: the sum "
        "of summed parts, otherwise the first part.")),
    ("measure", file_label("Measure in the register"), gettext_lazy(
        "Written by the export: the number of the indicator's measure in the register "
        "(Measures), whose values every programme using the measure shares. Leave it as it is: "
        "indicators are linked and unlinked in the register, not by import; a number of "
        "another installation is ignored.")),
    ("shared_with", file_label("Shared with"), gettext_lazy(
        "Written by the export: the other programmes using the same measure; a value of a year "
        "they report is entered on their data-entry page. Ignored on import.")),
]
STRUCTURE_COLUMNS = NODE_COLUMNS + INDICATOR_COLUMNS
# Columns later versions of the template added: a file of an earlier version lacks them and
# still imports (they are read as empty).
OPTIONAL_COLUMNS = {"label", "parts", "parts_summed", "target_part", "measure",
                    "shared_with"}
VALUE_PREFIX = file_label("Value")
REMARKS_PREFIX = file_label("Remarks")
FOOTNOTE_PREFIX = file_label("Footnote")
LEVEL_COLUMNS = [file_label("Level"), file_label("Level name")]
# The Diagnosis sheet: one row per table row; a row naming a table (its number or title) starts
# it, the rows below without either belong to it. ``Wartość RRRR`` / ``Przypis RRRR`` columns
# hold the values.
DIAGNOSIS_COLUMNS = [
    ("table_number", file_label("Table"), gettext_lazy("The table's number as the document "
                                                       "writes it, e.g. Tabela Nr 1.")),
    ("table_title", file_label("Table title"), gettext_lazy(
        "Filled on a table's first row (with its number): it starts the table.")),
    ("table_source", file_label("Table source"), ""),
    ("table_footnotes", file_label("Footnotes"), gettext_lazy("The table's footnotes.")),
    ("label", file_label("Row"), gettext_lazy("Required: what the row counts.")),
    ("unit", file_label("Unit"), gettext_lazy("From the list; empty means no unit.")),
    ("value_kind", file_label("Kind of value"), gettext_lazy(
        "From the list; empty means a whole number.")),
    ("source", file_label("Row source"), ""),
    ("monitored_yearly", file_label("Monitored yearly"), gettext_lazy(
        "yes or no: only a row monitored yearly is asked from its organisation each year.")),
    ("reporting_organisation", file_label("Reporting organisation"), ""),
]
ORGANISATION_COLUMNS = [
    ("name", file_label("Name")),
    ("short_name", file_label("Short name")),
    ("kind", file_label("Kind")),
    ("aliases", file_label("Other names")),
    ("email", file_label("E-mail")),
]
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
LIST_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
YEAR_HEADER = re.compile(r"^(.*\S)\s+(\d{4})$")


def file_language():
    return translation.override(settings.LANGUAGE_CODE)


def _yes(value: bool) -> str:
    return YES() if value else NO()


def YES() -> str:  # noqa: N802 - reads like the constant it is, in the file's language
    return pgettext("spreadsheet", "yes")


def NO() -> str:  # noqa: N802
    return pgettext("spreadsheet", "no")


def choice_labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_lookup(choices) -> dict[str, str]:
    """Accepted spellings → stored value: the value itself and its label in the file's language."""
    found = {}
    for value, label in choices.choices:
        found[str(value).casefold()] = value
        found[str(label).casefold()] = value
    found.pop("", None)
    return found


def column_help() -> dict:
    """The documentation of every sheet and column (the Instructions sheet and the upload page)."""
    with file_language():
        return {
            "programme": [(str(label), str(help_)) for _key, label, help_ in PROGRAMME_FIELDS],
            "structure": [(str(label), str(help_)) for _key, label, help_ in STRUCTURE_COLUMNS],
            "diagnosis": [(str(label), str(help_)) for _key, label, help_ in DIAGNOSIS_COLUMNS],
            "values": _(
                "Optional columns “%(value)s YYYY”, “%(remarks)s YYYY” and “%(footnote)s YYYY” "
                "(e.g. “%(value)s 2019”) hold past values on indicator rows: a number, a text, "
                "or “Brak danych” (optionally “Brak danych: reason”). Years that are open for "
                "data entry are entered on the entry page, not here."
            ) % {"value": VALUE_PREFIX, "remarks": REMARKS_PREFIX, "footnote": FOOTNOTE_PREFIX},
            "sheets": {
                "programme": str(SHEET_PROGRAMME), "levels": str(SHEET_LEVELS),
                "structure": str(SHEET_STRUCTURE), "organisations": str(SHEET_ORGANISATIONS),
            },
        }


# --- writing ------------------------------------------------------------------------------


def _header(sheet, labels: list[str], widths: list[int] | None = None) -> None:
    for column, label in enumerate(labels, start=1):
        cell = write_cell(sheet, 1, column, str(label))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = (widths or [])[column - 1] \
            if widths and column <= len(widths) else 22
    sheet.freeze_panes = "A2"


def _instructions(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = str(SHEET_INSTRUCTIONS)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 110
    help_ = column_help()
    lines = [
        (_("Programme set-up spreadsheet"), ""),
        (_("Fill the sheets %(sheets)s and send the file on the import page; you will see a "
           "preview before anything is saved.") % {"sheets": ", ".join(
               help_["sheets"].values())}, ""),
        ("", ""),
        (str(SHEET_PROGRAMME), _("One row per field: the field name in column A, its value in "
                                 "column B.")),
        *help_["programme"],
        ("", ""),
        (str(SHEET_LEVELS), _("The names of the goal-tree levels from the top, e.g. 1 Obszar "
                              "działania, 2 Cel, 3 Zadanie, 4 Sposób realizacji.")),
        ("", ""),
        (str(SHEET_STRUCTURE), _("One row per goal-tree node, each followed by the rows of its "
                                 "indicators.")),
        *help_["structure"],
        (_("Past values"), help_["values"]),
        ("", ""),
        (str(SHEET_DIAGNOSIS), _("Optional: the diagnosis tables (statistics of past years "
                                 "outside the goal tree), one row per table row, with "
                                 "“%(value)s YYYY” columns for the years.")
         % {"value": VALUE_PREFIX}),
        *help_["diagnosis"],
        ("", ""),
        (str(SHEET_ORGANISATIONS), _("Optional: organisations not yet known to the application, "
                                     "with their short names, kinds and other names (separated "
                                     "by semicolons). Organisations named elsewhere and not "
                                     "known are created with the kind “other public "
                                     "institution”.")),
    ]
    for row, (label, text) in enumerate(lines, start=1):
        write_cell(sheet, row, 1, label).font = Font(bold=bool(label and not text) or row == 1)
        write_cell(sheet, row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")


def _lists(workbook: Workbook) -> dict[str, str]:
    """A hidden sheet with the allowed values; returns the range of each list."""
    sheet = workbook.create_sheet(str(SHEET_LISTS))
    lists = {
        "unit": [label for value, label in choice_labels(Unit).items() if value],
        "value_kind": list(choice_labels(ValueKind).values()),
        "direction": [label for value, label in choice_labels(Direction).items() if value],
        "yes_no": [YES(), NO()],
        "kind": list(choice_labels(Programme.Kind).values()),
        "status": list(choice_labels(Programme.Status).values()),
        "organisation_kind": list(choice_labels(Organisation.Kind).values()),
    }
    ranges = {}
    for column, (name, values) in enumerate(lists.items(), start=1):
        for row, value in enumerate(values, start=1):
            write_cell(sheet, row, column, value)
        letter = get_column_letter(column)
        ranges[name] = f"'{sheet.title}'!${letter}$1:${letter}${len(values)}"
    sheet.sheet_state = "hidden"
    return ranges


def _validate_list(sheet, source: str, cells: str) -> None:
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.error = _("Choose a value from the list.")
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _organisation_name(organisation) -> str:
    return organisation.name if organisation else ""


def _plain(number: Decimal | None) -> Decimal | None:
    """A stored number without trailing zeros or an exponent ("1633.0000" → 1633)."""
    return None if number is None else Decimal(format(Decimal(number).normalize(), "f"))


def parts_cell(indicator) -> str:
    """An indicator's parts as the column "Części wskaźnika" writes them: "osób (osoby);
    rodzin (rodziny)", "placówek; w tym nowoutworzone" (``read_parts`` reads it back)."""
    return parts_to_text(indicator.parts)


def _value_cell(value):
    if value.no_data:
        reason = value.no_data_reason
        return NO_DATA if reason.casefold() == NO_DATA.casefold() else f"{NO_DATA}: {reason}"
    if value.number is not None and value.part_values:
        return " / ".join(format(number.normalize(), "f").replace(".", ",")
                          for _part, number in value.part_values)
    if value.number is not None:
        return _plain(value.number)
    return value.text



def programme_workbook(programme: Programme | None = None) -> bytes:
    """The template (``programme=None``: empty, documented) or ``programme`` exported to it."""
    with file_language():
        workbook = Workbook()
        _instructions(workbook)
        lists = _lists(workbook)
        rows = _programme_rows(programme) if programme else []
        years, remark_years, footnote_years, structure = (
            _structure_rows(programme) if programme else ([], set(), set(), [])
        )

        sheet = workbook.create_sheet(str(SHEET_PROGRAMME))
        _header(sheet, [pgettext("spreadsheet", "Field"), pgettext("spreadsheet", "Value")],
                [40, 100])
        for row, (_key, label, _help) in enumerate(PROGRAMME_FIELDS, start=2):
            write_cell(sheet, row, 1, str(label)).font = Font(bold=True)
            if rows:
                write_cell(sheet, row, 2, rows[_key]).alignment = Alignment(wrap_text=True)

        sheet = workbook.create_sheet(str(SHEET_LEVELS))
        _header(sheet, [str(label) for label in LEVEL_COLUMNS], [10, 40])
        for row, name in enumerate(programme.level_names if programme else [], start=2):
            write_cell(sheet, row, 1, row - 1)
            write_cell(sheet, row, 2, name)

        sheet = workbook.create_sheet(str(SHEET_STRUCTURE))
        headers = [str(label) for _key, label, _help in STRUCTURE_COLUMNS]
        for year in years:
            headers.append(f"{VALUE_PREFIX} {year}")
            if year in remark_years:
                headers.append(f"{REMARKS_PREFIX} {year}")
            if year in footnote_years:
                headers.append(f"{FOOTNOTE_PREFIX} {year}")
        widths = [8, 10, 12, 40, 12, 30, 30, 40, 30, 16, 24, 24, 30, 24, 50, 14, 16, 14, 10, 24, 10,
                  14, 10, 30, 30]
        _header(sheet, headers, widths + [14] * (len(headers) - len(widths)))
        positions = {key: index for index, (key, _l, _h) in enumerate(STRUCTURE_COLUMNS)}
        for row_number, cells in enumerate(structure, start=2):
            for key, value in cells.items():
                column = positions[key] + 1 if key in positions else headers.index(key) + 1
                write_cell(sheet, row_number, column, value)
        last = len(structure) + 1 + SPARE_ROWS
        for key, source in (("unit", "unit"), ("value_kind", "value_kind"),
                            ("direction", "direction"), ("less_is_better", "yes_no")):
            letter = get_column_letter(positions[key] + 1)
            _validate_list(sheet, lists[source], f"{letter}2:{letter}{last}")

        sheet = workbook.create_sheet(str(SHEET_ORGANISATIONS))
        _header(sheet, [str(label) for _key, label in ORGANISATION_COLUMNS], [60, 16, 30, 60, 30])
        kinds = choice_labels(Organisation.Kind)
        for row, organisation in enumerate(_programme_organisations(programme), start=2):
            write_cell(sheet, row, 1, organisation.name)
            write_cell(sheet, row, 2, organisation.short_name)
            write_cell(sheet, row, 3, kinds.get(organisation.kind, ""))
            write_cell(sheet, row, 4, "; ".join(organisation.aliases))
            write_cell(sheet, row, 5, organisation.email)
        _validate_list(sheet, lists["organisation_kind"], f"C2:C{sheet.max_row + SPARE_ROWS}")

        _diagnosis_sheet(workbook, programme, lists)

        write_meta(workbook, {"format": FORMAT, "version": VERSION})
        return workbook_bytes(workbook)


def _programme_rows(programme: Programme) -> dict:
    return {
        "slug": programme.slug,
        "kind": choice_labels(Programme.Kind)[programme.kind],
        "title": programme.title,
        "short_name": programme.short_name,
        "first_year": programme.first_year,
        "last_year": programme.last_year,
        "resolution_number": programme.resolution_number,
        "resolution_date": programme.resolution_date.isoformat()
        if programme.resolution_date else "",
        "resolution_body": programme.resolution_body,
        "coordinator": _organisation_name(programme.coordinator),
        "main_goal": programme.main_goal,
        **{name: getattr(programme, name) for name in Programme.SECTION_FIELDS},
        "status": choice_labels(Programme.Status)[programme.status],
        "keep_tolerance": _plain(programme.keep_tolerance),
        "typo_guard_factor": _plain(programme.typo_guard_factor),
        "uses_deviation_assessment": _yes(programme.uses_deviation_assessment),
        "diagnosis_in_report": _yes(programme.diagnosis_in_report),
    }


def _in_document_order(nodes):
    return sorted(nodes, key=lambda node: (node.objective.position, node.objective.sort_key,
                                           node.objective.pk))


def _structure_rows(programme: Programme):
    """Rows of the Structure sheet: each node, then its indicators, in document order. Values of
    years open for data entry are left out (they belong to the yearly cycle) — for a shared
    measure also the years another programme using it is entering."""
    entry_years = set(programme.reporting_years.filter(state__in=ENTRY_YEAR_STATES)
                      .values_list("year", flat=True))
    measure_ids = set(Indicator.objects.for_programme(programme)
                      .values_list("measure_id", flat=True))
    sharing = other_programmes_by_measure(programme, measure_ids)
    elsewhere = shared_reporting_years(programme, measure_ids)
    units, kinds = choice_labels(Unit), choice_labels(ValueKind)
    directions = choice_labels(Direction)
    rows, years, remark_years, footnote_years = [], set(), set(), set()

    def visit(node, parent):
        objective = node.objective
        rows.append({
            "level": objective.level,
            "code": objective.code,
            "label": objective.label,
            "parent_code": parent.code if parent is not None else "",
            "title": objective.title,
            "addressees": objective.addressees,
            "purpose": objective.purpose,
            "actions": objective.actions,
            "expected_result": objective.expected_result,
            "period": objective.period,
            "coordinator": _organisation_name(objective.coordinator),
            "responsible_institution": _organisation_name(objective.responsible_institution),
            "implementers": "; ".join(link.organisation.name
                                      for link in objective.objectiveimplementer_set.all()),
            "funding_sources": "; ".join(source.name
                                         for source in objective.funding_sources.all()),
        })
        for indicator_row in node.indicators:
            indicator = indicator_row.indicator
            row = {
                "code": objective.code,
                "indicator": indicator.name,
                "unit": units.get(indicator.unit, "") if indicator.unit else "",
                "value_kind": kinds[indicator.value_kind],
                "target_value": _plain(indicator.target_value),
                "target_year": indicator.target_year,
                "direction": directions.get(indicator.direction, "") if indicator.direction
                else "",
                "less_is_better": _yes(indicator.less_is_better),
                "baseline_value": _plain(indicator.baseline_value),
                "baseline_year": indicator.baseline_year,
                "monitoring_method": indicator.monitoring_method,
                "reporting_organisation": _organisation_name(indicator.reporting_organisation),
                "expected_result": indicator.expected_result,
                "measure": indicator.measure_id,
                "shared_with": "; ".join(sharing.get(indicator.measure_id, [])),
            }
            entered_elsewhere = {
                year for year, (_name, state) in elsewhere.get(indicator.measure_id, {}).items()
                if state in ENTRY_YEAR_STATES}
            if indicator.has_parts:
                row["parts"] = parts_cell(indicator)
                row["parts_summed"] = _yes(indicator.parts_summed)
                row["target_part"] = indicator.target_part
            for year, value in indicator_row.values.items():
                if year in entry_years or year in entered_elsewhere:
                    continue
                years.add(year)
                row[f"{VALUE_PREFIX} {year}"] = _value_cell(value)
                if value.remarks:
                    remark_years.add(year)
                    row[f"{REMARKS_PREFIX} {year}"] = value.remarks
                if value.footnote_mark:
                    footnote_years.add(year)
                    row[f"{FOOTNOTE_PREFIX} {year}"] = value.footnote_mark
            rows.append(row)
        for child in _in_document_order(node.children):
            visit(child, objective)

    for root in _in_document_order(programme_tree(programme)):
        visit(root, None)
    return sorted(years), remark_years, footnote_years, rows


def _programme_organisations(programme: Programme | None) -> list[Organisation]:
    """Every organisation the programme names (so an empty database gets them with their
    kinds and other names)."""
    if programme is None:
        return []
    return list(Organisation.objects.filter(
        Q(coordinated_programmes=programme)
        | Q(coordinated_objectives__programme=programme)
        | Q(responsible_for_objectives__programme=programme)
        | Q(implemented_objectives__programme=programme)
        | Q(reported_indicators__objective__programme=programme)
    ).distinct().order_by("name"))


def _diagnosis_sheet(workbook: Workbook, programme: Programme | None, lists: dict) -> None:
    """The Diagnosis sheet: the programme's diagnosis tables, one row per table row."""
    sheet = workbook.create_sheet(str(SHEET_DIAGNOSIS))
    tables = list(programme.diagnosis_tables.prefetch_related("rows")) if programme else []
    years = sorted({year for table in tables for year in table.years})
    marked = {int(year) for table in tables for row in table.rows.all()
              for year, value in row.values.items() if value.get("footnote_mark")}
    headers = [str(label) for _key, label, _help in DIAGNOSIS_COLUMNS]
    for year in years:
        headers.append(f"{VALUE_PREFIX} {year}")
        if year in marked:
            headers.append(f"{FOOTNOTE_PREFIX} {year}")
    _header(sheet, headers, [14, 40, 24, 30, 50, 12, 14, 24, 12, 30])
    units, kinds = choice_labels(Unit), choice_labels(ValueKind)
    row_number = 1
    for table in tables:
        for index, row in enumerate(table.rows.all()):
            row_number += 1
            cells = {
                "label": row.label,
                "unit": units.get(row.unit, "") if row.unit else "",
                "value_kind": kinds.get(row.value_kind, ""),
                "source": row.source,
                "monitored_yearly": _yes(row.monitored_yearly),
                "reporting_organisation": _organisation_name(row.reporting_organisation),
            }
            if index == 0:
                cells.update(table_number=table.number, table_title=table.title,
                             table_source=table.source, table_footnotes=table.footnotes)
            for column, (key, _label, _help) in enumerate(DIAGNOSIS_COLUMNS, start=1):
                write_cell(sheet, row_number, column, cells.get(key, ""))
            for year, value in row.values.items():
                cell = _plain(Decimal(value["number"])) if value.get("number") else \
                    value.get("text", "")
                write_cell(sheet, row_number, headers.index(f"{VALUE_PREFIX} {year}") + 1, cell)
                if value.get("footnote_mark"):
                    write_cell(sheet, row_number,
                               headers.index(f"{FOOTNOTE_PREFIX} {year}") + 1,
                               value["footnote_mark"])
    last = row_number + SPARE_ROWS
    for key, source in (("unit", "unit"), ("value_kind", "value_kind"),
                        ("monitored_yearly", "yes_no")):
        index = [k for k, _l, _h in DIAGNOSIS_COLUMNS].index(key) + 1
        letter = get_column_letter(index)
        _validate_list(sheet, lists[source], f"{letter}2:{letter}{last}")
