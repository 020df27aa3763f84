"""A programme's goal tree with its indicators and their values: the read every page that shows
a programme's indicators walks (the programme page, entry and review, dashboards, reports, the
programme spreadsheet).

``programme_tree`` loads a whole programme in a fixed number of queries (whatever its size) and
hands back plain Python nodes; callers walk those instead of querying per node.
"""

import copy
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch

from indicators.access import reviewed_for
from indicators.models import Indicator, IndicatorValue
from programs.models import Objective, ObjectiveImplementer, Programme


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: dict[int, IndicatorValue] = field(default_factory=dict)


@dataclass
class TreeNode:
    objective: Objective
    children: list["TreeNode"] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    def walk(self) -> Iterator["TreeNode"]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def indicator_rows(self) -> Iterator[IndicatorRow]:
        for node in self.walk():
            yield from node.indicators


# What a task (a node with indicators) may carry besides its title, in the order the programme
# page and the report print it; a programme shows only those some task of it fills.
TASK_FIELDS = (
    "coordinator",
    "responsible_institution",
    "implementers",
    "funding_sources",
    "period",
    "expected_result",
)


def task_field_text(objective: Objective, key: str) -> str:
    """The text of one of ``TASK_FIELDS`` as documents print it (uses ``programme_tree``'s
    prefetches)."""
    if key in ("coordinator", "responsible_institution"):
        organisation = getattr(objective, key)
        return organisation.name if organisation is not None else ""
    if key == "implementers":
        return ", ".join(objective.implementer_names())
    if key == "funding_sources":
        return ", ".join(source.name for source in objective.funding_sources.all())
    return getattr(objective, key)


def task_nodes(tree: list[TreeNode]) -> Iterator[TreeNode]:
    for root in tree:
        for node in root.walk():
            if node.indicators:
                yield node


def filled_task_fields(tree: list[TreeNode]) -> list[str]:
    """The ``TASK_FIELDS`` some task of the tree fills, in their order."""
    filled = set()
    for node in task_nodes(tree):
        filled.update(key for key in TASK_FIELDS if key not in filled
                      and task_field_text(node.objective, key))
        if any(row.indicator.expected_result for row in node.indicators):
            filled.add("expected_result")
    return [key for key in TASK_FIELDS if key in filled]


def task_level_names(programme: Programme, tree: list[TreeNode]) -> list[str]:
    """The programme's own names of the levels its tasks stand on, from the top."""
    levels = sorted({node.objective.level for node in task_nodes(tree)})
    return list(dict.fromkeys(programme.level_name(level) for level in levels))


def programme_tree(
    programme: Programme,
    *,
    years: Iterable[int] | None = None,
    indicators=None,
    bodies: bool = True,
    viewer=None,
) -> list[TreeNode]:
    """The programme's goal tree with indicators and their values, top-level nodes first.

    ``years`` limits the values loaded (``None``: all years); ``indicators`` may narrow the
    indicator queryset (e.g. to one organisation's), in which case nodes left without indicators
    or indicator-bearing descendants are dropped. With ``bodies`` the nodes' coordinators,
    responsible institutions, implementers and funding sources come along (five queries);
    without, three (the entry and review pages show none of them). With ``viewer`` only the
    values that user may see are loaded (``indicators.access.reviewed_for``: no other
    organisation's unreviewed values); without, every value (entry, review, reports).
    """
    objectives = Objective.objects.for_programme(programme)
    if bodies:
        # Names are what the documents print; the other names and e-mail stay behind.
        objectives = (
            objectives.select_related("coordinator", "responsible_institution")
            .defer("coordinator__aliases", "coordinator__email",
                   "responsible_institution__aliases", "responsible_institution__email")
            .prefetch_related(
                Prefetch(
                    "objectiveimplementer_set",
                    queryset=ObjectiveImplementer.objects.select_related("organisation").defer(
                        "organisation__aliases", "organisation__email"
                    ),
                ),
                "funding_sources",
            )
        )
    objectives = list(objectives)
    indicator_qs = indicators if indicators is not None else Indicator.objects.all()
    indicator_list = list(
        indicator_qs.filter(objective__programme=programme)
        .select_related("reporting_organisation")
        .defer("reporting_organisation__aliases", "reporting_organisation__email")
        .order_by("objective_id", "position", "pk")
    )
    values_by_indicator = indicator_values(indicator_list, years=years, viewer=viewer)

    nodes = {objective.pk: TreeNode(objective) for objective in objectives}
    for objective in objectives:
        objective.programme = programme
    for indicator in indicator_list:
        indicator.objective = nodes[indicator.objective_id].objective
        nodes[indicator.objective_id].indicators.append(
            IndicatorRow(indicator, values_by_indicator[indicator.pk])
        )
    roots = []
    for objective in objectives:  # already in natural code order
        node = nodes[objective.pk]
        if objective.parent_id and objective.parent_id in nodes:
            nodes[objective.parent_id].children.append(node)
        else:
            roots.append(node)
    if indicators is not None:
        roots = _prune(roots)
    return roots


def indicator_values(indicators, *, years: Iterable[int] | None = None, viewer=None,
                     queryset=None) -> dict[int, dict[int, IndicatorValue]]:
    """``{indicator id: {year: value}}`` of the indicators' measures, in one query: the values
    are the measures' (shared by every programme using one), fetched by ``measure_id`` and
    handed to each indicator with ``value.indicator`` set to it (a value shared by two of the
    indicators is copied, so each copy knows the indicator it is shown under). ``years`` and
    ``viewer`` as in ``programme_tree``; ``queryset`` narrows the values further."""
    indicators = list(indicators)
    by_measure: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_measure[indicator.measure_id].append(indicator)
    result: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    if not indicators:
        return result
    value_qs = queryset if queryset is not None else IndicatorValue.objects.all()
    value_qs = value_qs.filter(measure_id__in=list(by_measure))
    if years is not None:
        value_qs = value_qs.filter(year__in=list(years))
    if viewer is not None:
        value_qs = reviewed_for(viewer, value_qs)
    for value in value_qs:
        users = by_measure[value.measure_id]
        for k, indicator in enumerate(users):
            shown = value if k == 0 else copy.copy(value)
            shown.indicator = indicator
            result[indicator.pk][value.year] = shown
    return result


def _prune(nodes: list[TreeNode]) -> list[TreeNode]:
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.indicators or node.children:
            kept.append(node)
    return kept

