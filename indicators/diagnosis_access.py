"""Who may mark diagnosis rows as monitored yearly, who enters their values, and who reads the
values organisations entered (``programs.DiagnosisValue``).

Built on ``programs.access`` and ``indicators.access``, as the rules of indicator values are:

- marking rows and choosing their organisation is the coordinator's (the role that sets up
  programmes and opens years);
- a row's value for a reporting year is entered by the row's reporting organisation (or a
  coordinator for it) while the year takes entries: data-entry users while it is open for
  entry, coordinators until it is locked;
- an entered value is read by staff readers at once, by the data-entry users of the row's
  organisation at once, by other data-entry users once the year is locked, and by everybody else
  (council members, the public) once the year is published — what they see of indicator values.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from accounts import roles
from indicators import access
from programs import access as programs_access
from programs.models import DiagnosisValue, Programme, ReportingYear


def get_monitoring_programme_for_user(user, slug: str) -> Programme:
    """The programme whose diagnosis rows the coordinator marks: 403 for other roles, 404 for
    a programme the user cannot see."""
    roles.require_coordinator(user)
    return programs_access.get_programme_for_user(user, slug)


def diagnosis_change_refusal(user, reporting_year: ReportingYear) -> str | None:
    """Why the user may not change the year's diagnosis values, or ``None`` when they may."""
    if not roles.is_value_writer(user):
        return _("Your role does not allow changing values.")
    if reporting_year.is_locked:
        return _("The year %(year)d is locked: values cannot be changed until it is reopened.") % {
            "year": reporting_year.year}
    if roles.is_coordinator(user) or reporting_year.state == ReportingYear.State.OPEN:
        return None
    return _("The year is in review: diagnosis data can no longer be changed. Ask the "
             "coordinator if a value needs correcting.")


def require_diagnosis_editable(user, reporting_year: ReportingYear, organisation) -> None:
    """The first check of every write of diagnosis values (raises ``PermissionDenied``)."""
    refusal = diagnosis_change_refusal(user, reporting_year)
    if refusal is not None:
        raise access.EntryClosed(refusal)
    access.require_organisation_access(user, organisation)


def entered_value_visibility(user, programme: Programme) -> Callable[[DiagnosisValue], bool]:
    """Whether the user may read an entered value of this programme (its row loaded), as a
    function: the rule above. Uses the programme's reporting years (prefetched: no query)."""
    if roles.is_staff_reader(user):
        return lambda value: True
    states = {year.year: year for year in programme.reporting_years.all()}
    own = user.organisation_id if roles.is_data_entry(user) else None
    sees_locked = programs_access.can_see_unpublished(user)

    def visible(value: DiagnosisValue) -> bool:
        if own is not None and value.row.reporting_organisation_id == own:
            return True
        reporting_year = states.get(value.year)
        if reporting_year is None:
            return False
        return reporting_year.is_locked if sees_locked else reporting_year.is_published

    return visible

