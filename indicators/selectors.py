"""Reads for data entry and review, each in a fixed number of queries whatever the size: the
entry and review rows, a value's history, what waits for a user, an organisation's progress in
a year and what still blocks locking it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts import roles
from indicators.access import shared_uses
from indicators.judging import Judgement, Status, judge_indicators
from indicators.models import Indicator, IndicatorValue
from indicators.tree import indicator_values, programme_tree
from programs.models import Organisation, Programme, ReportingYear

# The years shown beside the one being entered (and read for the typo guard).
PREVIOUS_YEARS = 3
State = IndicatorValue.State


@dataclass
class EntryRow:
    """One indicator on the entry or review page: previous years, this year, history."""

    indicator: Indicator
    previous: list  # [(year, IndicatorValue | None)] oldest first
    value: IndicatorValue | None
    judgement: Judgement | None
    history_html: str = ""
    form: object = None
    # The other programmes using the indicator's measure (so sharing this value), each with
    # whether its same year is locked: [(programme, locked?)] (``access.shared_uses``).
    shared_with: list = field(default_factory=list)

    @property
    def shared_names(self) -> list[str]:
        return [name for name, _locked in self.shared_with]

    @property
    def locked_elsewhere(self) -> list[str]:
        return [name for name, locked in self.shared_with if locked]


@dataclass
class EntryGroup:
    """A goal-tree node and the rows of its own indicators, in document order."""

    objective: object
    rows: list


def entry_groups(
    reporting_year: ReportingYear, *, organisation=None, submitted_only: bool = False
) -> list[EntryGroup]:
    """The goal tree of the programme narrowed to the organisation's indicators (all assigned
    indicators when ``organisation`` is None), with three previous years, the judged status
    (``judging.judge_indicators``) and the other programmes sharing each value
    (``access.shared_uses``). Six queries. The pages add each value's history
    (``indicators.history.history_html``)."""
    programme = reporting_year.programme
    year = reporting_year.year
    indicators = Indicator.objects.all()
    if organisation is not None:
        indicators = indicators.for_organisation(organisation)
    else:
        indicators = indicators.filter(reporting_organisation__isnull=False)
    tree = programme_tree(programme, years=range(year - PREVIOUS_YEARS, year + 1),
                          indicators=indicators, bodies=False)
    groups = []
    for root in tree:
        for node in root.walk():
            rows = []
            for indicator_row in node.indicators:
                value = indicator_row.values.get(year)
                if submitted_only and (value is None or value.state == IndicatorValue.State.DRAFT):
                    continue
                rows.append(EntryRow(
                    indicator=indicator_row.indicator,
                    previous=[(y, indicator_row.values.get(y))
                              for y in range(year - PREVIOUS_YEARS, year)],
                    value=value,
                    judgement=None,
                ))
            if rows or node.children:
                groups.append(EntryGroup(node.objective, rows))
    rows = [row for group in groups for row in group.rows]
    judgements = judge_indicators([row.indicator for row in rows], year)
    shared = shared_uses(reporting_year, [row.indicator for row in rows])
    for row in rows:
        row.judgement = judgements[row.indicator.pk]
        row.shared_with = shared.get(row.indicator.measure_id, [])
    return [group for group in groups if group.rows or not submitted_only]


def entry_values(reporting_year: ReportingYear, organisation, *, indicator_ids) -> list[EntryRow]:
    """These of the organisation's indicators in the year's programme (others are left out)
    with their value of the year, and nothing else: what saving the entry form needs (the page
    itself reads ``entry_groups``). Two queries."""
    indicators = list(
        assigned_indicators(reporting_year.programme, organisation).filter(pk__in=indicator_ids)
    )
    values = indicator_values(indicators, years=[reporting_year.year])
    return [EntryRow(indicator, [], values[indicator.pk].get(reporting_year.year), None)
            for indicator in indicators]


@dataclass
class WaitingYear:
    reporting_year: ReportingYear
    total: int = 0
    filled: int = 0
    submitted: int = 0
    to_review: int = 0
    returned: int = 0  # returned for correction, waiting for the organisation

    @property
    def overdue(self) -> bool:
        return self.reporting_year.is_overdue()


def waiting_for(user) -> list[WaitingYear]:
    """Open years waiting for the user: for a data-entry user, the programmes where their
    organisation reports indicators (filled / total, deadline); for a coordinator, the open
    years with values waiting for review. Three queries."""
    if not (roles.is_coordinator(user) or roles.is_data_entry(user)):
        return []
    years = list(
        ReportingYear.objects.filter(
            state__in=[ReportingYear.State.OPEN, ReportingYear.State.IN_REVIEW]
        ).select_related("programme").order_by("deadline", "programme__title", "year")
    )
    if not years:
        return []
    programmes = {ry.programme_id for ry in years}
    indicators = Indicator.objects.filter(objective__programme__in=programmes)
    if roles.is_coordinator(user):
        indicators = indicators.filter(reporting_organisation__isnull=False)
    else:
        indicators = indicators.for_organisation(user.organisation_id)
    totals = defaultdict(int)
    programmes_of_measure = defaultdict(list)
    for programme_id, measure_id in indicators.values_list("objective__programme_id",
                                                           "measure_id"):
        totals[programme_id] += 1
        programmes_of_measure[measure_id].append(programme_id)
    # A shared value counts in every programme whose indicator uses its measure.
    counts = defaultdict(lambda: defaultdict(int))
    for measure_id, year, state in IndicatorValue.objects.filter(
        measure_id__in=list(programmes_of_measure), year__in={ry.year for ry in years}
    ).values_list("measure_id", "year", "state"):
        for programme_id in programmes_of_measure[measure_id]:
            counts[(programme_id, year)][state] += 1
    waiting = []
    for ry in years:
        by_state = counts[(ry.programme_id, ry.year)]
        row = WaitingYear(
            ry, total=totals[ry.programme_id], filled=sum(by_state.values()),
            submitted=by_state[IndicatorValue.State.SUBMITTED]
            + by_state[IndicatorValue.State.ACCEPTED],
            to_review=by_state[IndicatorValue.State.SUBMITTED],
            returned=by_state[IndicatorValue.State.RETURNED],
        )
        if row.total:
            waiting.append(row)
    return waiting


def programmes_using(measure_ids) -> list[Programme]:
    """The programmes whose indicators use these measures (one query): those whose reports,
    dashboards and exports show the measures' values."""
    return list(Programme.objects.filter(objectives__indicators__measure_id__in=list(measure_ids))
                .distinct().order_by("pk"))


def shared_reporting_years(programme: Programme, measure_ids) -> dict[int, dict[int, tuple]]:
    """``{measure id: {year: (programme, state)}}``: the reporting years of the *other*
    programmes using these measures (one query). A shared value of such a year belongs to that
    programme's cycle (entered, reviewed and locked there), so an import of this programme may
    repeat it but not change it, and its export leaves out the years still being entered."""
    years: dict[int, dict[int, tuple]] = defaultdict(dict)
    for measure_id, year, state, short_name, title in (
        ReportingYear.objects.filter(
            programme__objectives__indicators__measure_id__in=list(measure_ids))
        .exclude(programme=programme)
        .order_by("programme__first_year", "programme__title", "year")
        .values_list("programme__objectives__indicators__measure_id", "year", "state",
                     "programme__short_name", "programme__title")
        .distinct()
    ):
        years[measure_id].setdefault(year, (short_name or title, state))
    return years


def other_programmes_by_measure(programme: Programme, measure_ids) -> dict[int, list[str]]:
    """``{measure id: [programme, …]}``: the other programmes whose indicators use these
    measures, so share their values (one query)."""
    names: dict[int, list[str]] = defaultdict(list)
    for measure_id, short_name, title in (
        Indicator.objects.filter(measure_id__in=list(measure_ids))
        .exclude(objective__programme=programme)
        .order_by("objective__programme__first_year", "objective__programme__title")
        .values_list("measure_id", "objective__programme__short_name",
                     "objective__programme__title")
        .distinct()
    ):
        if (short_name or title) not in names[measure_id]:
            names[measure_id].append(short_name or title)
    return names


def assigned_indicators(programme: Programme, organisation: Organisation):
    """The indicators an organisation reports in a programme (a queryset)."""
    return Indicator.objects.for_programme(programme).for_organisation(organisation)


def year_blockers(reporting_year: ReportingYear) -> list[str]:
    """Why the year cannot be locked yet: values missing or not yet accepted."""
    programme = reporting_year.programme
    indicators = Indicator.objects.for_programme(programme).filter(
        reporting_organisation__isnull=False
    )
    total = indicators.count()
    states = defaultdict(int)
    for state in IndicatorValue.objects.filter(
        measure__in=indicators.values("measure_id"), year=reporting_year.year
    ).values_list("state", flat=True):
        states[state] += 1
    blockers = []
    entered = sum(states.values())
    if entered < total:
        blockers.append(_("%(n)d assigned indicators have no value yet.") % {"n": total - entered})
    not_accepted = entered - states[State.ACCEPTED]
    if not_accepted:
        blockers.append(_("%(n)d values are not accepted yet.") % {"n": not_accepted})
    return blockers


@dataclass
class OrganisationProgress:
    """One organisation's data for a year: its assigned indicators and how far each has got.

    Filled by ``add``; the review page, the reminders and the dashboards all count with it."""

    organisation: Organisation
    overdue_year: bool = False  # the year's deadline has passed
    total: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(int))
    missing: list = field(default_factory=list)  # (indicator, explanation)

    def add(self, indicator: Indicator, value: IndicatorValue | None) -> None:
        """Count one assigned indicator with its value of the year (``None``: nothing entered)."""
        self.total += 1
        if value is None:
            self.missing.append((indicator, _("no value")))
            return
        self.counts[value.state] += 1
        if value.state == State.DRAFT:
            self.missing.append((indicator, _("entered but not submitted")))
        elif value.state == State.RETURNED:
            self.missing.append((indicator, _("returned for correction: %(comment)s")
                                 % {"comment": value.review_comment}))

    @property
    def filled(self) -> int:
        return sum(self.counts.values())

    @property
    def submitted(self) -> int:
        return self.counts[State.SUBMITTED] + self.counts[State.ACCEPTED]

    @property
    def accepted(self) -> int:
        return self.counts[State.ACCEPTED]

    @property
    def returned(self) -> int:
        return self.counts[State.RETURNED]

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.submitted == self.total

    @property
    def late(self) -> bool:
        return self.overdue_year and not self.is_complete


def year_progress(reporting_year: ReportingYear) -> list[OrganisationProgress]:
    """Completeness per reporting organisation, with what each one still owes (two queries)."""
    indicators = list(
        Indicator.objects.for_programme(reporting_year.programme)
        .filter(reporting_organisation__isnull=False)
        .select_related("reporting_organisation", "objective")
    )
    values = {
        value.measure_id: value
        for value in IndicatorValue.objects.filter(
            measure_id__in=[i.measure_id for i in indicators], year=reporting_year.year
        ).only("measure_id", "state", "review_comment")
    }
    overdue = reporting_year.is_overdue()
    progress: dict[int, OrganisationProgress] = {}
    for indicator in indicators:
        progress.setdefault(
            indicator.reporting_organisation_id,
            OrganisationProgress(indicator.reporting_organisation, overdue),
        ).add(indicator, values.get(indicator.measure_id))
    return sorted(progress.values(), key=lambda row: row.organisation.name)


@dataclass
class ReviewFilters:
    """The review page's filters, read from the query string (so a filtered view can be
    bookmarked and survives a save): the judged status, the value's review state ("submitted"
    = not decided yet, "returned", "accepted") and values with remarks. The organisation is
    narrowed earlier, by ``entry_groups``."""

    STATES = (State.SUBMITTED, State.RETURNED, State.ACCEPTED)

    status: str = ""
    state: str = ""
    with_remarks: bool = False

    @classmethod
    def from_query(cls, query) -> "ReviewFilters":
        status = query.get("status", "")
        state = query.get("state", "")
        return cls(
            status=status if status in Status.values else "",
            state=state if state in cls.STATES else "",
            with_remarks=query.get("remarks") == "1",
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.state or self.with_remarks)

    def keeps(self, row: EntryRow) -> bool:
        value = row.value
        if self.status and row.judgement.status != self.status:
            return False
        if self.state and value.state != self.state:
            return False
        if self.with_remarks and not (
            value.remarks or value.achieved_result or value.deviation_assessment
            or (value.no_data and value.no_data_reason)
        ):
            return False
        return True


def filter_review_groups(groups: list[EntryGroup], filters: ReviewFilters) -> list[EntryGroup]:
    """The groups with only the rows the filters keep; groups left empty are dropped."""
    kept = []
    for group in groups:
        rows = [row for row in group.rows if filters.keeps(row)]
        if rows:
            kept.append(EntryGroup(group.objective, rows))
    return kept
