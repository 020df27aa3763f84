"""The register of measures: every measure with the programmes using it and its values over the
years (coordinators and department heads), its spreadsheet, a measure's page, and the
coordinator's page of proposals to link indicators of different programmes to one measure."""

from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from indicators.formatting import format_value
from indicators.measures import link_proposals, measure_register, register_years
from indicators.models import Indicator, Measure
from indicators.services import measures as measure_services
from lib.xlsxfile import XLSX_CONTENT_TYPE, table_bytes
from programs.models import Organisation, Programme


class RegisterFilters(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("first_year", "title"), required=False,
        to_field_name="slug", label=gettext_lazy("Programme"),
        empty_label=gettext_lazy("every programme"),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(measures__isnull=False).distinct().order_by("name"),
        required=False, label=gettext_lazy("Reporting organisation"),
        empty_label=gettext_lazy("every organisation"),
    )
    q = forms.CharField(required=False, max_length=200, label=gettext_lazy("Search"))
    shared = forms.BooleanField(required=False, label=gettext_lazy("Only shared measures"))


def _register(request):
    roles.require_staff_reader(request.user)
    filters = RegisterFilters(request.GET)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    programme = cleaned.get("programme")
    organisation = cleaned.get("organisation")
    rows = measure_register(
        request.user, programme=programme.slug if programme else "",
        organisation=organisation.pk if organisation else None, search=cleaned.get("q", ""),
    )
    if cleaned.get("shared"):
        rows = [row for row in rows if row.is_shared]
    return filters, rows


# Measures on one page of the register (a city's programmes count several hundred).
PAGE_SIZE = 50


@login_required
@require_safe
def measure_list(request):
    """Every measure, its unit and organisation, the programmes using it and its values by year,
    a page of ``PAGE_SIZE`` at a time (the filters stay in the page links); the year columns
    are the years any page's measures have values for."""
    filters, rows = _register(request)
    years = register_years(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.cells = [row.values.get(year) for year in years]
    return render(request, "indicators/measures.html", {
        # dashboards/_filters.html draws ``filterset.form`` (the dashboards' django-filter
        # shape): the same filter bar.
        "filterset": SimpleNamespace(form=filters), "rows": page.object_list, "page": page,
        "years": years,
        "export_query": request.GET.urlencode(),
        "can_link": roles.is_coordinator(request.user),
    })


@login_required
@require_safe
def measure_export(request):
    """The register as filtered, as XLSX: one row per measure, a column per year."""
    _filters, rows = _register(request)
    years = register_years(rows)
    header = [_("measure"), _("unit"), _("reporting organisation"), _("programmes"),
              _("statistics reference (MRPiPS-03)"), *[str(year) for year in years]]
    table = []
    for row in rows:
        measure = row.measure
        cells = [
            measure.name,
            str(measure.get_unit_display()) if measure.unit else "",
            measure.reporting_organisation.name if measure.reporting_organisation else "",
            ", ".join(str(programme) for programme in row.programmes),
            measure.statistics_reference,
        ]
        for year in years:
            value = row.values.get(year)
            if value is None:
                cells.append(None)
            elif value.number is not None:
                cells.append(value.number)
            else:
                cells.append(format_value(value))
        table.append(cells)
    response = HttpResponse(table_bytes(_("Measures"), header, table),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="rejestr-miar.xlsx"'
    return response


@login_required
@require_safe
def measure_detail(request, pk):
    """One measure: its definition and references, the indicators using it (each programme's
    target) and its values over the years."""
    roles.require_staff_reader(request.user)
    measure = get_object_or_404(Measure.objects.select_related("reporting_organisation"), pk=pk)
    rows = measure_register(request.user, measure_ids=[measure.pk])
    if not rows:
        raise Http404
    row = rows[0]
    return render(request, "indicators/measure_detail.html", {
        "measure": measure, "row": row,
        "values": [(year, row.values[year]) for year in row.years],
        "can_link": roles.is_coordinator(request.user),
    })


@login_required
def measure_proposals(request):
    """The coordinator's page: indicators of a programme that match a measure of another
    programme (name, unit, organisation), each with a button to link it. Nothing is linked
    unless the coordinator asks."""
    roles.require_coordinator(request.user)
    programmes = list(Programme.objects.order_by("first_year", "title"))
    slug = request.GET.get("programme") or request.POST.get("programme") or ""
    programme = next((p for p in programmes if p.slug == slug), None)
    if request.method == "POST":
        indicator = get_object_or_404(Indicator, pk=_int(request.POST.get("indicator")))
        measure = get_object_or_404(Measure, pk=_int(request.POST.get("measure")))
        try:
            measure_services.indicator_link(user=request.user, indicator=indicator,
                                            measure=measure)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Linked: „%(indicator)s” now shares the values of "
                                        "the measure „%(measure)s”.")
                             % {"indicator": indicator.name, "measure": measure.name})
        return redirect(f"{reverse('measure_proposals')}?programme={slug}")
    return render(request, "indicators/measure_proposals.html", {
        "programmes": programmes, "programme": programme,
        "proposals": link_proposals(programme) if programme else [],
    })


@login_required
@require_POST
def indicator_unlink(request, pk):
    """Give an indicator a measure of its own again (with a copy of the values)."""
    roles.require_coordinator(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    shared_pk = indicator.measure_id
    try:
        measure = measure_services.indicator_unlink(user=request.user, indicator=indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("measure_detail", pk=shared_pk)
    messages.success(request, _("Unlinked: „%(indicator)s” has a measure of its own, with a "
                                "copy of the values.") % {"indicator": indicator.name})
    return redirect("measure_detail", pk=measure.pk)


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise Http404 from None
