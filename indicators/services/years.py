"""The reporting year's cycle: opening a year for entry, locking it with the Mayor's acceptance
and what the document prints, publishing it to the council and the public (and withdrawing it
with a reason), reopening it for corrections (with the reason kept in its history). Each records
its audit event."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot
from indicators.inputs import CHANGE_REASON_MAX_LENGTH
from indicators.models import Indicator
from indicators.selectors import programmes_using, year_blockers
from lib.text import FREE_TEXT_MAX_LENGTH, clean_text
from programs.models import Organisation, Programme, ReportingYear
from programs.services import programme_data_changed

Action = AuditEvent.Action
YearState = ReportingYear.State


@transaction.atomic
def year_open(*, user, programme: Programme, year: int, deadline: date | None) -> ReportingYear:
    """Open a year of a programme for data entry (coordinator only)."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator opens reporting years."))
    if not programme.first_year <= year <= programme.last_year:
        raise ValidationError(
            {
                "year": _("The year must lie within the programme's years (%(first)d–%(last)d).")
                % {"first": programme.first_year, "last": programme.last_year}
            }
        )
    if programme.reporting_years.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The year %(year)d is already open or reported.") % {"year": year}}
        )
    reporting_year = ReportingYear(
        programme=programme, year=year, deadline=deadline, state=YearState.OPEN
    )
    reporting_year._change_reason = _("opened")
    reporting_year._history_user = user
    reporting_year.save()
    trail = AuditTrail(user=user)
    trail.created(Action.YEAR_STATE_CHANGED, reporting_year, comment=_("opened"))
    trail.save()
    programme_data_changed(programmes=[programme], from_year=year)
    return reporting_year


@transaction.atomic
def year_lock(
    *,
    user,
    reporting_year: ReportingYear,
    conclusion: str,
    accepted_by: str,
    accepted_on: date | None,
    prepared_on: date | None = None,
    prepared_by: Organisation | None = None,
    signatory_name: str | None = None,
    signatory_title: str | None = None,
) -> ReportingYear:
    """Record what the report prints — the conclusion, who prepared it and when (the month and
    year of ``prepared_on``), the signatory and position, the Mayor's acceptance — and lock the
    year; every value must be accepted. After this the form and the services refuse edits until
    ``year_reopen``. Fields given as ``None`` keep what the year holds."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator locks reporting years."))
    reporting_year = _locked_for_update(reporting_year)
    if reporting_year.is_locked:
        raise ValidationError(_("The year is already locked."))
    blockers = year_blockers(reporting_year)
    if blockers:
        raise ValidationError(blockers)
    conclusion, accepted_by = clean_text(conclusion), clean_text(accepted_by)
    if not accepted_by:
        raise ValidationError({"accepted_by": _("Record who accepted the report.")})
    _check_length(conclusion=conclusion, accepted_by=accepted_by)
    before = snapshot(reporting_year)
    reporting_year.conclusion = conclusion
    reporting_year.accepted_by = accepted_by
    reporting_year.accepted_on = accepted_on or timezone.localdate()
    reporting_year.prepared_on = prepared_on or reporting_year.prepared_on or timezone.localdate()
    reporting_year.prepared_by = (
        prepared_by or reporting_year.prepared_by or reporting_year.programme.coordinator
    )
    if signatory_name is not None:
        reporting_year.signatory_name = clean_text(signatory_name)
    if signatory_title is not None:
        reporting_year.signatory_title = clean_text(signatory_title)
    reporting_year.state = YearState.ACCEPTED
    reporting_year.locked_by = user
    reporting_year._change_reason = _("locked")
    reporting_year._history_user = user
    reporting_year.save()
    _record_change(user, reporting_year, before)
    return reporting_year


@transaction.atomic
def year_reopen(*, user, reporting_year: ReportingYear, reason: str) -> ReportingYear:
    """Reopen a locked (or published) year for corrections; the reason is required and kept in
    the year's history. Accepted values stay accepted until the coordinator returns them."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator reopens reporting years."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the year.")})
    _check_length(reason=reason)
    reporting_year = _locked_for_update(reporting_year)
    if not reporting_year.is_locked:
        raise ValidationError(_("The year is not locked."))
    before = snapshot(reporting_year)
    reporting_year.state = YearState.OPEN
    reporting_year.published_at = None
    reporting_year.published_by = None
    reporting_year.locked_by = None
    reporting_year.reopen_reason = reason
    reporting_year._change_reason = reason[:CHANGE_REASON_MAX_LENGTH]
    reporting_year._history_user = user
    reporting_year.save()
    _record_change(user, reporting_year, before)
    return reporting_year


def _check_length(**texts: str) -> None:
    """Free texts within their limits (the model's own for a short field, else
    ``FREE_TEXT_MAX_LENGTH``), as the forms say it, also for the API and the shell."""
    limits = {"accepted_by": ReportingYear._meta.get_field("accepted_by").max_length}
    errors = {}
    for name, text in texts.items():
        limit = limits.get(name) or FREE_TEXT_MAX_LENGTH
        if len(text) > limit:
            errors[name] = _("Write at most %(n)d characters (now %(count)d).") % {
                "n": limit, "count": len(text)}
    if errors:
        raise ValidationError(errors)
@transaction.atomic
def year_publish(*, user, reporting_year: ReportingYear) -> ReportingYear:
    """Publish an accepted year (coordinator only): from now on its report and values are
    public — in ``/reports/``, the PDF and XLSX downloads, the open data — for council members
    and visitors without an account. Records who and when."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator publishes reports."))
    reporting_year = _locked_for_update(reporting_year)
    if reporting_year.state == YearState.PUBLISHED:
        raise ValidationError(_("The report is already published."))
    if reporting_year.state != YearState.ACCEPTED:
        raise ValidationError(
            _("Only an accepted and locked year can be published: record the acceptance first.")
        )
    before = snapshot(reporting_year)
    reporting_year.state = YearState.PUBLISHED
    reporting_year.published_at = timezone.now()
    reporting_year.published_by = user
    reporting_year._change_reason = _("published")
    reporting_year._history_user = user
    reporting_year.save()
    _record_change(user, reporting_year, before)
    return reporting_year


@transaction.atomic
def year_unpublish(*, user, reporting_year: ReportingYear, reason: str) -> ReportingYear:
    """Withdraw a published report (coordinator only): the year stays accepted and locked, the
    report is no longer public. The reason is required; it is kept on the year, in its history
    and in the audit log."""
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator withdraws published reports."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the report.")})
    _check_length(reason=reason)
    reporting_year = _locked_for_update(reporting_year)
    if reporting_year.state != YearState.PUBLISHED:
        raise ValidationError(_("The report is not published."))
    before = snapshot(reporting_year)
    reporting_year.state = YearState.ACCEPTED
    reporting_year.published_at = None
    reporting_year.published_by = None
    reporting_year.unpublish_reason = reason
    reporting_year._change_reason = (
        _("withdrawn: %(reason)s") % {"reason": reason}
    )[:CHANGE_REASON_MAX_LENGTH]
    reporting_year._history_user = user
    reporting_year.save()
    trail = AuditTrail(user=user)
    trail.changed(Action.YEAR_STATE_CHANGED, reporting_year, before,
                  comment=_("withdrawn: %(reason)s") % {"reason": reason})
    trail.save()
    programme_data_changed(programmes=_sharing(reporting_year.programme),
                           from_year=reporting_year.year)
    return reporting_year


def _locked_for_update(reporting_year: ReportingYear) -> ReportingYear:
    """The year read again under a row lock (with its programme, for the audit event's label)."""
    return (
        ReportingYear.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=reporting_year.pk)
    )


def _record_change(user, reporting_year: ReportingYear, before: dict) -> None:
    """The change's audit event and new data version (the report shows the year's state)."""
    trail = AuditTrail(user=user)
    trail.changed(Action.YEAR_STATE_CHANGED, reporting_year, before,
                  comment=reporting_year._change_reason)
    trail.save()
    programme_data_changed(programmes=_sharing(reporting_year.programme),
                           from_year=reporting_year.year)


def _sharing(programme) -> list:
    """The programme and those sharing a measure with it: a shared value is visible to the
    public once any of them publishes its year (``indicators.access.visible_values``), and the
    lock rule follows the year's state, so their pages change too."""
    return [programme, *programmes_using(
        Indicator.objects.for_programme(programme).values_list("measure_id", flat=True))]
