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


# Consultations: coordinators record and decide, department heads read, the public sees the list
# and published reports.


def get_consultation_record_for_staff(user, model, pk: int, *, write: bool = False):
    """A consultation, submission or proposal (``model``) for the staff pages.

    Department heads may read, only coordinators write; others get PermissionDenied, a bad id 404.
    """
    if not (roles.is_coordinator(user) if write else roles.is_staff_reader(user)):
        raise PermissionDenied
    return get_object_or_404(model, pk=pk)


def get_consultation_report_for_user(user, pk: int):
    """A consultation whose report the user may read: published ones for everyone, any for staff
    readers (a preview before publication); otherwise 404."""
    from consultations.models import Consultation  # consultations depends on this module

    consultations = Consultation.objects.all()
    if not roles.is_staff_reader(user):
        consultations = consultations.filter(status=Consultation.Status.REPORT_PUBLISHED)
    return get_object_or_404(consultations, pk=pk)


def get_entry_organisation(user, organisation_id):
    """The organisation whose values the user opens on the entry page.

    Data-entry users get their own organisation (asking for another one is refused);
    coordinators and department heads may open any (``organisation_id`` required, 404 if
    unknown); other roles are refused.
    """
    from programs.models import Organisation

    if roles.is_data_entry(user) and not roles.is_staff_reader(user):
        if organisation_id not in (None, "", str(user.organisation_id), user.organisation_id):
            raise PermissionDenied
        return user.organisation
    if not roles.is_staff_reader(user):
        raise PermissionDenied
    try:
        return get_object_or_404(Organisation, pk=int(organisation_id))
    except (TypeError, ValueError):
        raise Http404 from None


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
    programme = get_programme_for_user(user, slug)
    try:
        reporting_year = (
            visible_years(user, programme)
            .select_related("programme", "prepared_by")
            .get(year=year)
        )
    except ReportingYear.DoesNotExist:
        raise Http404 from None
    if not reporting_year.is_published and not can_download_draft_reports(user):
        raise PermissionDenied
    return reporting_year


# Dashboards: read-only for everybody. Years follow ``value_years_visible`` (staff and data-entry
# users every year; council members and the public published and diagnosis years); who is late
# is for coordinators and department heads; a value's history (names, unreviewed versions) for
# them and for the data-entry users of the organisation that reports it.


def dashboard_value_years(user, programme) -> set[int] | None:
    """``value_years_visible`` from the programme's already-loaded reporting years: no query."""
    if can_see_unpublished(user):
        return None
    published = {year.year for year in programme.reporting_years.all() if year.is_published}
    return published | set(range(1990, programme.first_year))


def can_see_completeness(user) -> bool:
    return roles.is_staff_reader(user)


def can_see_value_history(user, indicator) -> bool:
    return roles.is_staff_reader(user) or (
        roles.is_data_entry(user) and indicator.reporting_organisation_id == user.organisation_id
    )


def get_dashboard_indicator_for_user(user, slug: str, indicator_id: int):
    """An indicator of a programme the user may see (programme prefetched with its years)."""
    from indicators.models import Indicator  # indicators depends on programs, as this module

    programme = get_object_or_404(
        visible_programmes(user).prefetch_related("reporting_years"), slug=slug
    )
    indicator = get_object_or_404(
        Indicator.objects.select_related("objective", "reporting_organisation").filter(
            objective__programme=programme
        ),
        pk=indicator_id,
    )
    indicator.objective.programme = programme
    return indicator


# The API and open data: the same rules as the pages, as queryset filters over many programmes
# (a list endpoint cannot call ``value_years_visible`` once per programme and stay constant).


def visible_reporting_years(user):
    """Reporting years of every programme the user may open, as ``visible_years`` would give
    them programme by programme (a queryset)."""
    years = ReportingYear.objects.filter(programme__in=visible_programmes(user))
    if can_see_unpublished(user):
        return years
    return years.filter(state=ReportingYear.State.PUBLISHED)


def visible_values(user, values):
    """``values`` (an IndicatorValue queryset) narrowed to what ``value_years_visible`` allows:
    every year for staff and data-entry users; for the others (the public, council members)
    published reporting years and diagnosis years before the programme started — and only of
    programmes ``visible_programmes`` shows them."""
    from django.db.models import Exists, F, OuterRef, Q

    programme = "indicator__objective__programme"
    values = values.filter(**{f"{programme}__in": visible_programmes(user)})
    if can_see_unpublished(user):
        return values
    published = ReportingYear.objects.filter(
        programme=OuterRef(programme),
        year=OuterRef("year"),
        state=ReportingYear.State.PUBLISHED,
    )
    return values.filter(
        Q(Exists(published)) | Q(year__lt=F(f"{programme}__first_year")) & Q(year__gte=1990)
    )


def can_write_values(user) -> bool:
    """May the user send values at all (the API's first check; ``indicators.services`` then
    enforces the organisation, the year's state and every other rule)."""
    return roles.is_coordinator(user) or roles.is_data_entry(user)
