"""Reading a filled programme set-up spreadsheet (``spreadsheets.programme_sheets`` describes
the format) into the nested structure ``indicators.services.programmes.programme_load`` takes
(``fixtures/README.md``). Every problem is collected with its sheet and row, in Polish, and
reported at once; nothing is written here.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from indicators.models import Direction, Indicator, Unit, ValueKind
from indicators.parsing import ParseError, parse_number, split_part_texts
from indicators.parts import parts_from_text
from programs.models import Organisation, Programme
from spreadsheets.files import (
    Problems,
    SpreadsheetError,
    cell_text,
    read_meta,
    refuse_merged_cells,
)
from spreadsheets.programme_sheets import (
    DIAGNOSIS_COLUMNS,
    FOOTNOTE_PREFIX,
    FORMAT,
    INDICATOR_COLUMNS,
    LIST_SPLIT,
    NO,
    NO_DATA,
    NODE_COLUMNS,
    OPTIONAL_COLUMNS,
    ORGANISATION_COLUMNS,
    PROGRAMME_FIELDS,
    READABLE_VERSIONS,
    REMARKS_PREFIX,
    REQUIRED_PROGRAMME_FIELDS,
    SHEET_DIAGNOSIS,
    SHEET_LEVELS,
    SHEET_ORGANISATIONS,
    SHEET_PROGRAMME,
    SHEET_STRUCTURE,
    STRUCTURE_COLUMNS,
    VALUE_PREFIX,
    VERSION,
    YEAR_HEADER,
    YES,
    choice_labels,
    choice_lookup,
    file_label,
    file_language,
)


@dataclass
class ParsedProgramme:
    """What a file holds: ``data`` for ``programme_load`` and what the preview reports."""

    data: dict
    objective_count: int = 0
    indicator_count: int = 0
    value_count: int = 0
    organisation_names: list[str] = field(default_factory=list)  # as written, first use first
    warnings: list[str] = field(default_factory=list)


def _decimal(raw, where: str, problems: Problems) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        problems.add(_("%(where)s: “%(raw)s” is not a number.") % {"where": where, "raw": raw})
        return None
    if isinstance(raw, int | float | Decimal):
        try:
            return str(Decimal(repr(raw) if isinstance(raw, float) else raw).normalize())
        except InvalidOperation:
            problems.add(_("%(where)s: “%(raw)s” is not a number.") % {"where": where, "raw": raw})
            return None
    try:
        return str(parse_number(cell_text(raw), value_kind=ValueKind.DECIMAL))
    except ParseError as error:
        problems.add(f"{where}: {error.message}")
        return None


def _polish_decimal(raw) -> str:
    """A number from a cell written the way ``parse_number`` reads it (decimal comma)."""
    number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    return format(number.normalize(), "f").replace(".", ",")


def _year(raw, where: str, problems: Problems) -> int | None:
    text = cell_text(raw)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text) and 1990 <= int(text) <= 2100:
        return int(text)
    problems.add(_("%(where)s: “%(raw)s” is not a year.") % {"where": where, "raw": text})
    return None


def _bool(raw, where: str, problems: Problems) -> bool:
    if isinstance(raw, bool):
        return raw
    text = cell_text(raw).casefold()
    if text in ("", NO().casefold(), "no", "false", "0", "n"):
        return False
    if text in (YES().casefold(), "yes", "true", "1", "t", "x"):
        return True
    problems.add(_("%(where)s: write “yes” or “no”, not “%(raw)s”.") % {
        "where": where, "raw": cell_text(raw)})
    return False


def _choice(raw, choices, where: str, what: str, problems: Problems, default=""):
    text = cell_text(raw)
    if not text:
        return default
    found = choice_lookup(choices).get(" ".join(text.split()).casefold())
    if found is None:
        labels = choice_labels(choices)
        allowed = ", ".join(f"„{label}”" for value, label in labels.items() if value)
        problems.add(_("%(where)s: unknown %(what)s “%(raw)s”; allowed: %(allowed)s.") % {
            "where": where, "what": what, "raw": text, "allowed": allowed})
        return default
    return found


def _date(raw, where: str, problems: Problems) -> str | None:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = cell_text(raw)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    problems.add(_("%(where)s: “%(raw)s” is not a date (write 2021-03-29 or 29.03.2021).")
                 % {"where": where, "raw": text})
    return None


def _names(raw) -> list[str]:
    return [" ".join(part.split()) for part in LIST_SPLIT.split(cell_text(raw)) if part.strip()]


def _sheet(workbook, name, problems: Problems, required: bool = True):
    if str(name) in workbook.sheetnames:
        sheet = workbook[str(name)]
        refuse_merged_cells(sheet)
        return sheet
    if required:
        problems.add(_("The sheet “%(sheet)s” is missing.") % {"sheet": name})
    return None


def _rows(sheet):
    """(row number, cells) of the data rows, skipping empty ones."""
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if any(cell not in (None, "") and cell_text(cell) for cell in cells):
            yield number, cells


def check_template(workbook) -> None:
    """Refuse a file that is not (the current version of) the programme template."""
    meta = read_meta(workbook)
    if meta.get("format") != FORMAT:
        if meta.get("format"):
            raise SpreadsheetError(_("This is not the programme set-up template (it is a value "
                                     "sheet or another file). Download the template from the "
                                     "import page."))
        raise SpreadsheetError(_("This file was not made from the programme set-up template. "
                                 "Download the template from the import page and fill it in."))
    if meta.get("version") not in READABLE_VERSIONS:
        raise SpreadsheetError(_("This file was made from an outdated version of the template "
                                 "(%(found)s; the current one is %(current)s). Download the "
                                 "template again and copy the rows into it.")
                               % {"found": meta.get("version") or "?", "current": VERSION})


def read_programme(workbook) -> ParsedProgramme:
    """The nested structure of ``programme_load`` from a filled template; every problem of the
    file is collected and raised together as ``SpreadsheetError``."""
    with file_language():
        check_template(workbook)
        problems = Problems()
        programme = _read_programme_sheet(workbook, problems)
        level_names = _read_levels(workbook, problems)
        organisations = _read_organisations(workbook, problems)
        parsed = _read_structure(workbook, level_names, problems)
        diagnosis = _read_diagnosis(workbook, problems)
        problems.raise_if_any()
        programme["level_names"] = level_names
        parsed.data = {"organisations": organisations, "programme": programme,
                       "objectives": parsed.data["objectives"]}
        names = [programme.get("coordinator")] + parsed.organisation_names
        if diagnosis is not None:  # a file without the sheet (version 1) leaves it as it is
            parsed.data["diagnosis"] = diagnosis
            names += [row["reporting_organisation"] for table in diagnosis
                      for row in table["rows"]]
        parsed.organisation_names = list(dict.fromkeys(name for name in names if name))
        return parsed


def _read_programme_sheet(workbook, problems: Problems) -> dict:
    sheet = _sheet(workbook, SHEET_PROGRAMME, problems)
    if sheet is None:
        return {}
    by_label = {str(label).casefold(): key for key, label, _help in PROGRAMME_FIELDS}
    raw, spec = {}, {}
    for number, cells in _rows(sheet):
        label = cell_text(cells[0]) if cells else ""
        key = by_label.get(label.casefold())
        if key is None:
            problems.add(_("%(sheet)s, row %(row)d: unknown field “%(label)s”.")
                         % {"sheet": sheet.title, "row": number, "label": label})
            continue
        if key in raw:
            problems.add(_("%(sheet)s, row %(row)d: the field “%(label)s” is given twice.")
                         % {"sheet": sheet.title, "row": number, "label": label})
        if any(cell_text(cell) for cell in cells[2:]):
            problems.add(_("%(sheet)s, row %(row)d: only columns A and B are read; clear the "
                           "others.") % {"sheet": sheet.title, "row": number})
        raw[key] = cells[1] if len(cells) > 1 else None
    labels = {key: str(label) for key, label, _help in PROGRAMME_FIELDS}

    def where(key):
        return f"{sheet.title}, {labels[key]}"

    for key in REQUIRED_PROGRAMME_FIELDS:
        if not cell_text(raw.get(key)):
            problems.add(_("%(where)s: this field is required.") % {"where": where(key)})
    slug = cell_text(raw.get("slug"))
    if slug and (slugify(slug) != slug or len(slug) > 80):
        problems.add(_("%(where)s: “%(raw)s” is not a valid identifier (lower-case letters "
                       "without Polish characters, digits and hyphens, at most 80).")
                     % {"where": where("slug"), "raw": slug})
    spec["slug"] = slug
    spec["kind"] = _choice(raw.get("kind"), Programme.Kind, where("kind"), _("kind"), problems)
    for key in ("title", "short_name", "resolution_number", "resolution_body", "main_goal",
                *Programme.SECTION_FIELDS):
        spec[key] = cell_text(raw.get(key))
    spec["first_year"] = _year(raw.get("first_year"), where("first_year"), problems)
    spec["last_year"] = _year(raw.get("last_year"), where("last_year"), problems)
    if spec["first_year"] and spec["last_year"] and spec["first_year"] > spec["last_year"]:
        problems.add(_("%(sheet)s: the first year comes after the last year.")
                     % {"sheet": sheet.title})
    spec["resolution_date"] = _date(raw.get("resolution_date"), where("resolution_date"),
                                    problems)
    spec["coordinator"] = " ".join(cell_text(raw.get("coordinator")).split()) or None
    spec["status"] = _choice(raw.get("status"), Programme.Status, where("status"), _("status"),
                             problems, default=Programme.Status.ADOPTED)
    tolerance = _decimal(raw.get("keep_tolerance"), where("keep_tolerance"), problems)
    factor = _decimal(raw.get("typo_guard_factor"), where("typo_guard_factor"), problems)
    if tolerance is not None and Decimal(tolerance) < 0:
        problems.add(_("%(where)s: the tolerance cannot be negative.")
                     % {"where": where("keep_tolerance")})
    if factor is not None and Decimal(factor) <= 1:
        problems.add(_("%(where)s: the factor must be greater than 1.")
                     % {"where": where("typo_guard_factor")})
    spec["keep_tolerance"] = tolerance or "10"
    spec["typo_guard_factor"] = factor or "3"
    spec["uses_deviation_assessment"] = _bool(raw.get("uses_deviation_assessment"),
                                              where("uses_deviation_assessment"), problems)
    spec["diagnosis_in_report"] = _bool(raw.get("diagnosis_in_report"),
                                        where("diagnosis_in_report"), problems)
    return spec


def _read_levels(workbook, problems: Problems) -> list[str]:
    sheet = _sheet(workbook, SHEET_LEVELS, problems)
    if sheet is None:
        return []
    names = {}
    for number, cells in _rows(sheet):
        where = _("%(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": number}
        level = cell_text(cells[0]) if cells else ""
        name = cell_text(cells[1]) if len(cells) > 1 else ""
        if not level.isdigit() or int(level) < 1:
            problems.add(_("%(where)s: the level is a number from 1.") % {"where": where})
            continue
        if not name:
            problems.add(_("%(where)s: give the level's name.") % {"where": where})
        if int(level) in names:
            problems.add(_("%(where)s: level %(level)s is given twice.")
                         % {"where": where, "level": level})
        names[int(level)] = name
    if sorted(names) != list(range(1, len(names) + 1)):
        problems.add(_("%(sheet)s: number the levels 1, 2, 3… without gaps.")
                     % {"sheet": sheet.title})
    return [names[level] for level in sorted(names)]


# Kind labels of earlier template versions, still read.
FORMER_KIND_LABELS = {"mopr lub jego dział": Organisation.Kind.MOPR}


def _read_organisations(workbook, problems: Problems) -> list[dict]:
    sheet = _sheet(workbook, SHEET_ORGANISATIONS, problems, required=False)
    if sheet is None:
        return []
    expected = [str(label) for _key, label in ORGANISATION_COLUMNS]
    header = [cell_text(cell) for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    while header and not header[-1]:
        header.pop()
    if header != expected:
        problems.add(_("%(sheet)s: the columns must be %(expected)s.")
                     % {"sheet": sheet.title, "expected": ", ".join(expected)})
        return []
    specs = []
    for number, cells in _rows(sheet):
        cells = list(cells) + [None] * 5
        where = _("%(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": number}
        name = " ".join(cell_text(cells[0]).split())
        if not name:
            problems.add(_("%(where)s: give the organisation's name.") % {"where": where})
            continue
        specs.append({
            "name": name,
            "short_name": cell_text(cells[1]),
            "kind": FORMER_KIND_LABELS.get(" ".join(cell_text(cells[2]).split()).casefold())
            or _choice(cells[2], Organisation.Kind, where, _("kind"), problems,
                       default=Organisation.Kind.PUBLIC),
            "aliases": _names(cells[3]),
            "email": cell_text(cells[4]),
        })
    return specs


def _read_diagnosis(workbook, problems: Problems) -> list[dict] | None:
    """The Diagnosis sheet's tables (``None`` when the file has no such sheet)."""
    sheet = _sheet(workbook, SHEET_DIAGNOSIS, problems, required=False)
    if sheet is None:
        return None
    header = [cell_text(cell) for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    known = {str(label).casefold(): key for key, label, _help in DIAGNOSIS_COLUMNS}
    columns, year_columns = {}, {}
    for index, label in enumerate(header):
        match = YEAR_HEADER.match(label) if label else None
        if not label:
            continue
        if label.casefold() in known:
            columns[known[label.casefold()]] = index
        elif match and match.group(1).casefold() == str(VALUE_PREFIX).casefold():
            year_columns[("value", int(match.group(2)))] = index
        elif match and match.group(1).casefold() == str(FOOTNOTE_PREFIX).casefold():
            year_columns[("footnote", int(match.group(2)))] = index
        else:
            problems.add(_("%(sheet)s: unknown column “%(label)s” (%(column)s). Remove it or "
                           "use the template's columns.")
                         % {"sheet": sheet.title, "label": label,
                            "column": get_column_letter(index + 1)})
    missing = [str(label) for key, label, _help in DIAGNOSIS_COLUMNS if key not in columns]
    if missing:
        problems.add(_("%(sheet)s: missing columns: %(columns)s.")
                     % {"sheet": sheet.title, "columns": ", ".join(missing)})
        return []
    tables: list[dict] = []
    for number, cells in _rows(sheet):
        def get(key, cells=cells):
            index = columns[key]
            return cells[index] if index < len(cells) else None

        where = _("%(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": number}
        table_number, table_title = cell_text(get("table_number")), cell_text(get("table_title"))
        current = tables[-1] if tables else None
        if (table_number or table_title) and (
                current is None or (table_number, table_title) != (current["number"],
                                                                   current["title"])):
            if not table_title:
                problems.add(_("%(where)s: a new table needs its title.") % {"where": where})
            current = {"number": table_number, "title": table_title,
                       "source": cell_text(get("table_source")),
                       "footnotes": cell_text(get("table_footnotes")), "rows": []}
            tables.append(current)
        if current is None:
            problems.add(_("%(where)s: the row belongs to no table; name the table (its number "
                           "and title) on its first row.") % {"where": where})
            continue
        label = cell_text(get("label"))
        if not label:
            problems.add(_("%(where)s: give the row's name.") % {"where": where})
            continue
        row = {
            "label": label,
            "unit": _choice(get("unit"), Unit, f"{where}", _("unit"), problems),
            "value_kind": _choice(get("value_kind"), ValueKind, where, _("kind of value"),
                                  problems, default=ValueKind.INTEGER),
            "source": cell_text(get("source")),
            "monitored_yearly": _bool(get("monitored_yearly"), where, problems),
            "reporting_organisation": " ".join(cell_text(get("reporting_organisation")).split())
            or None,
            "values": {},
        }
        if row["monitored_yearly"] and not row["reporting_organisation"]:
            problems.add(_("%(where)s: a row monitored yearly needs the organisation that "
                           "reports it.") % {"where": where})
        for (kind, year), index in sorted(year_columns.items(), key=lambda item: item[0][1]):
            raw = cells[index] if index < len(cells) else None
            text = cell_text(raw)
            if not text:
                continue
            entry = row["values"].setdefault(str(year), {})
            if kind == "footnote":
                entry["footnote_mark"] = text[:5]
            elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
                entry["number"] = format(
                    Decimal(repr(raw) if isinstance(raw, float) else raw).normalize(), "f")
            else:
                try:
                    entry["number"] = str(parse_number(text, value_kind=ValueKind.DECIMAL))
                except ParseError:
                    entry["text"] = text
        for year, entry in list(row["values"].items()):
            if not ({"number", "text"} & set(entry)):
                problems.add(_("%(where)s, %(year)s: a footnote mark needs a value.")
                             % {"where": where, "year": year})
                del row["values"][year]
        current["rows"].append(row)
    return tables


@dataclass
class _Node:
    row: int
    level: int
    code: str
    parent_code: str
    spec: dict
    parent: "_Node | None" = None
    children: list = field(default_factory=list)


def _structure_header(sheet, problems: Problems):
    header = [cell_text(cell) for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    known = {str(label).casefold(): key for key, label, _help in STRUCTURE_COLUMNS}
    prefixes = {str(VALUE_PREFIX).casefold(): "value", str(REMARKS_PREFIX).casefold(): "remarks",
                str(FOOTNOTE_PREFIX).casefold(): "footnote"}
    columns, year_columns = {}, {}
    for index, label in enumerate(header):
        if not label:
            continue
        key = known.get(label.casefold())
        match = YEAR_HEADER.match(label)
        if key is not None:
            if key in columns:
                problems.add(_("%(sheet)s: the column “%(label)s” appears twice.")
                             % {"sheet": sheet.title, "label": label})
            columns[key] = index
        elif match and match.group(1).casefold() in prefixes:
            year_columns[(prefixes[match.group(1).casefold()], int(match.group(2)))] = index
        else:
            problems.add(_("%(sheet)s: unknown column “%(label)s” (%(column)s). Remove it or "
                           "use the template's columns.")
                         % {"sheet": sheet.title, "label": label,
                            "column": get_column_letter(index + 1)})
    missing = [str(label) for key, label, _help in STRUCTURE_COLUMNS
               if key not in columns and key not in OPTIONAL_COLUMNS]
    if missing:
        problems.add(_("%(sheet)s: missing columns: %(columns)s.")
                     % {"sheet": sheet.title, "columns": ", ".join(missing)})
    for kind, year in year_columns:
        if kind != "value" and ("value", year) not in year_columns:
            problems.add(_("%(sheet)s: the column “%(label)s %(year)d” needs “%(value)s "
                           "%(year)d” too.") % {"sheet": sheet.title, "year": year,
                                                "label": REMARKS_PREFIX if kind == "remarks"
                                                else FOOTNOTE_PREFIX, "value": VALUE_PREFIX})
    return columns, year_columns


def _read_structure(workbook, level_names: list[str], problems: Problems) -> ParsedProgramme:
    parsed = ParsedProgramme(data={"objectives": []})
    sheet = _sheet(workbook, SHEET_STRUCTURE, problems)
    if sheet is None:
        return parsed
    columns, year_columns = _structure_header(sheet, problems)
    if any(key not in columns and key not in OPTIONAL_COLUMNS
           for key, _l, _h in STRUCTURE_COLUMNS):
        return parsed
    level_by_name = {name.casefold(): index for index, name in enumerate(level_names, start=1)}
    # An indicator row may name the numbered result it measures ("expected_result").
    node_keys = [key for key, _l, _h in NODE_COLUMNS if key not in ("level", "code",
                                                                    "parent_code",
                                                                    "expected_result")
                 and key in columns]
    indicator_keys = [key for key, _l, _h in INDICATOR_COLUMNS]
    nodes: list[_Node] = []
    organisation_names: list[str] = []
    current: _Node | None = None

    for number, cells in _rows(sheet):
        def get(key, cells=cells):
            index = columns.get(key)  # None: an optional column the file's version lacks
            return cells[index] if index is not None and index < len(cells) else None

        where = _("%(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": number}
        level_raw = cell_text(get("level"))
        code = cell_text(get("code"))
        if level_raw:
            if any(cell_text(get(key)) for key in indicator_keys):
                problems.add(_("%(where)s: a goal-tree row cannot hold an indicator; put each "
                               "indicator on its own row below its node (with “%(level)s” "
                               "empty).") % {"where": where, "level": file_label("Level")})
            if any(cell_text(cells[index]) for index in year_columns.values()
                   if index < len(cells)):
                problems.add(_("%(where)s: values belong on indicator rows.") % {"where": where})
            if level_raw.isdigit() and int(level_raw) >= 1:
                level = int(level_raw)
            elif level_raw.casefold() in level_by_name:
                level = level_by_name[level_raw.casefold()]
            else:
                problems.add(_("%(where)s: “%(raw)s” is neither a level number nor a level name "
                               "from the sheet %(sheet)s.")
                             % {"where": where, "raw": level_raw, "sheet": SHEET_LEVELS})
                continue
            # A node may lack both (documents lose cells); "Level" alone makes it a node.
            spec = {"code": code, "label": cell_text(get("label")),
                    "title": cell_text(get("title"))}
            for key in ("addressees", "purpose", "actions", "expected_result", "period"):
                spec[key] = cell_text(get(key))
            for key in ("coordinator", "responsible_institution"):
                spec[key] = " ".join(cell_text(get(key)).split()) or None
                if spec[key]:
                    organisation_names.append(spec[key])
            spec["implementers"] = _names(get("implementers"))
            organisation_names.extend(spec["implementers"])
            spec["funding_sources"] = _names(get("funding_sources"))
            spec["indicators"] = []
            current = _Node(number, level, code, cell_text(get("parent_code")), spec)
            nodes.append(current)
            continue
        name = cell_text(get("indicator"))
        if not name:
            problems.add(_("%(where)s: fill “%(level)s” for a goal-tree row, or “%(indicator)s” "
                           "for an indicator row.")
                         % {"where": where, "level": file_label("Level"),
                            "indicator": file_label("Indicator")})
            continue
        if any(cell_text(get(key)) for key in node_keys + ["parent_code"]):
            problems.add(_("%(where)s: an indicator row holds only indicator columns (and its "
                           "node's code); describe the node on its own row above.")
                         % {"where": where})
        if current is None:
            problems.add(_("%(where)s: the indicator has no goal-tree row above it.")
                         % {"where": where})
            continue
        if code and code not in (current.code, current.spec["label"]):
            problems.add(_("%(where)s: the indicator's code %(code)s differs from the code of "
                           "the node above it (%(node)s).")
                         % {"where": where, "code": code, "node": current.code or "—"})
        indicator = _read_indicator(get, where, problems)
        indicator["expected_result"] = cell_text(get("expected_result"))
        indicator["values"] = _read_values(cells, year_columns, indicator, where, parsed,
                                           problems)
        if indicator["reporting_organisation"]:
            organisation_names.append(indicator["reporting_organisation"])
        current.spec["indicators"].append(indicator)
        parsed.indicator_count += 1

    roots = _link_tree(nodes, level_names, problems, parsed.warnings)
    parsed.objective_count = len(nodes)
    parsed.organisation_names = organisation_names

    def nested(node: _Node) -> dict:
        return {**node.spec, "children": [nested(child) for child in node.children]}

    parsed.data = {"objectives": [nested(root) for root in roots]}
    return parsed


def _read_indicator(get, where: str, problems: Problems) -> dict:
    labels = {key: str(label) for key, label, _help in INDICATOR_COLUMNS}

    def at(key):
        return f"{where}, {labels[key]}"

    target_value = _decimal(get("target_value"), at("target_value"), problems)
    target_year = _year(get("target_year"), at("target_year"), problems)
    baseline_value = _decimal(get("baseline_value"), at("baseline_value"), problems)
    baseline_year = _year(get("baseline_year"), at("baseline_year"), problems)
    if target_year and target_value is None:
        problems.add(_("%(where)s: a target year needs a target value.") % {"where": where})
    if baseline_year and baseline_value is None:
        problems.add(_("%(where)s: a baseline year needs a baseline value.") % {"where": where})
    unit = _choice(get("unit"), Unit, at("unit"), _("unit"), problems)
    parts = read_parts(get("parts"), at("parts"), problems)
    parts_summed = _bool(get("parts_summed"), at("parts_summed"), problems)
    target_part = _target_part(get("target_part"), parts, at("target_part"), problems)
    if parts_summed and not parts:
        problems.add(_("%(where)s: only an indicator with parts is summed.") % {"where": where})
    return {
        "name": cell_text(get("indicator")),
        "unit": unit,
        "parts": parts,
        "parts_summed": parts_summed,
        "target_part": target_part,
        "value_kind": _choice(get("value_kind"), ValueKind, at("value_kind"), _("kind of value"),
                              problems, default=ValueKind.INTEGER),
        "target_value": target_value,
        "target_year": target_year,
        "direction": _choice(get("direction"), Direction, at("direction"), _("direction"),
                             problems),
        "less_is_better": _bool(get("less_is_better"), at("less_is_better"), problems),
        "baseline_value": baseline_value,
        "baseline_year": baseline_year,
        "monitoring_method": cell_text(get("monitoring_method")),
        "reporting_organisation": " ".join(cell_text(get("reporting_organisation")).split())
        or None,
        "measure": _measure_number(get("measure"), at("measure"), problems),
    }


def _measure_number(raw, where: str, problems: Problems) -> int | None:
    """The column "Miara w rejestrze": the number the export wrote, or empty."""
    text = cell_text(raw)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    problems.add(_("%(where)s: “%(raw)s” is not a measure's number in the register; leave the "
                   "number the export wrote, or the cell empty.") % {"where": where, "raw": text})
    return None


def read_parts(raw, where: str, problems: Problems) -> list[dict]:
    """The column "Części wskaźnika" ("osób (osoby); rodzin (rodziny)", "placówek; w tym
    nowoutworzone") as ``Indicator.parts`` (``indicators.parts.parts_from_text``)."""
    try:
        return parts_from_text(cell_text(raw))
    except ValidationError as error:
        problems.add(f"{where}: {' '.join(error.messages)}")
        return []


def _target_part(raw, parts: list[dict], where: str, problems: Problems) -> int | None:
    """The column "Część z celem": a part's number or its label."""
    text = cell_text(raw)
    if not text:
        return None
    if not parts:
        problems.add(_("%(where)s: the indicator has no parts.") % {"where": where})
        return None
    if text.isdigit() and 1 <= int(text) <= len(parts):
        return int(text)
    labels = [part["label"].casefold() for part in parts]
    folded = " ".join(text.split()).casefold().removeprefix("w tym ")
    if folded in labels:
        return labels.index(folded) + 1
    problems.add(_("%(where)s: “%(raw)s” is not one of the indicator's parts (give its number "
                   "or its label).") % {"where": where, "raw": text})
    return None


def _parts_entry(typed: str, indicator: dict) -> dict:
    """A past value of an indicator with parts, "9 / 5", as the entry for ``programme_load``:
    the parts' numbers and the derived number. ``ParseError`` names what is wrong."""
    declared = Indicator(value_kind=indicator["value_kind"], unit=indicator.get("unit") or "",
                         parts=indicator["parts"], parts_summed=indicator["parts_summed"],
                         target_part=indicator["target_part"])
    texts = split_part_texts(typed)
    if len(texts) != len(declared.part_list):
        raise ParseError(_("give one number for each of the %(count)d parts, separated by "
                           "“/”, e.g. 9 / 5") % {"count": len(declared.part_list)})
    numbers = [parse_number(text, value_kind=declared.value_kind, unit=declared.part_unit(part))
               for part, text in zip(declared.part_list, texts, strict=True)]
    return {"number": str(declared.derived_number(numbers)),
            "part_numbers": [str(number) for number in numbers]}


def _read_values(cells, year_columns, indicator, where, parsed, problems) -> dict:
    values: dict[str, dict] = {}
    refused: set[str] = set()
    for (kind, year), index in sorted(year_columns.items(), key=lambda item: item[0][1]):
        raw = cells[index] if index < len(cells) else None
        text = cell_text(raw)
        if not text:
            continue
        entry = values.setdefault(str(year), {})
        if kind == "remarks":
            entry["remarks"] = text
        elif kind == "footnote":
            if len(text) > 5:
                problems.add(_("%(where)s, %(year)d: a footnote mark has at most 5 characters.")
                             % {"where": where, "year": year})
            entry["footnote_mark"] = text
        elif text.casefold() == NO_DATA.casefold():
            entry["no_data"] = NO_DATA
        elif text.casefold().startswith(NO_DATA.casefold() + ":"):
            entry["no_data"] = text[len(NO_DATA) + 1:].strip() or NO_DATA
        elif indicator["value_kind"] == ValueKind.TEXT:
            entry["text"] = text
        else:
            # Exactly the data-entry form's rules for the indicator's kind and unit (whole
            # numbers, no negative counts, only the digits 0–9): what entry would refuse, the
            # import refuses too, cell by cell — never kept as the text of a numeric indicator.
            typed = _polish_decimal(raw) if isinstance(raw, int | float | Decimal) \
                and not isinstance(raw, bool) else text
            try:
                if indicator.get("parts"):
                    entry.update(_parts_entry(text, indicator))
                else:
                    entry["number"] = str(parse_number(typed, value_kind=indicator["value_kind"],
                                                       unit=indicator.get("unit") or ""))
            except (ParseError, InvalidOperation) as error:
                refused.add(str(year))
                problems.add(
                    _("%(where)s, value %(year)d: “%(text)s” — %(message)s")
                    % {"where": where, "year": year, "text": text[:60],
                       "message": getattr(error, "message", _("not a number"))})
                continue
    for year, entry in list(values.items()):
        if year in refused:
            del values[year]
        elif not ({"number", "text", "no_data"} & set(entry)):
            problems.add(_("%(where)s, %(year)s: remarks or a footnote need a value (or “Brak "
                           "danych”).") % {"where": where, "year": year})
            del values[year]
        else:
            parsed.value_count += 1
    return values


def _link_tree(nodes: list[_Node], level_names: list[str], problems: Problems,
               warnings: list[str]) -> list[_Node]:
    """Give each node its parent (explicit, implied by the code, or the nearest node above one
    level up) and a code made from its number where it has none; refuse duplicate codes,
    unknown parents, cycles and levels that do not match."""
    counts = Counter(node.code for node in nodes if node.code)
    for code, times in counts.items():
        if times > 1:
            rows = ", ".join(str(node.row) for node in nodes if node.code == code)
            problems.add(_("The code %(code)s is used by several rows (%(rows)s). The code is "
                           "the application's key of a node and must be unique. If the "
                           "document numbers its nodes so (numbering restarts in every branch, "
                           "or a number repeats), write the document's number in the column "
                           "“%(label)s” and leave “%(column)s” empty: the application makes a "
                           "unique code from the parent's code and shows the document's number.")
                         % {"code": code, "rows": rows,
                            "label": file_label("Number in the document"),
                            "column": file_label("Code")})
    by_code = {node.code: node for node in nodes if node.code}
    last_at_level: dict[int, _Node] = {}
    for node in nodes:
        where = _("row %(row)d") % {"row": node.row}
        parent_code = node.parent_code
        if not parent_code and node.level > 1 and node.code and "." in node.code:
            parent_code = node.code.rsplit(".", 1)[0]
        if parent_code:
            node.parent = by_code.get(parent_code)
            if node.parent is None:
                problems.add(_("%(where)s: the parent code %(code)s does not exist in the "
                               "file.") % {"where": where, "code": parent_code})
        elif node.level > 1:
            node.parent = last_at_level.get(node.level - 1)
            if node.parent is None:
                problems.add(_("%(where)s: a node of level %(level)d needs a parent: give its "
                               "parent code.") % {"where": where, "level": node.level})
        last_at_level[node.level] = node
        for deeper in [level for level in last_at_level if level > node.level]:
            del last_at_level[deeper]
    # Cycles: following parents from any node must end at a root.
    in_cycle: set[int] = set()
    for node in nodes:
        seen, step = [], node
        while step is not None and id(step) not in in_cycle:
            if any(step is other for other in seen):
                cycle = seen[[id(s) for s in seen].index(id(step)):]
                in_cycle.update(id(s) for s in cycle)
                problems.add(_("The parent codes form a cycle: %(codes)s.") % {
                    "codes": " → ".join(s.code or "?" for s in cycle + [step])})
                break
            seen.append(step)
            step = step.parent
    if in_cycle:
        return []
    _derive_codes(nodes, warnings)
    roots = []
    for node in nodes:
        depth, step = 1, node.parent
        while step is not None:
            depth, step = depth + 1, step.parent
        if depth != node.level:
            problems.add(_("Row %(row)d: the level is %(level)d, but its place in the tree "
                           "makes it level %(depth)d.")
                         % {"row": node.row, "level": node.level, "depth": depth})
        if level_names and depth > len(level_names):
            problems.add(_("Row %(row)d: level %(depth)d has no name in the sheet %(sheet)s.")
                         % {"row": node.row, "depth": depth, "sheet": SHEET_LEVELS})
        if node.parent is None:
            roots.append(node)
        else:
            node.parent.children.append(node)
    if not level_names and nodes:
        problems.add(_("The sheet %(sheet)s names no levels.") % {"sheet": SHEET_LEVELS})
    return roots


# The number a document's label ends with: "CEL 1" → 1, "1.2" → 2, "OBSZAR II" → II, "A" → A.
_LABEL_NUMBER = re.compile(r"([0-9]+|[IVXLCDM]+|[A-Z])\W*$", re.IGNORECASE)


def _depth(node: _Node) -> int:
    depth, step = 0, node.parent
    while step is not None:
        depth, step = depth + 1, step.parent
    return depth


def _derive_codes(nodes: list[_Node], warnings: list[str]) -> None:
    """A node given only the document's number gets a unique code: its parent's code and the
    number ("I" + "CEL 1" → I.1). A number the document repeats under one parent gets the next
    free suffix (I.1.2-2), and the preview says so; the document's number stays what is shown.
    Codes come out the same on every import of the same file, so a corrected file updates the
    programme."""
    used = {node.code for node in nodes if node.code}
    first_row: dict[str, _Node] = {}
    for node in sorted(nodes, key=_depth):  # parents first, in document order within a depth
        if node.code or not node.spec["label"]:
            continue
        label = node.spec["label"]
        match = _LABEL_NUMBER.search(label.strip())
        number = match.group(1).upper() if match else str(len(first_row) + 1)
        base = f"{node.parent.code}.{number}" if node.parent is not None and node.parent.code \
            else number
        code, suffix = base, 1
        while code in used:
            suffix += 1
            code = f"{base}-{suffix}"
        if code != base:
            earlier = first_row.get(base)
            warnings.append(
                _("Row %(row)d: the number “%(label)s” repeats the number of row %(earlier)s "
                  "under the same parent (the document numbers them so); it is kept as the "
                  "number shown, and the node gets the unique code %(code)s.")
                % {"row": node.row, "label": label, "code": code,
                   "earlier": earlier.row if earlier is not None else "?"})
        used.add(code)
        first_row.setdefault(base, node)
        node.code = node.spec["code"] = code
