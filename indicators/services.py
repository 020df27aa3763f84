"""Writes of yearly data entry and review: values, their states, and the reporting-year cycle.

Every entry path (the web form, the API, the spreadsheet upload, management commands) calls these
functions, so parsing, validation, permissions, optimistic locking and history are written once.

- ``values_save`` takes a batch of raw inputs (what the user typed, with the version they started
  from) and saves all of them in one transaction, or none: errors come back per indicator and
  field. Permission problems (another organisation's indicator, a locked year) raise
  ``PermissionDenied`` for the whole batch.
- ``values_submit``, ``values_review`` (accept / return) move values through their states.
- ``year_open``, ``year_lock``, ``year_reopen`` run the reporting year; ``reminders_send`` chases
  late organisations.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import roles
from indicators import access
from indicators.formatting import format_number, format_value, format_with_unit
from indicators.judging import Status, judge_year
from indicators.models import Indicator, IndicatorValue, ValueKind
from indicators.parsing import ParseError, parse_number
from programs.models import Organisation, Programme, ReportingYear

State = IndicatorValue.State
YearState = ReportingYear.State
# django-simple-history keeps a change reason of at most 100 characters.
CHANGE_REASON_MAX_LENGTH = 100
# The longest value text, remark, reason or assessment (the API's limit too): longer texts are
# not what a yearly report holds, and a single unbroken word of 100,000 characters would keep
# the PDF layout busy for many minutes.
TEXT_MAX_LENGTH = 5000
PREVIOUS_YEARS = 3
VALUE_FIELDS = [
    "number", "text", "no_data", "no_data_reason", "remarks", "achieved_result",
    "deviation_assessment", "state", "version", "entered_by", "entered_at",
]


# --- inputs and results --------------------------------------------------------------------


@dataclass
class ValueInput:
    """What a user typed for one indicator, and the version of the value they started from.

    ``version`` is 0 when there was no value yet. ``confirmed`` answers the typo guard;
    ``change_reason`` is needed when a submitted or accepted value is changed.
    """

    indicator_id: int
    value: str = ""
    no_data: bool = False
    no_data_reason: str = ""
    remarks: str = ""
    achieved_result: str = ""
    deviation_assessment: str = ""
    version: int = 0
    confirmed: bool = False
    change_reason: str = ""


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


@dataclass
class SubmitResult:
    errors: dict[int, list[str]] = field(default_factory=dict)
    submitted: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ReviewDecision:
    value_id: int
    action: str  # "accept" or "return"
    comment: str = ""


# --- saving values -------------------------------------------------------------------------


_TEXT_INPUTS = ("value", "no_data_reason", "remarks", "achieved_result", "deviation_assessment",
                "change_reason")


def _clean_text(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _previous_number(numbers: dict[int, Decimal], year: int) -> tuple[int, Decimal] | None:
    earlier = [y for y in numbers if y < year]
    if not earlier:
        return None
    previous = max(earlier)
    return previous, numbers[previous]


def _exceeds_typo_guard(number: Decimal, previous: Decimal, factor: Decimal) -> bool:
    # Zero before or after is a normal change for small counts; only ratios are checked.
    if not number or not previous:
        return False
    ratio = abs(number) / abs(previous)
    return ratio > factor or ratio < 1 / factor


def _same_content(current: IndicatorValue, new: dict) -> bool:
    return all(getattr(current, name) == value for name, value in new.items())


def _describe(value: IndicatorValue | None) -> str:
    return format_value(value) if value is not None else _("(deleted)")


@transaction.atomic
def values_save(
    *, user, reporting_year: ReportingYear, inputs: list[ValueInput]
) -> SaveResult:
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
    current_values = {
        value.indicator_id: value
        for value in IndicatorValue.objects.select_for_update(of=("self",))
        .filter(indicator_id__in=list(indicators), year=year)
        .select_related("entered_by")
    }
    earlier = defaultdict(dict)
    for indicator_id, value_year, number in IndicatorValue.objects.filter(
        indicator_id__in=list(indicators),
        year__gte=year - PREVIOUS_YEARS,
        year__lt=year,
        number__isnull=False,
    ).values_list("indicator_id", "year", "number"):
        earlier[indicator_id][value_year] = number

    now = timezone.now()
    factor = Decimal(str(programme.typo_guard_factor))
    to_create, to_update, to_delete = [], [], []
    for item in inputs:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            continue
        current = current_values.get(indicator.pk)
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
                _("Someone else (%(who)s) changed this value while you were editing it; it "
                  "is now: %(value)s. Your text is kept: check it and save again.")
                % {"who": who.get_full_name() or who.username if who else _("another user"),
                   "value": _describe(current)},
            )
            continue
        if not _check_state_rules(user, reporting_year, item, indicator, current, result):
            continue
        if new and new["number"] is not None and not item.confirmed:
            changed_number = current is None or current.number != new["number"]
            previous = _previous_number(earlier.get(indicator.pk, {}), year)
            if changed_number and previous and _exceeds_typo_guard(
                new["number"], previous[1], programme.typo_guard_factor
            ):
                result.needs_confirmation.add(indicator.pk)
                result.add(
                    indicator.pk,
                    "value",
                    _("This differs from %(year)d (%(previous)s) by more than ×%(factor)s. "
                      "Check the value and tick “the value is correct” to save it.")
                    % {"year": previous[0],
                       "previous": format_with_unit(previous[1], indicator),
                       "factor": format_number(factor)},
                )
                continue
        reason = _clean_text(item.change_reason)
        if not new:
            current._change_reason = reason or _("value cleared")
            to_delete.append(current)
            continue
        if current is None:
            current = IndicatorValue(indicator=indicator, year=year, state=State.DRAFT, version=0)
            to_create.append(current)
        else:
            to_update.append(current)
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
    for value in to_delete:
        value._history_user = user
        result.deleted.append(value.indicator_id)
        value.delete()
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
            MaxLengthValidator(TEXT_MAX_LENGTH)(_clean_text(str(getattr(item, name) or "")))
        except ValidationError as error:
            result.add(indicator.pk, name, " ".join(error.messages))
            too_long = True
    if too_long:
        return None
    text = _clean_text(item.value)
    reason = _clean_text(item.no_data_reason)
    extras = {
        "remarks": _clean_text(item.remarks),
        "achieved_result": _clean_text(item.achieved_result),
        "deviation_assessment": _clean_text(item.deviation_assessment),
    }
    errors_before = len(result.errors.get(indicator.pk, {}))
    new = {"number": None, "text": "", "no_data": False, "no_data_reason": ""}
    if len(_clean_text(item.change_reason)) > CHANGE_REASON_MAX_LENGTH:
        result.add(indicator.pk, "change_reason",
                   _("Write the reason in at most %(n)d characters.")
                   % {"n": CHANGE_REASON_MAX_LENGTH})
    if item.no_data:
        if text:
            result.add(indicator.pk, "value",
                       _("Either enter a value or choose “no data”, not both."))
        if not reason:
            result.add(indicator.pk, "no_data_reason", _("Give the reason why there is no data."))
        new.update(no_data=True, no_data_reason=reason)
    elif text:
        if reason:
            result.add(indicator.pk, "no_data_reason",
                       _("A reason is given only when “no data” is chosen."))
        if indicator.value_kind == ValueKind.TEXT:
            new["text"] = text
        else:
            try:
                new["number"] = parse_number(text, value_kind=indicator.value_kind,
                                             unit=indicator.unit)
            except ParseError as error:
                result.add(indicator.pk, "value", error.message)
    else:
        for name, content in extras.items():
            if content:
                result.add(indicator.pk, name,
                           _("This is saved only with a value or “no data”: enter the value "
                             "(or choose “no data”) first."))
        if reason:
            result.add(indicator.pk, "no_data_reason",
                       _("Tick “no data” to give a reason, or clear this field."))
        if len(result.errors.get(indicator.pk, {})) > errors_before:
            return None
        return {}
    if len(result.errors.get(indicator.pk, {})) > errors_before:
        return None
    new.update(extras)
    return new


def _check_state_rules(user, reporting_year, item, indicator, current, result) -> bool:
    """Rules that depend on the stored value's state; adds errors and returns False if broken."""
    if current is None:
        if not roles.is_coordinator(user) and reporting_year.state != YearState.OPEN:
            result.add(indicator.pk, "value",
                       _("The year is in review: only values returned to you can be changed."))
            return False
        return True
    coordinator = roles.is_coordinator(user)
    if not coordinator and reporting_year.state != YearState.OPEN and current.state != (
        State.RETURNED
    ):
        result.add(indicator.pk, "value",
                   _("The year is in review: only values returned to you can be changed."))
        return False
    if current.state == State.ACCEPTED and not coordinator:
        result.add(indicator.pk, "value",
                   _("This value has been accepted. Ask the coordinator to return it if it "
                     "needs correcting."))
        return False
    if current.state in (State.SUBMITTED, State.ACCEPTED) and not _clean_text(item.change_reason):
        result.add(indicator.pk, "change_reason",
                   _("This value has already been submitted: give the reason for the change."))
        return False
    return True


# --- submitting and reviewing --------------------------------------------------------------


def assigned_indicators(programme: Programme, organisation: Organisation):
    """The indicators an organisation reports in a programme (a queryset)."""
    return Indicator.objects.for_programme(programme).for_organisation(organisation)


def _numbers_by_indicator(indicator_ids, up_to_year: int) -> dict[int, dict[int, Decimal]]:
    numbers = defaultdict(dict)
    for indicator_id, year, number in IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, year__lte=up_to_year
    ).values_list("indicator_id", "year", "number"):
        numbers[indicator_id][year] = number
    return numbers


def submission_problems(
    reporting_year: ReportingYear, indicators: list[Indicator], values: dict[int, IndicatorValue]
) -> dict[int, list[str]]:
    """What stops these indicators' values from being submitted: missing values, and (where the
    programme asks for it) a missing deviation assessment for a value that misses its target."""
    programme = reporting_year.programme
    numbers = (
        _numbers_by_indicator([i.pk for i in indicators], reporting_year.year)
        if programme.uses_deviation_assessment else {}
    )
    problems: dict[int, list[str]] = {}
    for indicator in indicators:
        value = values.get(indicator.pk)
        if value is None:
            problems[indicator.pk] = [_("Enter the value or choose “no data”.")]
            continue
        if programme.uses_deviation_assessment and not value.deviation_assessment:
            judgement = judge_year(indicator, reporting_year.year, numbers.get(indicator.pk, {}),
                                   programme.keep_tolerance)
            if judgement.status == Status.NOT_MET:
                problems[indicator.pk] = [
                    _("The target is not met: give a short assessment of the deviation and a "
                      "corrective plan.")
                ]
    return problems


@transaction.atomic
def values_submit(
    *, user, reporting_year: ReportingYear, organisation: Organisation
) -> SubmitResult:
    """Submit an organisation's values of a year for review: every assigned indicator must have
    a value or "no data", and values that miss their target a deviation assessment (where the
    programme uses it). All or nothing; errors come back per indicator."""
    access.require_year_editable(user, reporting_year)
    access.require_organisation_access(user, organisation)
    result = SubmitResult()
    indicators = list(assigned_indicators(reporting_year.programme, organisation))
    if not indicators:
        result.errors[0] = [_("Your organisation reports no indicators in this programme.")]
        return result
    values = {
        value.indicator_id: value
        for value in IndicatorValue.objects.select_for_update().filter(
            indicator__in=indicators, year=reporting_year.year
        )
    }
    result.errors = submission_problems(reporting_year, indicators, values)
    if result.errors:
        return result
    to_submit = [v for v in values.values() if v.state in (State.DRAFT, State.RETURNED)]
    for value in to_submit:
        value.state = State.SUBMITTED
        value.version += 1
    IndicatorValue.objects.filter(pk__in=[v.pk for v in to_submit]).update(
        state=State.SUBMITTED, version=F("version") + 1
    )
    IndicatorValue.history.bulk_history_create(
        to_submit, update=True, default_user=user, default_change_reason=_("submitted")
    )
    result.submitted = len(to_submit)
    _sync_review_state(user, reporting_year)
    return result


@transaction.atomic
def values_review(
    *, user, reporting_year: ReportingYear, decisions: list[ReviewDecision]
) -> dict[int, str]:
    """Accept or return values (coordinator only). A return needs a comment, which the
    organisation sees on its form. Returns errors by value id; nothing changes if any."""
    access.require_reviewer(user)
    if reporting_year.is_locked:
        raise access.EntryClosed(_("The year is locked: reopen it to change the review."))
    values = IndicatorValue.objects.select_for_update().filter(
        indicator__objective__programme=reporting_year.programme, year=reporting_year.year
    ).in_bulk([d.value_id for d in decisions])
    errors: dict[int, str] = {}
    changed = []
    for decision in decisions:
        value = values.get(decision.value_id)
        comment = _clean_text(decision.comment)
        if value is None:
            errors[decision.value_id] = _("No such value in this year.")
        elif decision.action == "accept":
            if value.state != State.SUBMITTED:
                errors[value.pk] = _("Only submitted values can be accepted.")
                continue
            value.state, value.review_comment = State.ACCEPTED, comment
            value._change_reason = _("accepted")
            changed.append(value)
        elif decision.action == "return":
            if value.state not in (State.SUBMITTED, State.ACCEPTED):
                errors[value.pk] = _("Only submitted or accepted values can be returned.")
            elif not comment:
                errors[value.pk] = _("Say what needs correcting when returning a value.")
            else:
                value.state, value.review_comment = State.RETURNED, comment
                value._change_reason = _("returned")
                changed.append(value)
        else:
            errors[value.pk] = _("Unknown decision.")
    if errors:
        return errors
    for value in changed:
        value.version += 1
    bulk_update_with_history(
        changed, IndicatorValue, ["state", "review_comment", "version"], default_user=user
    )
    return {}


def _sync_review_state(user, reporting_year: ReportingYear) -> None:
    """Move an open year to "in review" once every assigned indicator's value is submitted or
    accepted. It stays in review when values are returned: organisations then change only
    the values returned to them (``_check_state_rules``) and submit them again."""
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    if reporting_year.state != YearState.OPEN:
        return
    programme = reporting_year.programme
    assigned = Indicator.objects.for_programme(programme).filter(
        reporting_organisation__isnull=False
    ).count()
    handed_in = IndicatorValue.objects.for_programme(programme).filter(
        year=reporting_year.year, indicator__reporting_organisation__isnull=False,
        state__in=[State.SUBMITTED, State.ACCEPTED],
    ).count()
    if assigned and handed_in == assigned:
        reporting_year.state = YearState.IN_REVIEW
        reporting_year._change_reason = _("all values submitted")
        reporting_year._history_user = user
        reporting_year.save()


def value_accept(*, user, value: IndicatorValue, reporting_year: ReportingYear) -> dict:
    return values_review(user=user, reporting_year=reporting_year,
                         decisions=[ReviewDecision(value.pk, "accept")])


def value_return(*, user, value: IndicatorValue, reporting_year: ReportingYear,
                 comment: str) -> dict:
    return values_review(user=user, reporting_year=reporting_year,
                         decisions=[ReviewDecision(value.pk, "return", comment)])


# --- the reporting year --------------------------------------------------------------------


@transaction.atomic
def year_open(*, user, programme: Programme, year: int, deadline: date | None) -> ReportingYear:
    """Open a year of a programme for data entry (coordinator only)."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator opens reporting years."))
    if not programme.first_year <= year <= programme.last_year:
        raise ValidationError(
            {"year": _("The year must lie within the programme's years (%(first)d–%(last)d).")
             % {"first": programme.first_year, "last": programme.last_year}}
        )
    if programme.reporting_years.filter(year=year).exists():
        raise ValidationError({"year": _("The year %(year)d is already open or reported.")
                               % {"year": year}})
    reporting_year = ReportingYear(programme=programme, year=year, deadline=deadline,
                                   state=YearState.OPEN)
    reporting_year._change_reason = _("opened")
    reporting_year._history_user = user
    reporting_year.save()
    return reporting_year


def year_blockers(reporting_year: ReportingYear) -> list[str]:
    """Why the year cannot be locked yet: values missing or not yet accepted."""
    programme = reporting_year.programme
    indicators = Indicator.objects.for_programme(programme).filter(
        reporting_organisation__isnull=False
    )
    total = indicators.count()
    states = defaultdict(int)
    for state in IndicatorValue.objects.for_programme(programme).filter(
        year=reporting_year.year
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


@transaction.atomic
def year_lock(
    *, user, reporting_year: ReportingYear, conclusion: str, accepted_by: str,
    accepted_on: date | None, prepared_on: date | None = None,
) -> ReportingYear:
    """Record the conclusion and the Mayor's acceptance and lock the year; every value must be
    accepted. After this the form and the services refuse edits until ``year_reopen``."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator locks reporting years."))
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    if reporting_year.is_locked:
        raise ValidationError(_("The year is already locked."))
    blockers = year_blockers(reporting_year)
    if blockers:
        raise ValidationError(blockers)
    if not accepted_by.strip():
        raise ValidationError({"accepted_by": _("Record who accepted the report.")})
    reporting_year.conclusion = conclusion.strip()
    reporting_year.accepted_by = accepted_by.strip()
    reporting_year.accepted_on = accepted_on or timezone.localdate()
    reporting_year.prepared_on = prepared_on or reporting_year.prepared_on or timezone.localdate()
    reporting_year.prepared_by = reporting_year.prepared_by or reporting_year.programme.coordinator
    reporting_year.state = YearState.ACCEPTED
    reporting_year.locked_by = user
    reporting_year._change_reason = _("locked")
    reporting_year._history_user = user
    reporting_year.save()
    return reporting_year


@transaction.atomic
def year_reopen(*, user, reporting_year: ReportingYear, reason: str) -> ReportingYear:
    """Reopen a locked (or published) year for corrections; the reason is required and kept in
    the year's history. Accepted values stay accepted until the coordinator returns them."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator reopens reporting years."))
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the year.")})
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    if not reporting_year.is_locked:
        raise ValidationError(_("The year is not locked."))
    reporting_year.state = YearState.OPEN
    reporting_year.published_at = None
    reporting_year.locked_by = None
    reporting_year.reopen_reason = reason
    reporting_year._change_reason = reason[:CHANGE_REASON_MAX_LENGTH]
    reporting_year._history_user = user
    reporting_year.save()
    return reporting_year


# --- progress and reminders ----------------------------------------------------------------


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
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in indicators], year=reporting_year.year
        ).only("indicator_id", "state", "review_comment")
    }
    overdue = reporting_year.is_overdue()
    progress: dict[int, OrganisationProgress] = {}
    for indicator in indicators:
        progress.setdefault(
            indicator.reporting_organisation_id,
            OrganisationProgress(indicator.reporting_organisation, overdue),
        ).add(indicator, values.get(indicator.pk))
    return sorted(progress.values(), key=lambda row: row.organisation.name)


def _recipients(organisation: Organisation) -> list[str]:
    addresses = [organisation.email] if organisation.email else []
    addresses += [
        user.email for user in organisation.users.filter(
            is_active=True, groups__name=roles.DATA_ENTRY).exclude(email="")
    ]
    return sorted(set(addresses))


def reminders_send(*, user, reporting_year: ReportingYear) -> list[tuple[Organisation, int]]:
    """E-mail every organisation that still owes values for this year, listing exactly what is
    missing. ``user`` is the coordinator, or ``None`` for the scheduled management command.
    Returns (organisation, number of missing items) for each organisation e-mailed."""
    if user is not None and not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator sends reminders."))
    if reporting_year.state not in (YearState.OPEN, YearState.IN_REVIEW):
        return []
    messages, sent = [], []
    with override(settings.LANGUAGE_CODE):
        for row in year_progress(reporting_year):
            recipients = _recipients(row.organisation)
            if not row.missing or not recipients:
                continue
            context = {"row": row, "reporting_year": reporting_year,
                       "overdue": reporting_year.is_overdue()}
            subject = _("Reminder: values for %(programme)s, %(year)d") % {
                "programme": reporting_year.programme, "year": reporting_year.year}
            body = render_to_string("indicators/reminder_email.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=recipients))
            sent.append((row.organisation, len(row.missing)))
    if messages:
        mailers.default.send_messages(messages)
    return sent
