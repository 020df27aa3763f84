"""What the dashboards show beyond what ``programs.access`` and ``indicators.access`` allow."""

from accounts import roles


def can_see_completeness(user) -> bool:
    """Who is late with which values: coordinators and department heads."""
    return roles.is_staff_reader(user)
