"""Submitting values for review, and the coordinator's review (accept / return).

Both move values through their states in bulk, with history and an audit event per value,
and keep the reporting year's state in step (``_sync_review_state``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from simple_history.utils import bulk_update_with_history

from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot
from indicators import access
from indicators.inputs import CHANGE_REASON_MAX_LENGTH, ReviewDecision
from indicators.judging import Status, judge_indicators
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import assigned_indicators, programmes_using
from indicators.services.reminders import organisation_recipients
from lib.text import FREE_TEXT_MAX_LENGTH, clean_text
from programs.identity import current_identity
from programs.models import Objective, Organisation, ReportingYear
from programs.services import programme_data_changed

Action = AuditEvent.Action
State = IndicatorValue.State
YearState = ReportingYear.State


@dataclass
class SubmitResult:
    errors: dict[int, list[str]] = field(default_factory=dict)
    # The field each indicator's problem concerns ("value" or "deviation_assessment"), so a
    # form can show the message beside it.
    fields: dict[int, str] = field(default_factory=dict)
    submitted: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def submission_problems(
    reporting_year: ReportingYear, indicators: list[Indicator], values: dict[int, IndicatorValue],
    fields: dict[int, str] | None = None,
) -> dict[int, list[str]]:
    """What stops these indicators' values from being submitted: missing values, and (where the
    programme asks for it) a missing deviation assessment for a value that misses its target.
    ``fields``, when given, is filled with the field each problem concerns."""
    fields = {} if fields is None else fields
    programme = reporting_year.programme
    judgements = (
        judge_indicators(indicators, reporting_year.year)
        if programme.uses_deviation_assessment
        else {}
    )
    problems: dict[int, list[str]] = {}
    for indicator in indicators:
        value = values.get(indicator.pk)
        if value is None:
            problems[indicator.pk] = [_("Enter the value or choose “no data”.")]
            fields[indicator.pk] = "value"
            continue
        if programme.uses_deviation_assessment and not value.deviation_assessment:
            if judgements[indicator.pk].status == Status.NOT_MET:
                problems[indicator.pk] = [
                    _(
                        "The target is not met: give a short assessment of the deviation and a "
                        "corrective plan."
                    )
                ]
                fields[indicator.pk] = "deviation_assessment"
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
    by_measure = {indicator.measure_id: indicator for indicator in indicators}
    values = {}
    for value in IndicatorValue.objects.select_for_update().filter(
        measure_id__in=list(by_measure), year=reporting_year.year
    ):
        value.indicator = by_measure[value.measure_id]
        values[value.indicator.pk] = value
    result.errors = submission_problems(reporting_year, indicators, values, result.fields)
    if result.errors:
        return result
    to_submit = [v for v in values.values() if v.state in (State.DRAFT, State.RETURNED)]
    trail = AuditTrail(user=user)
    for value in to_submit:
        before = snapshot(value)
        value.state = State.SUBMITTED
        value.version += 1
        trail.changed(Action.VALUE_CHANGED, value, before,
                      comment=pgettext("value state", "submitted"))
    IndicatorValue.objects.filter(pk__in=[v.pk for v in to_submit]).update(
        state=State.SUBMITTED, version=F("version") + 1
    )
    # No reason in the value's history: the change of state is shown there already.
    IndicatorValue.history.bulk_history_create(to_submit, update=True, default_user=user)
    result.submitted = len(to_submit)
    _sync_review_state(user, reporting_year, trail)
    trail.save()
    if to_submit:
        programme_data_changed(
            programmes=[reporting_year.programme,
                        *programmes_using({value.measure_id for value in to_submit})],
            from_year=reporting_year.year)
    return result


@transaction.atomic
def values_review(
    *, user, reporting_year: ReportingYear, decisions: list[ReviewDecision], site_url: str = ""
) -> dict[int, str]:
    """Accept or return values (coordinator only), all in one transaction. A return needs a
    comment, which the organisation sees on its form and receives by e-mail. A decision on a
    value changed since the page showed it (``ReviewDecision.version``) is refused. Returns
    errors by value id; nothing changes if any. Once the transaction commits, each organisation
    with values returned gets one e-mail with the comments and a link to its form
    (``site_url``, e.g. ``https://monitoring.example.pl``, makes the link absolute)."""
    access.require_reviewer(user)
    if reporting_year.is_locked:
        raise access.EntryClosed(_("The year is locked: reopen it to change the review."))
    # A shared value is one record: deciding it here decides it for every programme using it.
    indicator_of = {
        indicator.measure_id: indicator
        for indicator in Indicator.objects.for_programme(reporting_year.programme)
        .filter(measure__values__pk__in=[d.value_id for d in decisions])
    }
    values = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .filter(measure_id__in=list(indicator_of), year=reporting_year.year)
        .in_bulk([d.value_id for d in decisions])
    )
    for value in values.values():
        value.indicator = indicator_of[value.measure_id]
    locks = access.shared_year_locks(reporting_year, indicator_of.values())
    before = {pk: snapshot(value) for pk, value in values.items()}
    errors: dict[int, str] = {}
    changed = []
    for decision in decisions:
        value = values.get(decision.value_id)
        comment = clean_text(decision.comment)
        if value is None:
            errors[decision.value_id] = _("No such value in this year.")
        elif len(comment) > FREE_TEXT_MAX_LENGTH:
            errors[value.pk] = _("Write the comment in at most %(n)d characters (now %(count)d).") \
                % {"n": FREE_TEXT_MAX_LENGTH, "count": len(comment)}
        elif decision.version is not None and decision.version != value.version:
            errors[value.pk] = _(
                "This value changed after you opened the page (it was corrected or decided "
                "meanwhile): check it and decide again."
            )
        elif decision.action == "accept":
            if value.state != State.SUBMITTED:
                errors[value.pk] = _("Only submitted values can be accepted.")
                continue
            value.state, value.review_comment = State.ACCEPTED, comment
            # The history shows the new state; its reason is the reviewer's comment, if any.
            value._change_reason = _history_reason(comment) or None
            value._audit_comment = pgettext("value state", "accepted")
            changed.append(value)
        elif decision.action == "return":
            if value.state not in (State.SUBMITTED, State.ACCEPTED):
                errors[value.pk] = _("Only submitted or accepted values can be returned.")
            elif locks.get(value.measure_id):
                errors[value.pk] = access.shared_lock_message(
                    reporting_year.year, locks[value.measure_id])
            elif not comment:
                errors[value.pk] = _("Say what needs correcting when returning a value.")
            else:
                value.state, value.review_comment = State.RETURNED, comment
                value._change_reason = _history_reason(comment)
                value._audit_comment = pgettext("value state", "returned")
                changed.append(value)
        else:
            errors[value.pk] = _("Unknown decision.")
    if errors:
        return errors
    trail = AuditTrail(user=user)
    for value in changed:
        value.version += 1
        audit_comment = value._audit_comment
        if comment := value.review_comment:
            audit_comment = f"{audit_comment}: {comment}"
        trail.changed(Action.VALUE_CHANGED, value, before[value.pk], comment=audit_comment)
    bulk_update_with_history(
        changed, IndicatorValue, ["state", "review_comment", "version"], default_user=user
    )
    trail.save()
    if changed:
        programme_data_changed(
            programmes=[reporting_year.programme,
                        *programmes_using({value.measure_id for value in changed})],
            from_year=reporting_year.year)
    returned = [value for value in changed if value.state == State.RETURNED]
    if returned:
        transaction.on_commit(lambda: _mail_returned(reporting_year, returned, site_url))
    return {}


def _mail_returned(reporting_year: ReportingYear, returned: list[IndicatorValue],
                   site_url: str) -> None:
    """One e-mail per organisation whose values were returned: each value with the
    coordinator's comment, and the link to its entry form (sent after the commit)."""
    by_organisation: dict[int, list[IndicatorValue]] = {}
    for value in returned:
        by_organisation.setdefault(value.indicator.reporting_organisation_id, []).append(value)
    organisations = Organisation.objects.in_bulk(
        [pk for pk in by_organisation if pk is not None])
    entry = reverse("value_entry", args=[reporting_year.programme.slug, reporting_year.year])
    messages = []
    identity = current_identity()
    with override(settings.LANGUAGE_CODE):
        for pk, values in by_organisation.items():
            organisation = organisations.get(pk)
            recipients = organisation_recipients(organisation) if organisation else []
            if not recipients:
                continue
            codes = dict(Objective.objects.filter(
                pk__in={value.indicator.objective_id for value in values}).values_list(
                "pk", "code"))
            body = render_to_string("indicators/returned_email.txt", {
                "organisation": organisation, "reporting_year": reporting_year,
                "values": [(codes.get(value.indicator.objective_id, ""), value)
                           for value in values],
                "link": f"{site_url.rstrip('/')}{entry}#returned",
                "identity": identity,
            })
            subject = _("Returned for correction: %(programme)s, %(year)d") % {
                "programme": reporting_year.programme, "year": reporting_year.year}
            messages.append(EmailMessage(subject=subject, body=body, to=recipients))
    if messages:
        mailers.default.send_messages(messages)


def _history_reason(comment: str) -> str:
    """The reviewer's comment as the history's reason, within the history's 100 characters
    (the whole comment stays in ``review_comment`` and the audit log)."""
    if len(comment) <= CHANGE_REASON_MAX_LENGTH:
        return comment
    return comment[: CHANGE_REASON_MAX_LENGTH - 1] + "…"


def _sync_review_state(user, reporting_year: ReportingYear, trail: AuditTrail) -> None:
    """Move an open year to "in review" once every assigned indicator's value is submitted or
    accepted. It stays in review when values are returned: organisations then change only
    the values returned to them (``_check_state_rules``) and submit them again."""
    reporting_year = (
        ReportingYear.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=reporting_year.pk)
    )
    if reporting_year.state != YearState.OPEN:
        return
    programme = reporting_year.programme
    assigned = (
        Indicator.objects.for_programme(programme)
        .filter(reporting_organisation__isnull=False)
        .count()
    )
    handed_in = (
        IndicatorValue.objects.filter(
            measure__in=Indicator.objects.for_programme(programme)
            .filter(reporting_organisation__isnull=False).values("measure_id"),
            year=reporting_year.year,
            state__in=[State.SUBMITTED, State.ACCEPTED],
        )
        .count()
    )
    if assigned and handed_in == assigned:
        before = snapshot(reporting_year)
        reporting_year.state = YearState.IN_REVIEW
        reporting_year._change_reason = _("all values submitted")
        reporting_year._history_user = user
        reporting_year.save()
        trail.changed(Action.YEAR_STATE_CHANGED, reporting_year, before,
                      comment=reporting_year._change_reason)

