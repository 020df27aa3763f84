"""Finding a report's file for a download, and requesting its render when there is none.

``report_file`` is what a download costs: with unchanged data, one indexed lookup (the file
keyed by the programme's current data version and the layout's version) — no report is built.
Otherwise the report is built once to see whether a kept file has the same content (it is then
re-keyed and served); only new content is rendered, never inside the request
(``lib.rendering.request_render``): the page says the file is being prepared.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lib.rendering import request_render
from programs.models import ReportingYear
from programs.services import data_version
from reports.builder import Report, build_report, layout_version
from reports.models import RenderedReport
from reports.rendering import current_file, rekey, report_files
from reports.tasks import render_report_task

Status = RenderedReport.Status


@dataclass
class ReportFile:
    """A download's answer: the kept file (ready, pending or failed) and, where it was built on
    the way, the report (the "being prepared" page shows its title)."""

    rendered: RenderedReport
    report: Report | None = None


def report_file(
    reporting_year: ReportingYear, *, layout: str | None, file_format: str
) -> ReportFile:
    """The report's file for the current data: ready, or the pending (or failed) record of a
    render requested now unless one is already under way."""
    ready = current_file(reporting_year, layout, file_format)
    if ready is not None:
        return ReportFile(ready)
    programme = reporting_year.programme
    version = data_version(programme, reporting_year.year)
    report = build_report(programme, reporting_year, layout)
    fingerprint = report.fingerprint(file_format)
    files = report_files(programme.pk, reporting_year.year, layout or "", file_format)
    rendered = files.filter(fingerprint=fingerprint).first()
    if rendered is not None and rendered.is_ready:
        rekey(rendered, version)
        return ReportFile(rendered, report)
    if rendered is not None and rendered.status == Status.PENDING and not rendered.is_lost():
        return ReportFile(rendered, report)
    if rendered is not None and rendered.is_failed:
        return ReportFile(rendered, report)  # the page offers to try again (``retry_render``)
    if rendered is None:
        try:
            with transaction.atomic():
                rendered = RenderedReport.objects.create(
                    programme=programme,
                    year=reporting_year.year,
                    requested_layout=layout or "",
                    layout=report.layout,
                    file_format=file_format,
                    fingerprint=fingerprint,
                    data_version=version,
                    layout_version=layout_version(),
                )
        except IntegrityError:  # another request asked for the same render a moment ago
            return ReportFile(files.get(fingerprint=fingerprint), report)
    else:  # lost: ask again
        RenderedReport.objects.filter(pk=rendered.pk).update(requested_at=timezone.now())
    request_render(render_report_task, programme.pk, reporting_year.year, layout, file_format)
    rendered.refresh_from_db()
    return ReportFile(rendered, report)


def retry_render(rendered: RenderedReport) -> None:
    RenderedReport.objects.filter(pk=rendered.pk).update(
        status=Status.PENDING, error="", requested_at=timezone.now()
    )
    request_render(
        render_report_task,
        rendered.programme_id,
        rendered.year,
        rendered.requested_layout or None,
        rendered.file_format,
    )
