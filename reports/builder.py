"""The yearly report as plain data: what every format (PDF, HTML, XLSX) prints, and its fingerprint.

``build_report`` reads the programme once through ``programme_tree`` (five queries whatever its
size), judges every indicator with ``indicators.judging.judge_indicators`` (one more) and returns
a ``Report``: a
title page, one section per top-level goal, full-width heading rows for the intermediate levels
and a block per task with one line per indicator. The exporters only lay this out.

Two layouts:

- ``table``: the official layout of the yearly implementation report (the 2020 report of the
  Strategy 2011–2020). Optional columns follow from the data and settings: the task coordinator
  when any task has one, the expected value and the judged status when any indicator has a target,
  the achieved result and the deviation assessment when the programme uses them.
- ``monitoring``: the programme monitoring report: each indicator's values for every year so far
  (diagnosis years included), its direction and judged status, with a summary of the statuses.

Without an explicit layout, ``default_layout`` chooses by the data: ``monitoring`` when most
indicators with a target are judged by a direction alone and values exist for several years.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from babel.dates import format_date
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.diagnosis import DiagnosisTableData, diagnosis_tables
from indicators.formatting import format_target, format_value
from indicators.judging import STATUS_SYMBOL, Judgement, Status, judge_indicators
from indicators.models import Unit
from indicators.tree import (
    TreeNode,
    filled_task_fields,
    programme_tree,
    task_field_text,
    task_level_names,
)
from lib.dates import date_in_words
from lib.rendering import sources_digest
from programs.identity import current_identity
from programs.models import EARLIEST_YEAR, Programme, ReportingYear

TABLE = "table"
MONITORING = "monitoring"
LAYOUTS = (TABLE, MONITORING)

# Files whose content shapes the rendered documents: a change to any of them makes new renders.
LAYOUT_SOURCES = (
    "reports/builder.py",
    "reports/exporters.py",
    "reports/diagnosis_sheet.py",
    "indicators/diagnosis.py",
    "templates/reports/document.html",
    "static/css/report.css",
    "reports/locale/pl/LC_MESSAGES/django.po",
    "lib/pdf.py",
    "lib/xlsxfile.py",
)


def layout_version() -> str:
    return sources_digest(LAYOUT_SOURCES)


@dataclass
class Column:
    key: str
    label: str
    width: float  # relative; the exporters scale the widths to the page


@dataclass
class IndicatorLine:
    name: str
    value_text: str
    number: Decimal | None
    unit: str
    value_kind: str
    footnote_mark: str
    is_no_data: bool
    target_text: str
    status: str
    status_label: str
    status_symbol: str
    monitoring: str
    remarks: str
    achieved_result: str
    deviation_assessment: str
    # The numbered result of its task this indicator measures (where the task has several).
    expected_result: str = ""
    # The monitoring layout: the value text and number of every report year, in ``Report.years``.
    year_texts: list[str] = field(default_factory=list)
    year_numbers: list[Decimal | None] = field(default_factory=list)
    # An indicator with parts: (year, part label, unit label, number) of each part of each year
    # shown; its value cells are then the printed text ("9 osób / 5 rodzin"), not one number.
    part_rows: list[tuple[int, str, str, Decimal]] = field(default_factory=list)


@dataclass
class TaskBlock:
    code: str
    title: str
    coordinator: str
    implementers: list[str]
    funding_sources: list[str]
    lines: list[IndicatorLine]
    kind: str = "task"
    responsible_institution: str = ""
    period: str = ""
    expected_result: str = ""


@dataclass
class HeadingRow:
    code: str
    level_name: str
    title: str
    level: int
    kind: str = "heading"


@dataclass
class Section:
    code: str
    level_name: str
    title: str
    items: list = field(default_factory=list)


@dataclass
class Report:
    programme_slug: str
    programme_title: str
    year: int
    layout: str
    title: str
    is_draft: bool
    state: str
    prepared_by: str
    prepared_month: str
    prepared_on: str
    accepted_by: str
    accepted_on: str
    accepted_on_text: str  # in words, as the cover prints it: "15 czerwca 2023 r."
    conclusion: str
    signatory_name: str
    signatory_title: str
    columns: list[Column]
    years: list[int]
    sections: list[Section]
    summary: dict[str, int]
    indicator_count: int
    layout_version: str
    # The programme's diagnosis tables, where it prints them in the report.
    diagnosis: list[DiagnosisTableData] = field(default_factory=list)

    @property
    def column_keys(self) -> set[str]:
        return {column.key for column in self.columns}

    @property
    def summary_items(self) -> list[tuple[str, str, str, int]]:
        """(status, symbol, label, count) in a fixed order, for the summary at the top."""
        return [
            (status.value, STATUS_SYMBOL[status], str(status.label), self.summary.get(status, 0))
            for status in (Status.MET, Status.NOT_MET, Status.CANNOT_JUDGE, Status.NO_TARGET)
        ]

    def fingerprint(self, file_format: str) -> str:
        """A digest of everything the document is made from: values, structure, statuses,
        acceptance, layout settings and the layout's own source files."""
        payload = json.dumps(
            {"format": file_format, "report": asdict(self)},
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def filename(self, extension: str) -> str:
        suffix = "-monitoring" if self.layout == MONITORING else ""
        draft = "-projekt" if self.is_draft else ""
        return f"raport-{self.programme_slug}-{self.year}{suffix}{draft}.{extension}"


def default_layout(tree: list[TreeNode], year: int) -> str:
    """``monitoring`` for programmes judged by directions over several years, else ``table``."""
    with_target = direction_only = 0
    years_with_values: set[int] = set()
    for root in tree:
        for row in root.indicator_rows():
            indicator = row.indicator
            years_with_values.update(y for y in row.values if y <= year)
            if indicator.has_target:
                with_target += 1
                if indicator.direction and indicator.target_value is None:
                    direction_only += 1
    if with_target and direction_only * 2 >= with_target and len(years_with_values) >= 2:
        return MONITORING
    return TABLE


def build_report(
    programme: Programme, reporting_year: ReportingYear, layout: str | None = None
) -> Report:
    """Read the programme and lay out its report for ``reporting_year`` (six queries).

    The report is the city's official document: always in Polish, whatever the reader's language.
    """
    with translation.override("pl"):
        return _build_report(programme, reporting_year, layout)


def _build_report(programme, reporting_year, layout) -> Report:
    year = reporting_year.year
    tree = programme_tree(programme, years=range(EARLIEST_YEAR, year + 1))
    layout = layout if layout in LAYOUTS else default_layout(tree, year)
    judgements = judge_indicators(
        [row.indicator for root in tree for row in root.indicator_rows()], year
    )
    years = sorted({y for root in tree for row in root.indicator_rows() for y in row.values})

    summary: dict[str, int] = {}
    sections = []
    for root in tree:
        level_name, code = root.objective.heading_parts()
        section = Section(code, level_name, root.objective.title)
        for node in root.walk():
            if node.indicators:
                section.items.append(_task_block(node, year, years, judgements, summary))
            elif node is not root and node.children:
                objective = node.objective
                level_name, code = objective.heading_parts()
                section.items.append(
                    HeadingRow(code, level_name, objective.title, objective.level)
                )
        sections.append(section)

    blocks = [item for s in sections for item in s.items if isinstance(item, TaskBlock)]
    lines = [line for block in blocks for line in block.lines]
    is_draft = not reporting_year.is_locked
    return Report(
        programme_slug=programme.slug,
        programme_title=programme.title,
        year=year,
        layout=layout,
        title=_report_title(programme, year, layout),
        is_draft=is_draft,
        state=reporting_year.state,
        # Without a preparing body the report is the instance's institution's (its identity).
        prepared_by=(reporting_year.prepared_by.name if reporting_year.prepared_by
                     else current_identity().name),
        prepared_month=(
            format_date(reporting_year.prepared_on, "LLLL y", locale="pl")
            if reporting_year.prepared_on
            else ""
        ),
        prepared_on=reporting_year.prepared_on.isoformat() if reporting_year.prepared_on else "",
        accepted_by=reporting_year.accepted_by if reporting_year.is_locked else "",
        accepted_on=(
            reporting_year.accepted_on.isoformat()
            if reporting_year.accepted_on and reporting_year.is_locked
            else ""
        ),
        accepted_on_text=(
            date_in_words(reporting_year.accepted_on) if reporting_year.is_locked else ""
        ),
        conclusion=reporting_year.conclusion,
        signatory_name=reporting_year.signatory_name,
        signatory_title=reporting_year.signatory_title,
        columns=_columns(programme, layout, year, years, tree, lines),
        years=years if layout == MONITORING else [year],
        sections=sections,
        summary=summary,
        indicator_count=len(lines),
        layout_version=layout_version(),
        # Three more queries, only for a programme that prints its diagnosis: the document's
        # years and the values organisations entered up to the report's year.
        diagnosis=(diagnosis_tables(programme, up_to_year=year)
                   if programme.diagnosis_in_report else []),
    )


def _remarks(value) -> str:
    """The remarks column: the reason for "no data" first (the official layout has no other
    place for it), then the organisation's remarks."""
    if value is None:
        return ""
    parts = []
    if value.no_data and value.no_data_reason:
        parts.append(_("No data: %(reason)s") % {"reason": value.no_data_reason})
    if value.remarks:
        parts.append(value.remarks)
    return "\n".join(parts)


def _report_title(programme: Programme, year: int, layout: str) -> str:
    if layout == MONITORING:
        return _("Monitoring report of „%(title)s” for %(year)d") % {
            "title": programme.title,
            "year": year,
        }
    return _("Report on the implementation of the tasks adopted in „%(title)s” for %(year)d") % {
        "title": programme.title,
        "year": year,
    }


def _unit_label(unit: str) -> str:
    return str(Unit(unit).label) if unit else ""


def _task_block(node: TreeNode, year: int, years: list[int], judgements: dict[int, Judgement],
                summary: dict[str, int]) -> TaskBlock:
    objective = node.objective
    lines = []
    for row in node.indicators:
        indicator = row.indicator
        value = row.values.get(year)
        judgement = judgements[indicator.pk]
        summary[judgement.status] = summary.get(judgement.status, 0) + 1
        shown_years = years or [year]
        part_rows = [
            (shown_year, part.label, _unit_label(indicator.part_unit(part)), number)
            for shown_year in shown_years if shown_year in row.values
            for part, number in row.values[shown_year].part_values
        ]
        parted_years = {part_row[0] for part_row in part_rows}
        lines.append(
            IndicatorLine(
                name=indicator.name,
                value_text=format_value(value),
                number=value.number if value is not None and year not in parted_years else None,
                unit=indicator.unit,
                value_kind=indicator.value_kind,
                footnote_mark=value.footnote_mark if value is not None else "",
                is_no_data=bool(value is not None and value.no_data),
                target_text=format_target(indicator),
                status=judgement.status.value,
                status_label=judgement.label,
                status_symbol=judgement.symbol,
                monitoring=indicator.monitoring_method,
                remarks=_remarks(value),
                achieved_result=value.achieved_result if value is not None else "",
                deviation_assessment=value.deviation_assessment if value is not None else "",
                expected_result=indicator.expected_result,
                year_texts=[format_value(row.values.get(y)) for y in years],
                year_numbers=[
                    row.values[y].number if y in row.values and y not in parted_years else None
                    for y in years
                ],
                part_rows=part_rows,
            )
        )
    return TaskBlock(
        code=objective.shown_code,
        title=objective.title,
        coordinator=task_field_text(objective, "coordinator"),
        implementers=objective.implementer_names(),
        funding_sources=[source.name for source in objective.funding_sources.all()],
        lines=lines,
        responsible_institution=task_field_text(objective, "responsible_institution"),
        period=objective.period,
        expected_result=objective.expected_result,
    )


# The task's own columns of the table layout: (the task field, column key, label, width).
TASK_COLUMNS = (
    ("coordinator", "coordinator", gettext_noop("Task coordinator"), 11),
    ("responsible_institution", "responsible", gettext_noop("Responsible institution"), 11),
    ("implementers", "implementers", gettext_noop("Implementers"), 14),
    ("funding_sources", "funding", gettext_noop("Funding sources"), 10),
    ("period", "period", gettext_noop("Period"), 8),
    ("expected_result", "expected_result", gettext_noop("Expected result"), 12),
)
# The block attribute each task column prints (lists are joined with commas).
TASK_COLUMN_ATTRIBUTES = {
    "coordinator": "coordinator",
    "responsible": "responsible_institution",
    "implementers": "implementers",
    "funding": "funding_sources",
    "period": "period",
    "expected_result": "expected_result",
}


def _task_label(programme: Programme, tree: list[TreeNode], layout: str) -> str:
    """The heading of the task column: the programme's own name of the level its tasks stand
    on. A programme whose tasks are "Zadanie" keeps the official report's wording."""
    names = task_level_names(programme, tree)
    if layout == TABLE and (not names or names[-1].casefold() in ("zadanie",
                                                                   "zadanie realizacyjne")):
        return _("Implementation tasks (actions)")
    return " / ".join(names) or _("Task")


def _columns(programme, layout, year, years, tree, lines) -> list[Column]:
    has_target = any(line.target_text for line in lines)
    task_label = _task_label(programme, tree, layout)
    if layout == MONITORING:
        columns = [
            Column("code", _("No."), 5),
            Column("task", task_label, 16),
            Column("indicator", _("Indicator"), 22),
        ]
        columns += [Column(f"year-{y}", str(y), 8) for y in years]
        columns += [
            Column("target", _("Expected value or direction"), 10),
            Column("status", _("Status in %(year)d") % {"year": year}, 9),
            Column("remarks", _("Remarks"), 14),
        ]
        return columns
    # Only the columns the programme fills: no always-empty "Funding sources".
    filled = filled_task_fields(tree)
    columns = [Column("code", _("No."), 5), Column("task", task_label, 15)]
    columns += [Column(key, _(label), width) for field_name, key, label, width in TASK_COLUMNS
                if field_name in filled]
    columns += [
        Column("indicator", _("Indicators"), 16),
        Column("value", _("Indicator value in %(year)d") % {"year": year}, 13),
    ]
    if has_target:
        columns += [
            Column("target", _("Indicator values (as a number or an expected result)"), 10),
            Column("status", _("Assessment"), 8),
        ]
    if any(line.monitoring for line in lines):
        columns.append(Column("monitoring", _("Monitoring"), 11))
    if programme.uses_deviation_assessment:
        columns += [
            Column("achieved", _("Achieved result"), 11),
            Column("deviation", _("Short assessment of deviations in the indicators achieved "
                                  "and plan of corrective actions"), 13),
        ]
    columns.append(Column("remarks", _("Remarks"), 12))
    return columns
