"""Values written through the API: a thin wrapper over
``indicators.services.values.values_save``.

The service does everything that matters — parsing, validation, the "no data" rule, permissions
(own organisation, open year), optimistic locking and history. This module only groups the items
of a request by reporting year, calls the service once per group inside one transaction (so a
batch is all or nothing across years), and maps the service's per-indicator errors back to the
items' positions.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from api.exceptions import ValuesRejected
from indicators import access
from indicators.inputs import ValueInput
from indicators.models import Indicator, IndicatorValue
from indicators.services.values import ConcurrentChange, values_save
from programs import access as programs_access


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    # One entry per item sent: the saved value, or None when the item cleared it.
    values: list = field(default_factory=list)


def _value_input(item: dict) -> ValueInput:
    return ValueInput(
        indicator_id=item["indicator"],
        value=item["value"],
        no_data=item["no_data"],
        no_data_reason=item["no_data_reason"],
        remarks=item["remarks"],
        achieved_result=item["achieved_result"],
        deviation_assessment=item["deviation_assessment"],
        version=item["version"],
        confirmed=item["confirmed"],
        change_reason=item["change_reason"],
        parts=item.get("parts"),
    )


def _key(prefix: str, index: int, name: str) -> str:
    return f"{prefix}{index}.{name}" if prefix else name


def values_write(*, user, items: list[dict], prefix: str = "values.", serialize) -> WriteResult:
    """Save ``items`` (validated ``ValueWriteSerializer`` data) all or none.

    Raises ``ValuesRejected`` (400, or 409 for a stale version with the current values),
    ``PermissionDenied``/``EntryClosed`` from the service (403). ``serialize`` turns stored
    values into their API form (for the 409 body). ``prefix`` names the items in errors
    ("values.3.value"); empty for a single value.
    """
    access.require_value_writer(user)
    errors: dict[str, list[str]] = {}
    indicators = Indicator.objects.select_related("objective__programme").in_bulk(
        {item["indicator"] for item in items}
    )
    seen = set()
    for index, item in enumerate(items):
        key = (item["indicator"], item["year"])
        if item["indicator"] not in indicators:
            errors[_key(prefix, index, "indicator")] = [_("No such indicator.")]
        elif key in seen:
            errors[_key(prefix, index, "indicator")] = [
                _("This indicator and year appear more than once in the batch.")
            ]
        seen.add(key)
    years = {
        (ry.programme_id, ry.year): ry
        for ry in programs_access.visible_reporting_years(user)
        .select_related("programme")
        .filter(
            programme_id__in={i.objective.programme_id for i in indicators.values()},
            year__in={item["year"] for item in items},
        )
    }
    groups: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        indicator = indicators.get(item["indicator"])
        if indicator is None:
            continue
        reporting_year = years.get((indicator.objective.programme_id, item["year"]))
        if reporting_year is None:
            errors[_key(prefix, index, "year")] = [
                _("The year %(year)d is not open for entry in this programme.")
                % {"year": item["year"]}
            ]
            continue
        groups.setdefault(reporting_year.pk, []).append(index)
    if errors:
        raise ValuesRejected(errors)

    result = WriteResult(values=[None] * len(items))
    conflicts: dict[int, IndicatorValue | None] = {}
    by_pk = {ry.pk: ry for ry in years.values()}
    try:
        with transaction.atomic():
            for year_pk, indexes in groups.items():
                position = {items[i]["indicator"]: i for i in indexes}
                saved = values_save(
                    user=user, reporting_year=by_pk[year_pk],
                    inputs=[_value_input(items[i]) for i in indexes],
                )
                _collect(saved, position, prefix, errors, conflicts, result)
            if errors:
                transaction.set_rollback(True)
    except ConcurrentChange as change:
        # Raced past the version check (the service rolled everything back): a conflict.
        index = next(i for i, item in enumerate(items)
                     if item["indicator"] == change.value.indicator_id)
        message = _("Someone saved this value at the same moment; nothing was saved.")
        raise ValuesRejected(
            {_key(prefix, index, "version"): [message]}, conflict=True,
            current=_current(serialize, prefix, {index: _reload(change.value)}),
        ) from None
    if errors:
        # Outside the rolled-back transaction: the current values can be read again.
        raise ValuesRejected(
            errors, conflict=bool(conflicts),
            current=_current(serialize, prefix, conflicts) if conflicts else None,
        )
    return result


def _collect(saved, position, prefix, errors, conflicts, result) -> None:
    """Fold one ``SaveResult`` into the request's errors (by item position) and counts."""
    for indicator_id, fields in saved.errors.items():
        index = position.get(indicator_id)
        for name, messages in fields.items():
            key = name if index is None else _key(prefix, index, name)
            errors.setdefault(key, []).extend(messages)
    for indicator_id, current in saved.conflicts.items():
        conflicts[position[indicator_id]] = current
    result.created += len(saved.created)
    result.updated += len(saved.updated)
    result.deleted += len(saved.deleted)
    for value in [*saved.created, *saved.updated]:
        result.values[position[value.indicator_id]] = value.pk


def _reload(value: IndicatorValue) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(pk=value.pk).first()


def _current(serialize, prefix: str, conflicts: dict[int, IndicatorValue | None]):
    """The values saved meanwhile, in their API form: by item position for a batch, the value
    itself for a single write (``None`` when the other person cleared it)."""
    ids = [value.pk for value in conflicts.values() if value is not None]
    stored = {value.pk: value for value in serialize.load(ids)}
    forms = {
        str(index): serialize.dump(stored[value.pk]) if value is not None else None
        for index, value in conflicts.items()
    }
    if not prefix:
        return next(iter(forms.values()))
    return forms
