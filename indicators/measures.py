"""Reads of the register of measures (``Measure``): the register page and its spreadsheet, a
measure's page, the API and the open data, and the proposals of indicators to link.

A measure is what is counted; the indicators of several programmes may point at it and so share
its values (one per year). The register shows each measure once with the programmes using it and
its values over the years, across programmes: a trend that goes on from one strategy to the next.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from indicators.access import visible_values
from indicators.models import Indicator, IndicatorValue, Measure
from programs.access import visible_programmes


@dataclass
class MeasureRow:
    """One measure of the register: the indicators (of programmes the viewer sees) using it,
    and its values by year (those the viewer may see)."""

    measure: Measure
    indicators: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # year → IndicatorValue

    @property
    def programmes(self) -> list:
        seen = {}
        for indicator in self.indicators:
            seen.setdefault(indicator.objective.programme.pk, indicator.objective.programme)
        return list(seen.values())

    @property
    def is_shared(self) -> bool:
        return len(self.programmes) > 1

    @property
    def years(self) -> list[int]:
        return sorted(self.values)


def measure_register(user, *, programme: str = "", organisation: int | None = None,
                     search: str = "", measure_ids=None) -> list[MeasureRow]:
    """The measures used by the programmes ``user`` may see, with their indicators and values
    (``indicators.access.visible_values``), by name. ``programme`` (a slug) keeps the measures
    that programme uses, ``organisation`` (an id) those it reports, ``search`` those whose name
    contains the words. Three queries, whatever the number of measures."""
    programmes = visible_programmes(user)
    measures = Measure.objects.filter(
        pk__in=Indicator.objects.filter(objective__programme__in=programmes)
        .order_by().values("measure_id")
    ).select_related("reporting_organisation")
    if programme:
        measures = measures.filter(pk__in=Indicator.objects.filter(
            objective__programme__slug=programme).order_by().values("measure_id"))
    if organisation is not None:
        measures = measures.filter(reporting_organisation_id=organisation)
    for word in search.split():
        measures = measures.filter(name__icontains=word)
    if measure_ids is not None:
        measures = measures.filter(pk__in=list(measure_ids))
    rows = {measure.pk: MeasureRow(measure) for measure in measures.order_by("name", "pk")}
    if not rows:
        return []
    for indicator in (
        Indicator.objects.filter(measure_id__in=list(rows), objective__programme__in=programmes)
        .select_related("objective__programme")
        .order_by("objective__programme__first_year", "objective__programme__title",
                  "objective__sort_key", "position", "pk")
    ):
        rows[indicator.measure_id].indicators.append(indicator)
    for value in visible_values(user, IndicatorValue.objects.filter(measure_id__in=list(rows))):
        row = rows[value.measure_id]
        # Shown (and formatted) as the measure's first indicator shows it.
        value.indicator = row.indicators[0] if row.indicators else None
        row.values[value.year] = value
    return list(rows.values())


def register_years(rows: list[MeasureRow]) -> list[int]:
    """Every year some measure of ``rows`` has a value for, oldest first (the table's columns)."""
    return sorted({year for row in rows for year in row.values})


# --- proposals to link ----------------------------------------------------------------------


def normalised_name(name: str) -> str:
    """A name as compared for proposals: lower case, whitespace collapsed, no trailing dot."""
    return re.sub(r"\s+", " ", name).strip().rstrip(".").casefold()


def match_key(name: str, unit: str, organisation_id: int | None) -> tuple:
    return normalised_name(name), unit, organisation_id


@dataclass
class LinkProposal:
    """An indicator that looks like it counts an existing measure of another programme: same
    name (ignoring case and whitespace), unit and reporting organisation."""

    indicator: Indicator
    measure: Measure
    used_by: list  # the other programmes using the measure


def link_proposals(programme) -> list[LinkProposal]:
    """The programme's indicators whose name, unit and organisation match a measure used by
    another programme, and that do not use that measure yet. Never linked by themselves: the
    coordinator links them (``indicators.services.measures.indicator_link``). Two queries."""
    own = list(
        Indicator.objects.for_programme(programme).filter(reporting_organisation__isnull=False)
        .select_related("objective", "measure")
    )
    keys = {match_key(i.name, i.unit, i.reporting_organisation_id) for i in own}
    candidates = defaultdict(dict)  # key → measure id → (measure, programmes)
    for other in (
        Indicator.objects.exclude(objective__programme=programme)
        .filter(reporting_organisation_id__in={key[2] for key in keys})
        .select_related("measure", "objective__programme")
        .order_by("measure_id", "pk")
    ):
        key = match_key(other.measure.name, other.measure.unit,
                        other.measure.reporting_organisation_id)
        if key not in keys:
            key = match_key(other.name, other.unit, other.reporting_organisation_id)
        if key not in keys:
            continue
        measure, programmes = candidates[key].setdefault(other.measure_id, (other.measure, []))
        if other.objective.programme not in programmes:
            programmes.append(other.objective.programme)
    proposals = []
    used_here = {indicator.measure_id for indicator in own}
    for indicator in own:
        key = match_key(indicator.name, indicator.unit, indicator.reporting_organisation_id)
        for measure_id, (measure, programmes) in candidates.get(key, {}).items():
            if measure_id != indicator.measure_id and measure_id not in used_here:
                proposals.append(LinkProposal(indicator, measure, programmes))
    return proposals


def import_link_proposals(programme, specs: list[dict], organisations: dict) -> list[dict]:
    """For a programme being imported (its indicator specs: name, unit, organisation name),
    the specs matching a measure already used by another programme: ``[{"name", "measure",
    "programmes"}]``. Shown on the import preview; the coordinator links them after the import
    on the proposals page. One query."""
    wanted = {}
    for spec in specs:
        organisation = organisations.get(spec.get("reporting_organisation") or "")
        if organisation is not None:
            wanted[match_key(spec["name"], spec.get("unit", ""), organisation.pk)] = spec
    if not wanted:
        return []
    found = {}
    others = Indicator.objects.filter(
        reporting_organisation_id__in={key[2] for key in wanted}
    ).select_related("measure", "objective__programme")
    if programme is not None and programme.pk is not None:
        others = others.exclude(objective__programme=programme)
    for other in others.order_by("measure_id", "pk"):
        key = match_key(other.measure.name, other.measure.unit,
                        other.measure.reporting_organisation_id)
        if key in wanted:
            entry = found.setdefault(key, {"name": wanted[key]["name"], "measure": other.measure,
                                           "programmes": []})
            if str(other.objective.programme) not in entry["programmes"]:
                entry["programmes"].append(str(other.objective.programme))
    return list(found.values())
