"""Writes of a programme's diagnosis: which rows are monitored yearly and by whom (the
coordinator), and the rows' yearly values (their organisations).

The coordinator's page, the entry page's "Dane diagnozy" section and the value-sheet upload
call these, so each rule is written once (``indicators.diagnosis_access`` says who may).
Both are all or nothing: any error and nothing is written; each change is an audit event in
the same transaction, and the programme gets a new data version (its pages and reports show
the change).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.models import STRUCTURE_ACTIONS, AuditEvent
from audit.services import AuditTrail, snapshot
from indicators.diagnosis_access import require_diagnosis_editable
from indicators.inputs import TEXT_MAX_LENGTH
from indicators.models import ValueKind
from indicators.parsing import ParseError, parse_number
from lib.text import clean_text
from programs.models import DiagnosisRow, DiagnosisValue, Organisation, Programme, ReportingYear
from programs.services import programme_data_changed

Action = AuditEvent.Action


@dataclass
class RowMonitoring:
    """The coordinator's choice for one row: monitored yearly or not, and by whom."""

    row_id: int
    monitored_yearly: bool
    reporting_organisation_id: int | None


@dataclass
class DiagnosisResult:
    """``errors``: row id → messages (in Polish, shown beside the row's field)."""

    errors: dict[int, list[str]] = field(default_factory=dict)
    changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row_id: int, message: str) -> None:
        self.errors.setdefault(row_id, []).append(str(message))


@transaction.atomic
def diagnosis_monitoring_set(*, user, programme: Programme,
                             choices: list[RowMonitoring]) -> DiagnosisResult:
    """Mark the programme's diagnosis rows as monitored yearly (or not) with the organisation
    that reports each, all or nothing. A monitored row needs its organisation; a row of another
    programme is refused. Raises ``PermissionDenied`` for anyone but a coordinator."""
    roles.require_coordinator(user)
    result = DiagnosisResult()
    rows = DiagnosisRow.objects.select_for_update().filter(
        table__programme=programme).in_bulk([choice.row_id for choice in choices])
    organisation_ids = {choice.reporting_organisation_id for choice in choices
                        if choice.reporting_organisation_id is not None}
    known = set(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", flat=True))
    trail = AuditTrail(user=user)
    changed = []
    for choice in choices:
        row = rows.get(choice.row_id)
        if row is None:
            result.add(choice.row_id, _("No such diagnosis row in this programme."))
            continue
        organisation_id = choice.reporting_organisation_id
        if organisation_id is not None and organisation_id not in known:
            result.add(row.pk, _("No such organisation."))
            continue
        if choice.monitored_yearly and organisation_id is None:
            result.add(row.pk, _("Choose the organisation that reports this row each year."))
            continue
        before = snapshot(row)
        row.monitored_yearly = choice.monitored_yearly
        row.reporting_organisation_id = organisation_id
        if trail.changed(STRUCTURE_ACTIONS[1], row, before) is not None:
            changed.append(row)
    if result.errors:
        return result
    for row in changed:
        row.save(update_fields=["monitored_yearly", "reporting_organisation"])
    trail.save()
    result.changed = len(changed)
    if changed:
        programme_data_changed(programmes=[programme])
    return result


def parse_diagnosis_value(row: DiagnosisRow, typed: str) -> dict | None:
    """What ``typed`` means for the row: ``{"number": …, "text": ""}``, ``{"number": None,
    "text": …}``, or ``None`` for an empty field (the value is cleared). Numbers are parsed the
    Polish way with the row's kind and unit (``indicators.parsing``); raises ``ParseError``."""
    text = clean_text(typed or "")
    if not text:
        return None
    if len(text) > TEXT_MAX_LENGTH:
        raise ParseError(_("Use at most %(n)d characters.") % {"n": TEXT_MAX_LENGTH})
    if row.value_kind == ValueKind.TEXT:
        return {"number": None, "text": text}
    return {"number": parse_number(text, value_kind=row.value_kind, unit=row.unit), "text": ""}


@transaction.atomic
def diagnosis_values_save(*, user, reporting_year: ReportingYear, organisation: Organisation,
                          typed: dict[int, str]) -> DiagnosisResult:
    """Save what was typed for the organisation's monitored diagnosis rows in the year
    (``typed``: row id → text; an empty text clears the value), all or nothing.

    Raises ``PermissionDenied`` when the year takes no changes from the user (locked; in review
    for data-entry users) or the user may not act for the organisation. A row the organisation
    does not report, or that is not monitored yearly, is refused with a message, as is a number
    that does not parse."""
    require_diagnosis_editable(user, reporting_year, organisation)
    result = DiagnosisResult()
    year = reporting_year.year
    rows = DiagnosisRow.objects.filter(
        table__programme=reporting_year.programme_id, monitored_yearly=True,
        reporting_organisation=organisation,
    ).in_bulk(list(typed))
    current = {value.row_id: value for value in DiagnosisValue.objects.select_for_update()
               .filter(row_id__in=list(rows), year=year)}
    now = timezone.now()
    trail = AuditTrail(user=user)
    to_save, to_delete = [], []
    for row_id, text in typed.items():
        row = rows.get(row_id)
        if row is None:
            result.add(row_id, _("This diagnosis row is not asked from %(organisation)s in this "
                                 "programme.") % {"organisation": organisation})
            continue
        try:
            new = parse_diagnosis_value(row, text)
        except ParseError as error:
            result.add(row_id, error.message)
            continue
        value = current.get(row_id)
        if value is not None:
            value.row = row
        if new is None:
            if value is not None:
                to_delete.append(value)
            continue
        if value is not None and value.number == new["number"] and value.text == new["text"]:
            continue
        if value is None:
            value = DiagnosisValue(row=row, year=year, **new, entered_by=user, entered_at=now)
            to_save.append((value, None))
        else:
            before = snapshot(value)
            value.number, value.text = new["number"], new["text"]
            value.entered_by, value.entered_at = user, now
            to_save.append((value, before))
    if result.errors:
        return result
    for value, before in to_save:
        value.save()
        if before is None:
            trail.created(Action.VALUE_CREATED, value)
        else:
            trail.changed(Action.VALUE_CHANGED, value, before)
    for value in to_delete:
        trail.deleted(Action.VALUE_DELETED, value)
        value.delete()
    trail.save()
    result.changed = len(to_save) + len(to_delete)
    if result.changed:
        programme_data_changed(programmes=[reporting_year.programme], from_year=year)
    return result
