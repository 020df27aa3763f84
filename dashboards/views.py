"""Dashboards: read-only pages on progress against targets, trends and completeness.

Who sees what (``programs.access``, ``indicators.access``, ``dashboards.access``): coordinators
and department heads every year and who is late; data-entry users every year (as on the
programme page) and the history of their own organisation's values; council members and
visitors without an account published years (and the diagnosis years) only.
"""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dashboards import access
from indicators import access as indicators_access
from indicators.formatting import format_number, format_target
from indicators.judging import Status
from indicators.models import Indicator
from programs import access as programs_access
from programs.models import Organisation, ReportingYear
from programs.services import data_version

from .charts import chart_img, status_bar_chart, trend_chart
from .filters import OrganisationDashboardFilter, ProgrammeDashboardFilter
from .selectors import (
    default_year,
    diagnosis_years_with_values,
    indicator_trend,
    organisation_overview,
    programme_dashboard,
    value_history_by_year,
)

_UNDER_WAY = (ReportingYear.State.OPEN, ReportingYear.State.IN_REVIEW)


def _open_year(reporting_years, year: int | None):
    """The year whose completeness is shown: the chosen one if still under way, otherwise the
    latest one under way."""
    under_way = [ry for ry in reporting_years if ry.state in _UNDER_WAY]
    chosen = [ry for ry in under_way if ry.year == year]
    return (chosen or sorted(under_way, key=lambda ry: ry.year, reverse=True) or [None])[0]


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


PAGE_FRAGMENTS = ("dashboard-top", "dashboard-body")


@require_safe
def programme(request, slug):
    programme = programs_access.get_programme_for_user(request.user, slug)
    # The page shows the same to every viewer of a kind (who may see unpublished years, whose
    # unreviewed values, who may see completeness) for the same data and filters: drawn once per
    # data version. A data-entry user's kind is its organisation: it sees its own drafts only.
    page_key = ":".join(map(str, (
        data_version(programme), programs_access.can_see_unpublished(request.user),
        indicators_access.unreviewed_scope(request.user),
        access.can_see_completeness(request.user), get_language(), request.GET.urlencode(),
    )))
    if all(cache.get(make_template_fragment_key(name, [page_key])) is not None
           for name in PAGE_FRAGMENTS):
        return render(request, "dashboards/programme.html",
                      {"programme": programme, "page_key": page_key})
    return render(request, "dashboards/programme.html",
                  {"page_key": page_key, **_programme_page(request, programme)})


def _programme_page(request, programme) -> dict:
    """What the programme's dashboard shows: the goals' statuses in the chosen year, the
    indicators of one status, the completeness of the open year."""
    prefetch_related_objects([programme], "reporting_years")
    reporting_years = programs_access.filter_years(request.user, programme.reporting_years.all())
    # The diagnosis years (before the programme began, published with it) can be looked at
    # too; without a reporting year the viewer may see, the latest of them is shown.
    diagnosis_years = diagnosis_years_with_values(programme)
    years = sorted({ry.year for ry in reporting_years} | set(diagnosis_years), reverse=True)
    fallback = default_year(reporting_years) or max(diagnosis_years, default=None)
    # The select shows the year the page reports: an unbound year is the default one.
    data = request.GET.copy()
    if not data.get("year") and fallback is not None:
        data["year"] = str(fallback)
    filterset = ProgrammeDashboardFilter(
        data, queryset=Indicator.objects.all(), programme=programme, years=years
    )
    year = _int_or_none(filterset.value("year")) or fallback
    goal, source = filterset.value("goal"), filterset.value("funding_source")
    status = filterset.value("status") or ""
    open_year = (
        _open_year(reporting_years, year) if access.can_see_completeness(request.user) else None
    )
    dashboard = programme_dashboard(
        programme,
        user=request.user,
        year=year,
        indicators=filterset.qs if filterset.value("organisation") else None,
        goal_id=goal.pk if goal else None,
        funding_source_id=source.pk if source else None,
        status=status,
        completeness_year=open_year,
    )
    goal_counts = [goal.counts() for goal in dashboard.goals]
    chart = None
    # A chart with nothing to draw is a sentence instead (the template says why).
    if year is not None and any(counts.judged_total for counts in goal_counts):
        chart = chart_img(status_bar_chart(
            goal_counts,
            title=_("Indicators met, not met and not judgeable in %(year)s, by goal")
            % {"year": year},
        ))
    list_status = Status(status) if status else Status.NOT_MET
    return {
        "programme": programme,
        "filterset": filterset,
        "year": year,
        "reporting_year": next((ry for ry in reporting_years if ry.year == year), None),
        "is_diagnosis_year": year is not None and year < programme.first_year,
        "dashboard": dashboard,
        "goal_rows": list(zip(dashboard.goals, goal_counts, strict=True)),
        "totals": {s: dashboard.total(s) for s in (Status.MET, Status.NOT_MET,
                                                    Status.CANNOT_JUDGE, Status.NO_TARGET)},
        "chart": chart,
        "list_status": list_status,
        "list_rows": dashboard.rows(list_status),
        "open_year": open_year,
        "query": request.GET.urlencode(),
    }


@require_safe
def indicator(request, slug, indicator_id):
    indicator = indicators_access.get_programme_indicator_for_user(request.user, slug, indicator_id)
    programme = indicator.objective.programme
    trend = indicator_trend(indicator, user=request.user)
    points = [(year, value.number) for year, value, _judgement in trend]
    target_text = format_target(indicator)
    chart = None
    if any(number is not None for _year, number in points):
        chart = chart_img(trend_chart(
            points,
            title=_("%(name)s: values by year") % {"name": indicator.name},
            description=_describe_trend(indicator, points, target_text),
            target=indicator.target_value,
            target_label=_("target: %(target)s") % {"target": target_text},
            series_label=_("value"),
        ))
    history = None
    if indicators_access.can_see_value_history(request.user, indicator):
        history = value_history_by_year(indicator, [year for year, _v, _j in trend])
    rows = [
        {"year": year, "value": value, "judgement": judgement,
         "diagnosis": year < programme.first_year,
         "history": (history or {}).get(year, [])}
        for year, value, judgement in reversed(trend)
    ]
    return render(request, "dashboards/indicator.html", {
        "programme": programme,
        "indicator": indicator,
        "chart": chart,
        "rows": rows,
        "show_history": history is not None,
        "has_history": any(row["history"] for row in rows),
        "target_text": target_text,
    })


def _describe_trend(indicator, points, target_text: str) -> str:
    def shown(number):
        return format_number(number, value_kind=indicator.value_kind, unit=indicator.unit)

    parts = [f"{year}: {shown(number) if number is not None else _('no number')}"
             for year, number in points]
    text = "; ".join(parts) + "."
    if target_text:
        text += " " + _("Target: %(target)s.") % {"target": target_text}
    return text


@require_safe
def organisation(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    programmes = programs_access.visible_programmes(request.user).prefetch_related(
        "reporting_years")
    programme_list = list(programmes)
    years = sorted(
        {ry.year for p in programme_list
         for ry in programs_access.filter_years(request.user, p.reporting_years.all())},
        reverse=True,
    )
    filterset = OrganisationDashboardFilter(request.GET, queryset=programmes, years=years)
    status = filterset.value("status") or ""
    overview = organisation_overview(
        organisation,
        programmes=filterset.qs,
        user=request.user,
        year=_int_or_none(filterset.value("year")),
        status=status,
    )
    chart = None
    if overview:
        counts = [item.counts() for item in overview]
        chart = chart_img(status_bar_chart(
            counts, title=_("Indicators of %(organisation)s by status, per programme")
            % {"organisation": organisation},
        ))
    return render(request, "dashboards/organisation.html", {
        "organisation": organisation,
        "filterset": filterset,
        "overview": overview,
        "chart": chart,
        "is_own": getattr(request.user, "organisation_id", None) == organisation.pk,
    })
