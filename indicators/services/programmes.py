"""Loading a whole programme — details, goal tree, indicators, values and reporting years — from
the nested structure described in ``fixtures/README.md``.

The demo loader uses it for the real documents; the spreadsheet import builds the same structure
and calls it too, so there is one way a programme comes into the database. What it creates or
changes is recorded in the audit log (structure, values, reporting years) in the same
transaction. It lives with the
indicators because it writes them and their values; organisations and the shared load helpers
are ``programs.services``.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot
from indicators.models import (
    Direction,
    Indicator,
    IndicatorValue,
    Unit,
    ValueKind,
    clean_parts,
)
from programs.models import (
    DiagnosisRow,
    DiagnosisTable,
    FundingSource,
    Objective,
    ObjectiveImplementer,
    Programme,
    ReportingYear,
)
from programs.services import (
    LoadStats,
    OrganisationRegistry,
    ProgrammeDataError,
    funding_source_names,
    programme_data_changed,
    save_if_changed,
)


def _decimal(raw, where: str) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise ProgrammeDataError(
            _("%(where)s: “%(raw)s” is not a number.") % {"where": where, "raw": raw}
        ) from None


def _choice(raw: str, choices, where: str, what: str) -> str:
    raw = raw or ""
    if raw not in choices.values:
        raise ProgrammeDataError(
            _("%(where)s: unknown %(what)s “%(raw)s”.") % {"where": where, "what": what, "raw": raw}
        )
    return raw


def _parts_fields(spec: dict, where: str) -> dict:
    """An indicator's parts (``Indicator.parts``, summed, the target's part) from its spec."""
    try:
        parts = clean_parts(spec.get("parts") or [])
    except ValidationError as error:
        raise ProgrammeDataError(f"{where}: {' '.join(error.messages)}") from None
    target_part = spec.get("target_part")
    if target_part is not None and not 1 <= int(target_part) <= len(parts):
        raise ProgrammeDataError(
            _("%(where)s: there is no part %(n)s.") % {"where": where, "n": target_part})
    return {"parts": parts, "parts_summed": bool(spec.get("parts_summed")) and bool(parts),
            "target_part": int(target_part) if target_part is not None else None}


def _date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


Action = AuditEvent.Action


@transaction.atomic
def programme_load(*, data: dict, user=None) -> tuple[Programme, LoadStats]:
    """Create or update a programme from nested data; all or nothing.

    Idempotent: the programme is keyed by its slug, a goal-tree node by its code (or by its parent
    and position where the document lost the code), an indicator by its task and position, a value
    by (indicator, year), a reporting year by its year. Records are saved only when something
    differs, so loading the same data twice writes nothing (and adds no history or audit event).
    ``user`` is who loads it (the spreadsheet import's coordinator; ``None`` for the demo data).
    """
    return _Loader(user).load(data)


class _Loader:
    """One load: the organisation register, the funding sources seen, what was counted, the
    values to create in bulk and the audit events to write."""

    def __init__(self, user):
        self.user = user
        self.stats = LoadStats()
        self.organisations = OrganisationRegistry(self.stats)
        # Documents spell the same source with different capitals ("Budżet miasta", "… Miasta").
        # and by short name or alias ("PFRON" is the Państwowy Fundusz …).
        self.funding_sources = {
            " ".join(n.split()).casefold(): fs
            for fs in FundingSource.objects.all() for n in funding_source_names(fs)
        }
        self.new_values: list[IndicatorValue] = []
        self.trail = AuditTrail(user=user)

    def save(self, instance, values: dict, *, created: str, changed: str) -> bool:
        """``save_if_changed`` with its audit event (``created`` / ``changed`` actions)."""
        before = snapshot(instance) if instance.pk is not None else None
        if self.user is not None:
            instance._history_user = self.user
        if not save_if_changed(instance, values, self.stats):
            return False
        if before is None:
            self.trail.created(created, instance)
        else:
            self.trail.changed(changed, instance, before)
        return True

    def load(self, data: dict) -> tuple[Programme, LoadStats]:
        for spec in data.get("organisations", []):
            self.organisations.declare(spec)
        programme = self.programme(data["programme"])
        for position, node in enumerate(data.get("objectives", [])):
            self.objective(programme, None, node, position)
        # New values are created together (thousands for a large programme): inserts and their
        # history rows in batches, instead of a save and a history row each.
        if self.new_values:
            bulk_create_with_history(
                self.new_values, IndicatorValue, batch_size=500, default_user=self.user
            )
            for value in self.new_values:
                self.trail.created(Action.VALUE_CREATED, value)
        if "diagnosis" in data:
            self.diagnosis(programme, data["diagnosis"])
        for year_spec in data.get("reporting_years", []):
            self.reporting_year(programme, year_spec)
        self.trail.save()
        if self.stats.changed:
            programme_data_changed(programmes=[programme])
        return programme, self.stats

    def programme(self, spec: dict) -> Programme:
        slug = spec["slug"]
        programme = Programme.objects.filter(slug=slug).first() or Programme(slug=slug)
        self.save(
            programme,
            {
                "kind": _choice(spec["kind"], Programme.Kind, slug, _("kind")),
                "title": spec["title"],
                "short_name": spec.get("short_name", ""),
                "first_year": spec["first_year"],
                "last_year": spec["last_year"],
                "resolution_number": spec.get("resolution_number", ""),
                "resolution_date": _date(spec.get("resolution_date")),
                "resolution_body": spec.get("resolution_body", ""),
                "coordinator": self.organisations.get(spec.get("coordinator"), slug),
                "main_goal": spec.get("main_goal", ""),
                **{name: spec.get(name, "") for name in Programme.SECTION_FIELDS},
                "status": _choice(
                    spec.get("status", "adopted"), Programme.Status, slug, _("status")
                ),
                "level_names": spec.get("level_names", []),
                "keep_tolerance": _decimal(spec.get("keep_tolerance", "10"), slug),
                "typo_guard_factor": _decimal(spec.get("typo_guard_factor", "3"), slug),
                "uses_deviation_assessment": spec.get("uses_deviation_assessment", False),
                "diagnosis_in_report": spec.get("diagnosis_in_report", False),
            },
            created=Action.STRUCTURE_CREATED,
            changed=Action.STRUCTURE_CHANGED,
        )
        return programme

    def objective(self, programme, parent, node, position) -> None:
        organisations, stats = self.organisations, self.stats
        code = node.get("code", "")
        where = code or node["title"][:40]
        lookup = Objective.objects.filter(programme=programme)
        existing = (
            lookup.filter(code=code).first()
            if code
            else lookup.filter(code="", parent=parent, position=position).first()
        )
        objective = existing or Objective(programme=programme)
        created = objective.pk is None
        self.save(
            objective,
            {
                "parent": parent,
                "code": code,
                "label": node.get("label", ""),
                "title": node["title"],
                "level": parent.level + 1 if parent else 1,
                "position": position,
                "addressees": node.get("addressees", ""),
                "purpose": node.get("purpose", ""),
                "actions": node.get("actions", ""),
                "expected_result": node.get("expected_result", ""),
                "period": node.get("period", ""),
                "coordinator": organisations.get(node.get("coordinator"), where),
                "responsible_institution": organisations.get(
                    node.get("responsible_institution"), where
                ),
            },
            created=Action.STRUCTURE_CREATED,
            changed=Action.STRUCTURE_CHANGED,
        )

        implementers = [organisations.get(name, where) for name in node.get("implementers", [])]
        current = list(
            ObjectiveImplementer.objects.filter(objective=objective).values_list(
                "organisation_id", flat=True
            )
        )
        if current != [org.pk for org in implementers]:
            ObjectiveImplementer.objects.filter(objective=objective).delete()
            ObjectiveImplementer.objects.bulk_create(
                ObjectiveImplementer(objective=objective, organisation=org, position=i)
                for i, org in enumerate(dict.fromkeys(implementers))
            )
            if not created:  # a new node's implementers are part of its creation
                stats.updated += 1

        sources = []
        for name in node.get("funding_sources", []):
            key = " ".join(name.split()).casefold()
            if key not in self.funding_sources:
                self.funding_sources[key] = FundingSource.objects.create(
                    name=" ".join(name.split())
                )
                stats.created += 1
            sources.append(self.funding_sources[key])
        if {fs.pk for fs in objective.funding_sources.all()} != {fs.pk for fs in sources}:
            objective.funding_sources.set(sources)
            if not created:
                stats.updated += 1

        specs = node.get("indicators", [])
        # The node's indicators by position in one query (the first by pk where positions
        # repeat, as ``.first()`` on the default ordering gave).
        existing = {}
        if specs and not created:
            for indicator in Indicator.objects.filter(
                objective=objective, position__lt=len(specs)
            ).order_by("-pk"):
                existing[indicator.position] = indicator
        for index, indicator_spec in enumerate(specs):
            self.indicator(objective, indicator_spec, index, existing.get(index))
        for index, child in enumerate(node.get("children", [])):
            self.objective(programme, objective, child, index)

    def indicator(self, objective, spec, position, existing) -> None:
        where = f"{objective.code} „{spec['name'][:40]}”"
        indicator = existing or Indicator(objective=objective)
        created = indicator.pk is None
        self.save(
            indicator,
            {
                "name": spec["name"],
                "unit": _choice(spec.get("unit", ""), Unit, where, _("unit")),
                "value_kind": _choice(
                    spec.get("value_kind", ValueKind.INTEGER), ValueKind, where, _("kind of value")
                ),
                "target_value": _decimal(spec.get("target_value"), where),
                "target_year": spec.get("target_year"),
                "direction": _choice(spec.get("direction", ""), Direction, where, _("direction")),
                "less_is_better": spec.get("less_is_better", False),
                "baseline_value": _decimal(spec.get("baseline_value"), where),
                "baseline_year": spec.get("baseline_year"),
                "monitoring_method": spec.get("monitoring_method", ""),
                "expected_result": spec.get("expected_result", ""),
                "reporting_organisation": self.organisations.get(
                    spec.get("reporting_organisation"), where
                ),
                "position": position,
                **_parts_fields(spec, where),
            },
            created=Action.STRUCTURE_CREATED,
            changed=Action.STRUCTURE_CHANGED,
        )
        value_specs = spec.get("values", {})
        stored = (
            {value.year: value
             for value in IndicatorValue.objects.filter(measure_id=indicator.measure_id)}
            if value_specs and not created
            else {}
        )
        for year, value_spec in value_specs.items():
            value = stored.get(int(year)) or IndicatorValue(
                measure_id=indicator.measure_id, indicator=indicator, year=int(year))
            value.indicator = indicator
            no_data = "no_data" in value_spec
            fields = {
                "number": _decimal(value_spec.get("number"), f"{where} {year}"),
                "part_numbers": [str(_decimal(number, f"{where} {year}"))
                                 for number in value_spec.get("part_numbers", [])],
                "text": value_spec.get("text", ""),
                "no_data": no_data,
                "no_data_reason": value_spec.get("no_data", "") if no_data else "",
                "footnote_mark": value_spec.get("footnote_mark", ""),
                "remarks": value_spec.get("remarks", ""),
                "achieved_result": value_spec.get("achieved_result", ""),
                "deviation_assessment": value_spec.get("deviation_assessment", ""),
                "state": value_spec.get("state", IndicatorValue.State.ACCEPTED),
            }
            if "review_comment" in value_spec:  # a returned value's comment (the demo's)
                fields["review_comment"] = value_spec["review_comment"]
            if value.pk is None:
                for name, field_value in fields.items():
                    setattr(value, name, field_value)
                self.new_values.append(value)
                self.stats.created += 1
            else:
                # A changed value gets a new version, so an entry form opened before the load
                # refuses to overwrite it (``values_save``'s version check).
                if any(getattr(value, name) != field_value for name, field_value in fields.items()):
                    fields["version"] = value.version + 1
                self.save(value, fields, created=Action.VALUE_CREATED, changed=Action.VALUE_CHANGED)

    def diagnosis(self, programme, specs: list[dict]) -> None:
        """The programme's diagnosis tables, by position: what the data gives replaces what was
        there (tables and rows beyond it are deleted)."""
        tables = {table.position: table for table in programme.diagnosis_tables.all()}
        for position, spec in enumerate(specs):
            table = tables.pop(position, None) or DiagnosisTable(programme=programme,
                                                                 position=position)
            where = f"{programme.slug} {spec.get('number') or spec['title'][:40]}"
            self.save(table, {
                "number": spec.get("number", ""),
                "title": spec["title"],
                "source": spec.get("source", ""),
                "footnotes": spec.get("footnotes", ""),
            }, created=Action.STRUCTURE_CREATED, changed=Action.STRUCTURE_CHANGED)
            rows = {row.position: row for row in table.rows.all()}
            for index, row_spec in enumerate(spec.get("rows", [])):
                row = rows.pop(index, None) or DiagnosisRow(table=table, position=index)
                self.save(row, {
                    "label": row_spec["label"],
                    "unit": _choice(row_spec.get("unit", ""), Unit, where, _("unit")),
                    "value_kind": _choice(row_spec.get("value_kind", ValueKind.INTEGER),
                                          ValueKind, where, _("kind of value")),
                    "source": row_spec.get("source", ""),
                    "values": {str(year): value
                               for year, value in row_spec.get("values", {}).items()},
                    "monitored_yearly": row_spec.get("monitored_yearly", False),
                    "reporting_organisation": self.organisations.get(
                        row_spec.get("reporting_organisation"), where),
                }, created=Action.STRUCTURE_CREATED, changed=Action.STRUCTURE_CHANGED)
            for row in rows.values():
                row.delete()
                self.stats.updated += 1
        for table in tables.values():
            table.delete()
            self.stats.updated += 1

    def reporting_year(self, programme, spec) -> None:
        reporting_year = ReportingYear.objects.filter(
            programme=programme, year=spec["year"]
        ).first() or ReportingYear(programme=programme, year=spec["year"])
        reporting_year.programme = programme
        where = f"{programme.slug} {spec['year']}"
        state = _choice(spec.get("state", "open"), ReportingYear.State, where, _("state"))
        self.save(
            reporting_year,
            {
                "state": state,
                "deadline": _date(spec.get("deadline")),
                "conclusion": spec.get("conclusion", ""),
                "prepared_by": self.organisations.get(spec.get("prepared_by"), where),
                "prepared_on": _date(spec.get("prepared_on")),
                "accepted_by": spec.get("accepted_by", ""),
                "accepted_on": _date(spec.get("accepted_on")),
                "signatory_name": spec.get("signatory_name", ""),
                "signatory_title": spec.get("signatory_title", ""),
            },
            created=Action.YEAR_STATE_CHANGED,
            changed=(
                Action.YEAR_STATE_CHANGED if reporting_year.state != state else Action.YEAR_CHANGED
            ),
        )
