"""What the public pages of a programme show: its goal tree with every published value, judged
for the public, and the consultation proposals that concern each part.

The public's view is the anonymous user's, whoever asks (``indicators.access`` through
``programs.access.value_years_visible`` and ``judge_indicator_years(user=AnonymousUser())``):
values of published reporting years and the diagnosis years before the programme. The whole
programme is read in a fixed number of queries (the tree, one judging query, the years) and kept
per data version (``programs.caching``), so the programme, goal and indicator pages of the same
data cost one lookup each. Consultations are read apart (one query): publishing a consultation
report does not change the programme's data version.

These pages live in ``api`` (the public face: API, open data, public pages) because they join
``indicators`` with ``consultations``, which sit side by side below it.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from consultations.models import Consultation, Proposal
from indicators.judging import Judgement, Status, judge_indicator_years
from indicators.models import Indicator, IndicatorValue
from indicators.tree import TreeNode, programme_tree
from programs.access import value_years_visible
from programs.caching import cached_by_version
from programs.models import Objective, Programme, ReportingYear


@dataclass
class Cell:
    year: int
    value: IndicatorValue | None
    judgement: Judgement | None


@dataclass
class IndicatorLine:
    indicator: Indicator
    cells: list[Cell]

    @property
    def latest(self) -> Cell | None:
        """The latest year with a value (the status the goal's summary counts)."""
        for cell in reversed(self.cells):
            if cell.value is not None:
                return cell
        return None

    @property
    def assessed(self) -> list[Cell]:
        """Years with a remark, a reason for missing data or a deviation assessment."""
        return [cell for cell in self.cells if cell.value is not None and (
            cell.value.remarks or cell.value.no_data_reason or cell.value.deviation_assessment
            or cell.value.achieved_result)]


@dataclass
class Node:
    objective: Objective
    depth: int
    lines: list[IndicatorLine]
    parent_id: int | None
    root_id: int


@dataclass
class GoalSummary:
    objective: Objective
    met: int = 0
    not_met: int = 0
    other: int = 0

    @property
    def judged(self) -> int:
        return self.met + self.not_met


@dataclass
class PublicProgramme:
    programme: Programme
    years: list[int]  # years with a published value, oldest first
    published_years: list[ReportingYear]  # newest first
    nodes: list[Node] = field(default_factory=list)  # document order
    goals: list[GoalSummary] = field(default_factory=list)

    def node(self, objective_id: int) -> Node | None:
        return next((node for node in self.nodes if node.objective.pk == objective_id), None)

    def subtree(self, objective_id: int) -> list[Node]:
        """The node and everything below it, in document order."""
        wanted, found = {objective_id}, []
        for node in self.nodes:
            if node.objective.pk in wanted or node.parent_id in wanted:
                wanted.add(node.objective.pk)
                found.append(node)
        return found

    def line(self, indicator_id: int) -> tuple[Node, IndicatorLine] | tuple[None, None]:
        for node in self.nodes:
            for line in node.lines:
                if line.indicator.pk == indicator_id:
                    return node, line
        return None, None

    def ancestors(self, node: Node) -> list[Node]:
        by_id = {n.objective.pk: n for n in self.nodes}
        chain, parent = [], node.parent_id
        while parent is not None and parent in by_id:
            chain.insert(0, by_id[parent])
            parent = by_id[parent].parent_id
        return chain


def _build(programme: Programme) -> PublicProgramme:
    public = AnonymousUser()
    tree = programme_tree(programme, years=value_years_visible(public, programme))
    years = sorted({year for root in tree for row in root.indicator_rows() for year in row.values})
    rows = [row for root in tree for row in root.indicator_rows()]
    judged = judge_indicator_years(
        ((row.indicator, year) for row in rows for year in years if year in row.values),
        user=public,
    )
    published = list(programme.reporting_years.published().order_by("-year"))
    result = PublicProgramme(programme=programme, years=years, published_years=published)

    def visit(tree_node: TreeNode, depth: int, parent_id, root_id) -> None:
        lines = [
            IndicatorLine(row.indicator, [
                Cell(year, row.values.get(year), judged.get((row.indicator.pk, year)))
                for year in years
            ])
            for row in tree_node.indicators
        ]
        result.nodes.append(Node(tree_node.objective, depth, lines, parent_id, root_id))
        for child in tree_node.children:
            visit(child, depth + 1, tree_node.objective.pk, root_id)

    for root in tree:
        visit(root, 0, None, root.objective.pk)
        summary = GoalSummary(root.objective)
        for node in result.nodes:
            if node.root_id != root.objective.pk:
                continue
            for line in node.lines:
                latest = line.latest
                status = latest.judgement.status if latest and latest.judgement else None
                if status == Status.MET:
                    summary.met += 1
                elif status == Status.NOT_MET:
                    summary.not_met += 1
                else:
                    summary.other += 1
        result.goals.append(summary)
    return result


def public_programme(programme: Programme) -> PublicProgramme:
    """The programme as the public sees it, built once per data version."""
    return cached_by_version(programme, "public-programme", lambda: _build(programme))


@dataclass
class ConsultationTrail:
    """Decided proposals of published consultation reports on one programme, by what they
    concern: a part of the goal tree (``by_objective``) or a section of the text
    (``by_section``, keyed by ``Programme.TEXT_SECTIONS``)."""

    by_objective: dict[int, list[Proposal]] = field(default_factory=dict)
    by_section: dict[str, list[Proposal]] = field(default_factory=dict)


def consultation_proposals(programme: Programme) -> ConsultationTrail:
    """The programme's consultation trail (one query)."""
    proposals = (
        Proposal.objects.filter(
            submission__draft__programme=programme,
            submission__consultation__status=Consultation.Status.REPORT_PUBLISHED,
        )
        .exclude(outcome=Proposal.Outcome.UNDECIDED)
        .select_related("submission__consultation", "submission__organisation")
        .order_by("submission__consultation__start_date", "submission__organisation__name",
                  "position", "pk")
    )
    trail = ConsultationTrail()
    for proposal in proposals:
        if proposal.objective_id:
            trail.by_objective.setdefault(proposal.objective_id, []).append(proposal)
        if proposal.programme_section:
            trail.by_section.setdefault(proposal.programme_section, []).append(proposal)
    return trail


def text_sections(programme: Programme, trail: ConsultationTrail) -> list[dict]:
    """The programme's text outside the goal tree — main goal, specific goals, beneficiaries… —
    as it fills them, each with the proposals about it."""
    sections = []
    for name in Programme.TEXT_SECTIONS:
        text = getattr(programme, name)
        proposals = trail.by_section.get(name, [])
        if text or proposals:
            sections.append({
                "name": name, "text": text, "proposals": proposals,
                "heading": str(Programme._meta.get_field(name).verbose_name),
                "changed": any(p.outcome in CHANGED for p in proposals),
            })
    return sections


CHANGED = (Proposal.Outcome.ACCEPTED, Proposal.Outcome.PARTIALLY_ACCEPTED)
