"""Report pages: the public list of published reports, the downloads and the printable view.

A download serves the stored file made from the current data at once; when there is none yet it
asks for a render (never rendering in the request) and answers with a page that refreshes itself
until the file is ready.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lib.rendering import rendering_page
from programs.models import ReportingYear
from reports import access, services
from reports.builder import LAYOUTS, build_report
from reports.exporters import render_document_html

REFRESH_SECONDS = 3


def _layout(request) -> str | None:
    layout = request.GET.get("layout")
    return layout if layout in LAYOUTS else None


@require_GET
def report_list(request):
    """Published reports by programme and year; staff also see the years still in progress."""
    years = ReportingYear.objects.select_related("programme").order_by(
        "programme__title", "programme_id", "-year"
    )
    if not access.can_download_draft_reports(request.user):
        years = years.published().exclude(programme__status="draft")
    rows: dict = {}
    for reporting_year in years:
        rows.setdefault(reporting_year.programme, []).append(reporting_year)
    return render(request, "reports/report_list.html", {"rows": list(rows.items())})


@require_GET
def report_download(request, slug: str, year: int, file_format: str):
    reporting_year = access.get_report_year_for_user(request.user, slug, year)
    found = services.report_file(reporting_year, layout=_layout(request), file_format=file_format)
    rendered = found.rendered
    if rendered.is_failed and request.GET.get("retry"):
        services.retry_render(rendered)
        rendered.refresh_from_db()
    if rendered.is_ready:
        response = HttpResponse(bytes(rendered.content), content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        response["Cache-Control"] = "public, max-age=300" if reporting_year.is_locked else "private"
        return response
    report = found.report or build_report(reporting_year.programme, reporting_year,
                                          _layout(request))
    return rendering_page(
        request, rendered, refresh_seconds=REFRESH_SECONDS, title=report.title,
        file_format=file_format,
        query=f"layout={rendered.requested_layout}" if rendered.requested_layout else "",
        back_url=reverse("reports:list"), back_label=_("← All reports"),
    )



@require_GET
def report_html(request, slug: str, year: int):
    """The printable HTML view: the same document as the PDF, with a screen stylesheet."""
    reporting_year = access.get_report_year_for_user(request.user, slug, year)
    report = build_report(reporting_year.programme, reporting_year, _layout(request))
    return HttpResponse(render_document_html(report, for_pdf=False, request=request))
