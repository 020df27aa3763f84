"""Who may read which yearly report (PDF, XLSX, the printable view)."""

from django.core.exceptions import PermissionDenied

from accounts import roles
from programs.access import get_reporting_year_for_user
from programs.models import ReportingYear


def can_download_draft_reports(user) -> bool:
    """Reports of years not yet published (drafts, or accepted but not published) are for the
    coordinator and department heads only. Data-entry users are refused on purpose: a draft report
    holds every organisation's values, unreviewed ones included, and they see their own values
    in data entry anyway."""
    return roles.is_staff_reader(user)


def get_report_year_for_user(user, slug: str, year: int) -> ReportingYear:
    """The reporting year whose report the user may read: published ones for everybody (also
    without logging in), the others for ``can_download_draft_reports`` users. 404 when the user
    may not even see the year, 403 when they see it but may not have its report."""
    reporting_year = get_reporting_year_for_user(
        user, slug, year, related=("programme", "prepared_by")
    )
    if not reporting_year.is_published and not can_download_draft_reports(user):
        raise PermissionDenied
    return reporting_year
