"""Reads behind the dashboards, each in a fixed number of queries whatever the programme's size.

The programme dashboard walks ``indicators.tree.programme_tree`` (five queries) and judges
every indicator with ``indicators.judging`` for the viewer (only numbers the viewer may see);
nothing here compares values itself. Which years' values a viewer reads is
``programs.access.value_years_visible``; whose unreviewed values, ``indicators.access.reviewed_for``
(the one rule: never another organisation's drafts for a data-entry user).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from indicators.access import reviewed_for
from indicators.history import describe_history
from indicators.judging import Judgement, Status, judge_indicator_years, judge_indicators
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import OrganisationProgress
from indicators.tree import indicator_values, programme_tree
from programs.access import value_years_visible
from programs.models import Objective, Programme, ReportingYear

from .charts import StatusCounts

JUDGED = (Status.MET, Status.NOT_MET, Status.CANNOT_JUDGE)
# A value counts as submitted once the organisation has sent it (accepted ones were sent too).


@dataclass
class IndicatorStatus:
    """One indicator in one year: its value, the previous one and the judgement."""

    indicator: Indicator
    task: Objective
    value: IndicatorValue | None
    previous: IndicatorValue | None
    judgement: Judgement

    @property
    def status(self) -> Status:
        return self.judgement.status


@dataclass
class GoalSummary:
    objective: Objective
    rows: list[IndicatorStatus] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_no_target(self) -> int:
        return self.count(Status.NO_TARGET)

    def counts(self) -> StatusCounts:
        label = " ".join(part for part in (self.objective.shown_code, self.objective.title) if part)
        return StatusCounts(
            label=label if len(label) <= 60 else label[:57] + "…",
            met=self.count(Status.MET),
            not_met=self.count(Status.NOT_MET),
            cannot_judge=self.count(Status.CANNOT_JUDGE),
        )


@dataclass
class ProgrammeDashboard:
    programme: Programme
    year: int | None
    goals: list[GoalSummary]
    completeness_year: ReportingYear | None = None
    completeness: list[OrganisationProgress] = field(default_factory=list)

    def rows(self, status: Status | None = None) -> list[IndicatorStatus]:
        return [row for goal in self.goals for row in goal.rows
                if status is None or row.status == status]

    def total(self, status: Status) -> int:
        return sum(goal.count(status) for goal in self.goals)


def _previous(values: dict[int, IndicatorValue], year: int) -> IndicatorValue | None:
    earlier = [y for y in values if y < year]
    return values[max(earlier)] if earlier else None


def _funding_closure(programme, roots, funding_source_id: int) -> set[int]:
    """Objective ids funded by the source: those that list it and everything below them (one
    query)."""
    funded: set[int] = set()
    listing = set(
        Objective.objects.filter(programme=programme, funding_sources=funding_source_id)
        .values_list("pk", flat=True)
    )

    def visit(node, inherited: bool) -> None:
        own = node.objective.pk in listing
        if inherited or own:
            funded.add(node.objective.pk)
        for child in node.children:
            visit(child, inherited or own)

    for root in roots:
        visit(root, False)
    return funded


def programme_dashboard(
    programme: Programme,
    *,
    user,
    year: int | None,
    indicators=None,
    goal_id: int | None = None,
    funding_source_id: int | None = None,
    status: str = "",
    completeness_year: ReportingYear | None = None,
) -> ProgrammeDashboard:
    """Every goal of the programme with its indicators judged for ``year``, as ``user`` may see
    them (their values and the numbers they are judged against).

    ``indicators`` narrows the indicator queryset (the organisation filter); goal, funding source
    and status narrow the rows after loading. With ``completeness_year`` the organisations'
    progress in that (open) year is counted too. Six queries: those of ``programme_tree`` and
    the judging's (the programme's reporting years prefetched).
    """
    visible_years = value_years_visible(user, programme)
    # Whole values only for the years shown (the year, the one before, the open year); older
    # years are needed only as numbers to compare with, read as plain tuples — building a
    # model instance per value of every year was most of the page's time.
    shown = {y for y in (year, year - 1 if year else None,
                         completeness_year.year if completeness_year else None) if y}
    if visible_years is not None:
        shown &= visible_years
    roots = programme_tree(programme, years=shown, indicators=indicators, bodies=False,
                           viewer=user)
    if goal_id:
        roots = [root for root in roots if root.objective.pk == goal_id]
    funded = _funding_closure(programme, roots, funding_source_id) if funding_source_id else None
    judgements = (
        judge_indicators([row.indicator for root in roots for row in root.indicator_rows()],
                         year, user=user)
        if year is not None else {}
    )
    goals = []
    counts: dict[int, OrganisationProgress] = {}
    for root in roots:
        summary = GoalSummary(root.objective)
        for node in root.walk():
            if funded is not None and node.objective.pk not in funded:
                continue
            for row in node.indicators:
                if completeness_year is not None:
                    _count(counts, row, completeness_year)
                if year is None:
                    continue
                judgement = judgements[row.indicator.pk]
                if status and judgement.status != status:
                    continue
                summary.rows.append(IndicatorStatus(
                    indicator=row.indicator, task=node.objective, value=row.values.get(year),
                    previous=_previous(row.values, year), judgement=judgement,
                ))
        goals.append(summary)
    completeness = sorted(counts.values(), key=lambda item: (not item.late, str(item.organisation)))
    return ProgrammeDashboard(programme, year, goals, completeness_year, completeness)


def _count(counts: dict, row, reporting_year: ReportingYear) -> None:
    organisation = row.indicator.reporting_organisation
    if organisation is None:  # context statistics nobody reports
        return
    if organisation.pk not in counts:
        counts[organisation.pk] = OrganisationProgress(organisation, reporting_year.is_overdue())
    counts[organisation.pk].add(row.indicator, row.values.get(reporting_year.year))

def indicator_trend(indicator: Indicator, *, user):
    """The indicator's values by year (every year the user may see with a value, diagnosis years
    too), each judged: a list of (year, value, judgement), oldest first. Two queries (the
    indicator's programme with its reporting years loaded)."""
    visible_years = value_years_visible(user, indicator.objective.programme)
    values = reviewed_for(
        user, IndicatorValue.objects.filter(measure_id=indicator.measure_id)).order_by("year")
    if visible_years is not None:
        values = values.filter(year__in=visible_years)
    by_year = {}
    for value in values:
        value.indicator = indicator
        by_year[value.year] = value
    judgements = judge_indicator_years([(indicator, year) for year in by_year], user=user)
    return [(year, value, judgements[(indicator.pk, year)]) for year, value in by_year.items()]


def value_history_by_year(indicator: Indicator, years) -> dict[int, list]:
    """The recorded changes of the indicator's values, per year (newest first), in the shape of
    ``indicators.history.describe_history``. One query."""
    records = defaultdict(list)
    for record in (
        IndicatorValue.history.filter(measure_id=indicator.measure_id, year__in=list(years))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        records[record.year].append(record)
    return {year: describe_history(items, indicator) for year, items in records.items()}


@dataclass
class OrganisationRow:
    indicator: Indicator
    value: IndicatorValue | None
    previous: IndicatorValue | None
    judgement: Judgement


@dataclass
class OrganisationProgramme:
    programme: Programme
    year: int | None
    rows: list[OrganisationRow]

    def counts(self) -> StatusCounts:
        return StatusCounts(
            label=str(self.programme),
            met=sum(1 for row in self.rows if row.judgement.status == Status.MET),
            not_met=sum(1 for row in self.rows if row.judgement.status == Status.NOT_MET),
            cannot_judge=sum(
                1 for row in self.rows if row.judgement.status == Status.CANNOT_JUDGE
            ),
        )


def organisation_overview(organisation, *, programmes, user, year: int | None = None,
                          status: str = "") -> list[OrganisationProgramme]:
    """What the organisation reports in each of ``programmes`` (a queryset), judged for the
    chosen year or, without one, each programme's latest year ``user`` may see; only values and
    numbers the user may see. Five queries.
    """
    programmes = list(programmes.prefetch_related("reporting_years"))
    indicators = list(
        Indicator.objects.for_organisation(organisation)
        .filter(objective__programme__in=programmes)
        .select_related("objective")
        .order_by("objective__programme_id", "objective__sort_key", "position", "pk")
    )
    values = indicator_values(indicators, viewer=user)
    shown = []  # (programme, year shown, visible years, its indicators)
    for programme in programmes:
        visible = value_years_visible(user, programme)
        shown_year = _year_for(programme, visible, year)
        own = [i for i in indicators if i.objective.programme_id == programme.pk]
        for indicator in own:
            indicator.objective.programme = programme
        if shown_year is not None and own:
            shown.append((programme, shown_year, visible, own))
    judgements = judge_indicator_years(
        [(indicator, shown_year) for _p, shown_year, _v, own in shown for indicator in own],
        user=user,
    )
    result = []
    for programme, shown_year, visible, own in shown:
        rows = []
        for indicator in own:
            judgement = judgements[(indicator.pk, shown_year)]
            if status and judgement.status != status:
                continue
            seen = {y: v for y, v in values[indicator.pk].items()
                    if visible is None or y in visible}
            rows.append(OrganisationRow(indicator, seen.get(shown_year),
                                        _previous(seen, shown_year), judgement))
        if rows:
            result.append(OrganisationProgramme(programme, shown_year, rows))
    return result


def diagnosis_years_with_values(programme: Programme) -> list[int]:
    """The years before the programme began that have values (its diagnosis: public with the
    programme itself), newest first. One query."""
    return sorted(
        IndicatorValue.objects.filter(
            measure__in=Indicator.objects.for_programme(programme).values("measure_id"),
            year__lt=programme.first_year)
        .values_list("year", flat=True).distinct(),
        reverse=True,
    )


def default_year(reporting_years) -> int | None:
    """The latest year with its data in (under review or later), else the latest year at all:
    a year still open for entry would show mostly "cannot be judged"."""
    settled = [ry.year for ry in reporting_years if ry.state != ReportingYear.State.OPEN]
    return max(settled or [ry.year for ry in reporting_years], default=None)


def _year_for(programme, visible: set[int] | None, wanted: int | None) -> int | None:
    """The year to show for a programme: the wanted one if it has it, otherwise the default
    among the reporting years the viewer may see."""
    years = [ry for ry in programme.reporting_years.all()
             if visible is None or ry.year in visible]
    if wanted is not None:
        return wanted if wanted in {ry.year for ry in years} else None
    return default_year(years)
