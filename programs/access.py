"""Who may see which programmes and reporting years (404 for what a user may not see).

The rules of the other apps' objects build on these: values (``indicators.access``), reports
(``reports.access``), consultations (``consultations.access``). Views, the API and the exporters
call the helpers; permission checks are never copied inline.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from programs.models import EARLIEST_YEAR, Programme, ReportingYear


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
    return years.published()


def filter_years(user, reporting_years) -> list:
    """Like ``visible_years`` for already-loaded (prefetched) years: no query."""
    if can_see_unpublished(user):
        return list(reporting_years)
    return [year for year in reporting_years if year.is_published]


def visible_reporting_years(user):
    """Reporting years of every programme the user may open, as ``visible_years`` would give
    them programme by programme (a queryset)."""
    years = ReportingYear.objects.filter(programme__in=visible_programmes(user))
    if can_see_unpublished(user):
        return years
    return years.published()


def value_years_visible(user, programme) -> set[int] | None:
    """Years whose values the user may read; ``None`` means every year.

    The public and council members see values only of published reporting years — and diagnosis
    years (before the programme started), which were published with the programme itself. Uses
    the programme's prefetched reporting years when there are (no query then).
    """
    if can_see_unpublished(user):
        return None
    published = {year.year for year in programme.reporting_years.all() if year.is_published}
    return published | set(range(EARLIEST_YEAR, programme.first_year))


def get_programme_for_user(user, slug: str) -> Programme:
    """The programme with this slug, or 404 if the user may not see it."""
    return get_object_or_404(visible_programmes(user), slug=slug)


def get_reporting_year_for_user(user, slug: str, year: int, *, related=("programme",)):
    """The programme's reporting year, or 404 if the user may not see the programme or it."""
    programme = get_programme_for_user(user, slug)
    try:
        return visible_years(user, programme).select_related(*related).get(year=year)
    except ReportingYear.DoesNotExist:
        raise Http404 from None
