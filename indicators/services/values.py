"""Saving values: one batch of typed inputs for one reporting year, all or nothing.

Every entry path (the web form, the API, the spreadsheet upload) calls ``values_save``, so
parsing, validation, permissions, optimistic locking and history are written once. Errors come
back per indicator and field; permission problems (another organisation's indicator, a locked
year) raise ``PermissionDenied`` for the whole batch.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import roles
from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot
from indicators import access
from indicators.formatting import format_number, format_value, format_with_unit
from indicators.inputs import CHANGE_REASON_MAX_LENGTH, TEXT_MAX_LENGTH, ValueInput
from indicators.models import Indicator, IndicatorValue, ValueKind
from indicators.parsing import ParseError, parse_number, split_part_texts
from indicators.selectors import PREVIOUS_YEARS, programmes_using
from lib.text import clean_text
from programs.models import ReportingYear
from programs.services import programme_data_changed

Action = AuditEvent.Action
State = IndicatorValue.State
YearState = ReportingYear.State
VALUE_FIELDS = [
    "number",
    "text",
    "no_data",
    "no_data_reason",
    "remarks",
    "achieved_result",
    "deviation_assessment",
    "state",
    "version",
    "entered_by",
    "entered_at",
    "part_numbers",
]


@dataclass
class SaveResult:
    """``errors``: indicator id → field → messages. ``conflicts``: indicator id → the value
    someone else saved meanwhile (``None`` if they deleted it)."""

    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    conflicts: dict[int, IndicatorValue | None] = field(default_factory=dict)
    needs_confirmation: set[int] = field(default_factory=set)
    created: list[IndicatorValue] = field(default_factory=list)
    updated: list[IndicatorValue] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed_count(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)

    def add(self, indicator_id: int, field_name: str, message: str) -> None:
        self.errors.setdefault(indicator_id, {}).setdefault(field_name, []).append(str(message))


_TEXT_INPUTS = (
    "value",
    "no_data_reason",
    "remarks",
    "achieved_result",
    "deviation_assessment",
    "change_reason",
)


def _previous_number(numbers: dict[int, Decimal], year: int) -> tuple[int, Decimal] | None:
    earlier = [y for y in numbers if y < year]
    if not earlier:
        return None
    previous = max(earlier)
    return previous, numbers[previous]


# "more than three times" is one adverb in Polish ("ponad trzykrotnie"): the usual factors
# have their own phrase, any other is "more than 2,5 times" ("ponad 2,5-krotnie").
_MORE_THAN_TIMES = {
    2: lambda: _("more than twice"),
    3: lambda: _("more than three times"),
    4: lambda: _("more than four times"),
    5: lambda: _("more than five times"),
    10: lambda: _("more than ten times"),
}


def more_than_times(factor: Decimal) -> str:
    """The typo guard's factor in words, as an official would write it."""
    if factor == factor.to_integral_value() and int(factor) in _MORE_THAN_TIMES:
        return _MORE_THAN_TIMES[int(factor)]()
    return _("more than %(factor)s times") % {"factor": format_number(factor)}


def _exceeds_typo_guard(number: Decimal, previous: Decimal, factor: Decimal) -> bool:
    # Zero before or after is a normal change for small counts; only ratios are checked.
    if not number or not previous:
        return False
    ratio = abs(number) / abs(previous)
    return ratio > factor or ratio < 1 / factor


def expected_range_text(number: Decimal, indicator: Indicator) -> str:
    """What the indicator's expected range is ("od 0% do 100%") when ``number`` is outside it
    (``Indicator.expected_range``: 0–100 for a percentage unless the indicator says otherwise);
    ``""`` inside it. The entry form and the value sheet ask to confirm such a number; the
    programme import's preview warns of it."""
    low, high = indicator.expected_range
    if (low is None or number >= low) and (high is None or number <= high):
        return ""
    if low is not None and high is not None:
        return _("from %(low)s to %(high)s") % {
            "low": format_with_unit(low, indicator), "high": format_with_unit(high, indicator)}
    if low is not None:
        return _("at least %(low)s") % {"low": format_with_unit(low, indicator)}
    return _("at most %(high)s") % {"high": format_with_unit(high, indicator)}


def _outside_expected_range(number: Decimal, indicator: Indicator) -> str:
    """The message for a number outside the indicator's expected range; ``""`` inside it. Like
    the typo guard, such a number is saved once it is confirmed."""
    expected = expected_range_text(number, indicator)
    if not expected:
        return ""
    return _("%(value)s is outside the range expected for this indicator (%(expected)s). Check "
             "the value and tick “the value is correct” to save it.") % {
        "value": format_with_unit(number, indicator), "expected": expected}


def _same_content(current: IndicatorValue, new: dict) -> bool:
    return all(getattr(current, name) == value for name, value in new.items())


def _describe(value: IndicatorValue | None) -> str:
    return format_value(value) if value is not None else _("(deleted)")


@transaction.atomic
def values_save(*, user, reporting_year: ReportingYear, inputs: list[ValueInput]) -> SaveResult:
    """Validate and save a batch of values for one reporting year, all or nothing.

    Numbers are parsed the Polish way; "no data" needs a reason; remarks need a value; a stale
    version is refused with the value saved by the other person; a change to a submitted or
    accepted value needs a reason; a value far from the previous year's needs ``confirmed``.
    Returns a ``SaveResult``; nothing is written unless it is ``ok``. Raises
    ``PermissionDenied`` if the user may not edit the year or one of the indicators.
    """
    access.require_year_editable(user, reporting_year)
    result = SaveResult()
    programme = reporting_year.programme
    year = reporting_year.year
    ids = [item.indicator_id for item in inputs]
    indicators = Indicator.objects.for_programme(programme).in_bulk(ids)
    for item in inputs:
        if item.indicator_id not in indicators:
            result.add(item.indicator_id, "indicator", _("No such indicator in this programme."))
        else:
            access.require_indicator_access(user, indicators[item.indicator_id])
    # The values are the measures' (one per measure and year, shared by every programme
    # whose indicator uses the measure): read and written by measure.
    measure_ids = {indicator.measure_id for indicator in indicators.values()}
    current_values = {
        value.measure_id: value
        for value in IndicatorValue.objects.select_for_update(of=("self",))
        .filter(measure_id__in=measure_ids, year=year)
        .select_related("entered_by")
    }
    earlier = defaultdict(dict)
    for measure_id, value_year, number in IndicatorValue.objects.filter(
        measure_id__in=measure_ids,
        year__gte=year - PREVIOUS_YEARS,
        year__lt=year,
        number__isnull=False,
    ).values_list("measure_id", "year", "number"):
        earlier[measure_id][value_year] = number
    locks = access.shared_year_locks(reporting_year, indicators.values())

    now = timezone.now()
    factor = Decimal(str(programme.typo_guard_factor))
    to_create, to_update, to_delete = [], [], []
    before = {}  # value id → its audited fields before this save
    for item in inputs:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            continue
        current = current_values.get(indicator.measure_id)
        if current is not None:
            current.indicator = indicator
        new = _validate_input(item, indicator, result)
        if new is None:
            continue
        if current is None and not new:
            continue  # nothing typed, nothing stored
        if current is not None and new and _same_content(current, new):
            continue
        current_version = current.version if current else 0
        if item.version != current_version:
            result.conflicts[indicator.pk] = current
            who = current.entered_by if current and current.entered_by else None
            result.add(
                indicator.pk,
                "value",
                _(
                    "Someone else (%(who)s) changed this value while you were editing it; it "
                    "is now: %(value)s. Your text is kept: check it and save again."
                )
                % {
                    "who": who.get_full_name() or who.username if who else _("another user"),
                    "value": _describe(current),
                },
            )
            continue
        if not _check_state_rules(user, reporting_year, item, indicator, current, result,
                                  locks.get(indicator.measure_id)):
            continue
        if new and new["number"] is not None and not item.confirmed:
            changed_number = current is None or current.number != new["number"]
            outside = _outside_expected_range(new["number"], indicator)
            if changed_number and outside:
                result.needs_confirmation.add(indicator.pk)
                result.add(indicator.pk, "value", outside)
                continue
            previous = _previous_number(earlier.get(indicator.measure_id, {}), year)
            if (
                changed_number
                and previous
                and _exceeds_typo_guard(new["number"], previous[1], programme.typo_guard_factor)
            ):
                result.needs_confirmation.add(indicator.pk)
                result.add(
                    indicator.pk,
                    "value",
                    _(
                        "This differs from the value of %(year)d (%(previous)s) %(how_much)s. "
                        "Check the value and tick “the value is correct” to save it."
                    )
                    % {
                        "year": previous[0],
                        "previous": format_with_unit(previous[1], indicator),
                        "how_much": more_than_times(factor),
                    },
                )
                continue
        reason = clean_text(item.change_reason)
        if not new:
            current._change_reason = reason or _("value cleared")
            to_delete.append(current)
            continue
        if current is None:
            current = IndicatorValue(measure_id=indicator.measure_id, indicator=indicator,
                                     year=year, state=State.DRAFT, version=0)
            to_create.append(current)
        else:
            to_update.append(current)
            before[current.pk] = snapshot(current)
            if current.state == State.SUBMITTED and not roles.is_coordinator(user):
                current.state = State.DRAFT  # changed after submission: submit again
        for name, value in new.items():
            setattr(current, name, value)
        current.version += 1
        current.entered_by = user
        current.entered_at = now
        current._change_reason = reason or None

    if result.errors:
        return result
    if to_create:
        result.created = bulk_create_with_history(
            to_create, IndicatorValue, default_user=user, default_date=now
        )
    if to_update:
        _update_rows(to_update, VALUE_FIELDS)
        IndicatorValue.history.bulk_history_create(
            to_update, update=True, default_user=user, default_date=now
        )
        result.updated = to_update
    trail = AuditTrail(user=user)
    for value in result.created:
        trail.created(Action.VALUE_CREATED, value, comment=getattr(value, "_change_reason", ""))
    for value in to_update:
        trail.changed(Action.VALUE_CHANGED, value, before[value.pk], comment=value._change_reason)
    for value in to_delete:
        trail.deleted(Action.VALUE_DELETED, value, comment=value._change_reason)
        value._history_user = user
        result.deleted.append(value.indicator_id)
        value.delete()
    trail.save()
    if result.changed_count:
        changed = {value.measure_id for value in [*result.created, *to_update, *to_delete]}
        programme_data_changed(programmes=[programme, *programmes_using(changed)],
                               from_year=year)
    return result


def _update_rows(values: list[IndicatorValue], fields: list[str]) -> None:
    """One UPDATE per row, guarded by the version read at the start (``version - 1``): far
    faster than bulk_update's CASE expressions for hundreds of rows, and a write that raced
    past the row lock (SQLite has none) is refused rather than overwritten."""
    for value in values:
        changed = IndicatorValue.objects.filter(pk=value.pk, version=value.version - 1).update(
            **{name: getattr(value, name) for name in fields}
        )
        if not changed:
            raise ConcurrentChange(value)


class ConcurrentChange(Exception):
    """A value changed between reading and writing it; the whole save is rolled back."""

    def __init__(self, value):
        super().__init__(f"IndicatorValue {value.pk} changed concurrently")
        self.value = value


def _validate_input(item: ValueInput, indicator: Indicator, result: SaveResult) -> dict | None:
    """The model fields the input asks for; ``{}`` when it clears the value; ``None`` on error."""
    # PostgreSQL refuses NUL in text (a 500); the form refuses it, the API's typed value and
    # the spreadsheet upload reach here with it. Django's own (translated) message.
    nul = [name for name in _TEXT_INPUTS if "\x00" in str(getattr(item, name) or "")]
    for name in nul:
        result.add(indicator.pk, name, str(ProhibitNullCharactersValidator.message))
    if nul:
        return None
    too_long = False
    for name in _TEXT_INPUTS[:-1]:  # the change reason has its own, shorter limit
        try:
            MaxLengthValidator(TEXT_MAX_LENGTH)(clean_text(str(getattr(item, name) or "")))
        except ValidationError as error:
            result.add(indicator.pk, name, " ".join(error.messages))
            too_long = True
    if too_long:
        return None
    text = clean_text(item.value)
    reason = clean_text(item.no_data_reason)
    extras = {
        "remarks": clean_text(item.remarks),
        "achieved_result": clean_text(item.achieved_result),
        "deviation_assessment": clean_text(item.deviation_assessment),
    }
    errors_before = len(result.errors.get(indicator.pk, {}))
    new = {"number": None, "text": "", "no_data": False, "no_data_reason": "",
           "part_numbers": []}
    # An indicator with parts takes one number per part (``None``: an indicator of one number).
    part_texts = _part_texts(item, indicator, text)
    typed = any(part_texts) if part_texts is not None else bool(text)
    if len(clean_text(item.change_reason)) > CHANGE_REASON_MAX_LENGTH:
        result.add(
            indicator.pk,
            "change_reason",
            _("Write the reason in at most %(n)d characters.") % {"n": CHANGE_REASON_MAX_LENGTH},
        )
    if item.no_data:
        if typed:
            result.add(
                indicator.pk, "value", _("Either enter a value or choose “no data”, not both.")
            )
        if not reason:
            result.add(indicator.pk, "no_data_reason", _("Give the reason why there is no data."))
        new.update(no_data=True, no_data_reason=reason)
    elif typed:
        if reason:
            result.add(
                indicator.pk,
                "no_data_reason",
                _("A reason is given only when “no data” is chosen."),
            )
        if part_texts is not None:
            _parse_parts(part_texts, indicator, new, result)
        elif indicator.value_kind == ValueKind.TEXT:
            new["text"] = text
        else:
            try:
                new["number"] = parse_number(
                    text, value_kind=indicator.value_kind, unit=indicator.unit
                )
            except ParseError as error:
                result.add(indicator.pk, "value", error.message)
    else:
        for name, content in extras.items():
            if content:
                result.add(
                    indicator.pk,
                    name,
                    _(
                        "This is saved only with a value or “no data”: enter the value "
                        "(or choose “no data”) first."
                    ),
                )
        if reason:
            result.add(
                indicator.pk,
                "no_data_reason",
                _("Tick “no data” to give a reason, or clear this field."),
            )
        if len(result.errors.get(indicator.pk, {})) > errors_before:
            return None
        return {}
    if len(result.errors.get(indicator.pk, {})) > errors_before:
        return None
    new.update(extras)
    return new


def _part_texts(item: ValueInput, indicator: Indicator, text: str) -> list[str] | None:
    """What was typed for each part of an indicator with parts, in order (``None`` for an
    indicator of one number): ``item.parts`` (the entry form), or the value's text split at
    "/" or ";"."""
    if not indicator.has_parts:
        return None
    count = len(indicator.parts)
    if item.parts is not None:
        texts = [clean_text(str(part or "")) for part in item.parts]
    else:
        texts = split_part_texts(text)
    return (texts + [""] * count)[:count] if len(texts) <= count else texts


def _parse_parts(texts: list[str], indicator: Indicator, new: dict, result: SaveResult) -> None:
    """Each part's number parsed with its unit, all or none (errors on the field
    ``part<N>``); sets ``part_numbers`` and the derived ``number``."""
    parts = indicator.part_list
    if len(texts) != len(parts):
        result.add(indicator.pk, "value", _(
            "This indicator has %(count)d parts: give one number for each, separated by “/”.")
            % {"count": len(parts)})
        return
    numbers = []
    for part, typed in zip(parts, texts, strict=True):
        field_name = f"part{part.position}"
        if not typed:
            result.add(indicator.pk, field_name, _(
                "Enter the number of “%(label)s” too: the parts are entered all together.")
                % {"label": part.display_label})
            continue
        try:
            numbers.append(parse_number(typed, value_kind=indicator.value_kind,
                                        unit=indicator.part_unit(part)))
        except ParseError as error:
            result.add(indicator.pk, field_name, error.message)
    if len(numbers) != len(parts):
        return
    # A "w tym" part is a subset of the nearest earlier part that is not one: never more.
    whole = None
    for part, number in zip(parts, numbers, strict=True):
        if not part.within:
            whole = (part, number)
        elif whole is not None and number > whole[1]:
            result.add(indicator.pk, f"part{part.position}", _(
                "“%(part)s” (%(number)s) cannot be more than “%(whole)s” (%(total)s): it is "
                "a part of it.") % {
                    "part": part.display_label, "number": format_number(number),
                    "whole": whole[0].display_label,
                    "total": format_number(whole[1])})
            return
    new["part_numbers"] = [str(number) for number in numbers]
    new["number"] = indicator.derived_number(numbers)


def _check_state_rules(user, reporting_year, item, indicator, current, result,
                       locked_elsewhere=None) -> bool:
    """Rules that depend on the stored value's state (``access.value_change_refusal``, with the
    lock rule of shared values) and the reason a change of a submitted value needs; adds errors
    and returns False if broken."""
    refusal = access.value_change_refusal(user, reporting_year, current, locked_elsewhere)
    if refusal:
        result.add(indicator.pk, "value", refusal)
        return False
    if current is not None and current.state in (State.SUBMITTED, State.ACCEPTED) and not (
        clean_text(item.change_reason)
    ):
        result.add(
            indicator.pk,
            "change_reason",
            _("This value has already been submitted: give the reason for the change."),
        )
        return False
    return True
