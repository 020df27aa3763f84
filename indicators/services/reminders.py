"""Reminders: e-mail the organisations that are late with a year's values or have values
returned for correction — nobody else — listing exactly what is missing. Both the coordinator's
page and the ``send_reminders`` command show the preview (``reminder_preview``) first and send
(``reminders_send``) only what was confirmed."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import roles
from indicators.selectors import OrganisationProgress, year_progress
from programs.identity import current_identity
from programs.models import Organisation, ReportingYear

YearState = ReportingYear.State


def organisation_recipients(organisation: Organisation) -> list[str]:
    """Where an organisation's mail goes: its own address and its active data-entry users'."""
    addresses = [organisation.email] if organisation.email else []
    addresses += [
        user.email
        for user in organisation.users.filter(
            is_active=True, groups__name=roles.DATA_ENTRY
        ).exclude(email="")
    ]
    return sorted(set(addresses))


@dataclass
class Reminder:
    """Who would get a reminder, why, and what it lists."""

    progress: OrganisationProgress
    recipients: list[str]
    late: bool  # the deadline has passed and values are still missing
    returned: int  # values returned for correction

    @property
    def organisation(self) -> Organisation:
        return self.progress.organisation

    @property
    def missing(self) -> list:
        return self.progress.missing

    @property
    def can_send(self) -> bool:
        return bool(self.recipients)


def reminder_preview(reporting_year: ReportingYear) -> list[Reminder]:
    """The organisations a reminder is for: late ones (the deadline passed, values still
    missing) and those with values returned for correction. Organisations on time with nothing
    returned are left out, whatever they still owe. Those without an e-mail address are listed
    (``can_send`` is false) so the coordinator can call them."""
    if reporting_year.state not in (YearState.OPEN, YearState.IN_REVIEW):
        return []
    reminders = []
    for row in year_progress(reporting_year):
        late = row.late and bool(row.missing)
        if not (late or row.returned):
            continue
        reminders.append(Reminder(row, organisation_recipients(row.organisation), late,
                                  row.returned))
    return reminders


def reminders_send(
    *, user, reporting_year: ReportingYear, organisation_ids=None
) -> list[tuple[Organisation, int]]:
    """E-mail the organisations of ``reminder_preview`` — only those of ``organisation_ids``
    when given (what the coordinator confirmed), never one the preview leaves out. ``user`` is
    the coordinator, or ``None`` for the scheduled management command. Returns (organisation,
    number of missing items) for each organisation e-mailed."""
    if user is not None and not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator sends reminders."))
    wanted = None if organisation_ids is None else {int(pk) for pk in organisation_ids}
    messages, sent = [], []
    identity = current_identity()
    with override(settings.LANGUAGE_CODE):
        for reminder in reminder_preview(reporting_year):
            if not reminder.can_send or (
                wanted is not None and reminder.organisation.pk not in wanted
            ):
                continue
            context = {
                "row": reminder.progress,
                "reporting_year": reporting_year,
                "overdue": reporting_year.is_overdue(),
                "identity": identity,
            }
            subject = _("Reminder: values for %(programme)s, %(year)d") % {
                "programme": reporting_year.programme,
                "year": reporting_year.year,
            }
            body = render_to_string("indicators/reminder_email.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=reminder.recipients))
            sent.append((reminder.organisation, len(reminder.missing)))
    if messages:
        mailers.default.send_messages(messages)
    return sent
