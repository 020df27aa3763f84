"""Roles are Django groups; these are their names and the questions views ask about a user.

Every view, API endpoint and export asks these helpers (and the access helpers of the app whose
objects it touches: ``programs.access``, ``indicators.access``, ``reports.access``,
``consultations.access``) rather than checking groups inline, so a rule is written once.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinator"
DATA_ENTRY = "data_entry"
DEPARTMENT_HEAD = "department_head"
COUNCIL_MEMBER = "council_member"

ROLE_LABELS = {
    COORDINATOR: _("MOPR coordinator"),
    DATA_ENTRY: _("data entry"),
    DEPARTMENT_HEAD: _("department head"),
    COUNCIL_MEMBER: _("council member"),
}


def _groups(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_coordinator(user) -> bool:
    """Coordinators (and administrators) set up programmes and run the yearly cycle."""
    return user.is_authenticated and (user.is_superuser or COORDINATOR in _groups(user))


def is_department_head(user) -> bool:
    return DEPARTMENT_HEAD in _groups(user)


def is_council_member(user) -> bool:
    return COUNCIL_MEMBER in _groups(user)


def is_data_entry(user) -> bool:
    return DATA_ENTRY in _groups(user) and user.organisation_id is not None


def is_staff_reader(user) -> bool:
    """May read unpublished data of every organisation: coordinators and department heads."""
    return is_coordinator(user) or is_department_head(user)


def is_value_writer(user) -> bool:
    """May send values at all (the services then enforce the organisation, the year's state and
    every other rule): coordinators and data-entry users."""
    return is_coordinator(user) or is_data_entry(user)


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def require_staff_reader(user) -> None:
    if not is_staff_reader(user):
        raise PermissionDenied


def role_label(user) -> str:
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return str(_("administrator"))
    for name in (COORDINATOR, DEPARTMENT_HEAD, DATA_ENTRY, COUNCIL_MEMBER):
        if name in _groups(user):
            return str(ROLE_LABELS[name])
    return ""
