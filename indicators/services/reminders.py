"""Reminders: e-mail every organisation that still owes values of a year, listing exactly what
is missing (the coordinator's button and the daily ``send_reminders`` command)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import roles
from indicators.selectors import year_progress
from programs.identity import current_identity
from programs.models import Organisation, ReportingYear

YearState = ReportingYear.State


def _recipients(organisation: Organisation) -> list[str]:
    addresses = [organisation.email] if organisation.email else []
    addresses += [
        user.email
        for user in organisation.users.filter(
            is_active=True, groups__name=roles.DATA_ENTRY
        ).exclude(email="")
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
    identity = current_identity()
    with override(settings.LANGUAGE_CODE):
        for row in year_progress(reporting_year):
            recipients = _recipients(row.organisation)
            if not row.missing or not recipients:
                continue
            context = {
                "row": row,
                "reporting_year": reporting_year,
                "overdue": reporting_year.is_overdue(),
                "identity": identity,
            }
            subject = _("Reminder: values for %(programme)s, %(year)d") % {
                "programme": reporting_year.programme,
                "year": reporting_year.year,
            }
            body = render_to_string("indicators/reminder_email.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=recipients))
            sent.append((row.organisation, len(row.missing)))
    if messages:
        mailers.default.send_messages(messages)
    return sent
