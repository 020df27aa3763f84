"""Access helpers: one per object type, returning the object or raising 404/PermissionDenied.

Views, the API and the exporters call these; permission checks are never copied inline.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from programs.models import Programme, ReportingYear


def can_see_unpublished(user) -> bool:
    """Staff and data-entry users see years that are not yet published; others only published."""
    return roles.is_staff_reader(user) or roles.is_data_entry(user)


def visible_programmes(user):
    """Programmes the user may open: all for logged-in staff, otherwise those with a published
    year or adopted/finished status (the public sees what the council adopted)."""
    programmes = Programme.objects.all()
    if can_see_unpublished(user):
        return programmes
    return programmes.exclude(status=Programme.Status.DRAFT)


def visible_years(user, programme):
    """The programme's reporting years the user may see (a queryset)."""
    years = programme.reporting_years.all()
    if can_see_unpublished(user):
        return years
    return years.filter(state=ReportingYear.State.PUBLISHED)


def filter_years(user, reporting_years) -> list:
    """Like ``visible_years`` for already-loaded (prefetched) years: no query."""
    if can_see_unpublished(user):
        return list(reporting_years)
    return [year for year in reporting_years if year.is_published]


def value_years_visible(user, programme) -> set[int] | None:
    """Years whose values the user may read; ``None`` means every year.

    The public and council members see values only of published reporting years — and diagnosis
    years (before the programme started), which were published with the programme itself.
    """
    if can_see_unpublished(user):
        return None
    published = set(
        programme.reporting_years.filter(state=ReportingYear.State.PUBLISHED).values_list(
            "year", flat=True
        )
    )
    return published | set(range(1990, programme.first_year))


def get_programme_for_user(user, slug: str) -> Programme:
    """The programme with this slug, or 404 if the user may not see it."""
    return get_object_or_404(visible_programmes(user), slug=slug)


def get_reporting_year_for_user(user, slug: str, year: int) -> ReportingYear:
    programme = get_programme_for_user(user, slug)
    try:
        return visible_years(user, programme).select_related("programme").get(year=year)
    except ReportingYear.DoesNotExist:
        raise Http404 from None


def require_coordinator(user) -> None:
    if not roles.is_coordinator(user):
        raise PermissionDenied
