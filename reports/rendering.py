"""Rendering a yearly report and keeping the file: the one place a report's PDF or XLSX is made
(the background task, the render command and the tests' inline renders all come here).

The data version is read first and the report built after it, so a change committed in between
makes the file newer than its key, never older. A file whose content is unchanged (same
fingerprint) is re-keyed to the new version instead of rendered again.
"""

import io
import time

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from pypdf import PdfReader

from programs.models import DataVersion, Programme, ReportingYear
from programs.services import data_version
from reports.builder import build_report, layout_version
from reports.exporters import EXPORTERS
from reports.models import RenderedReport

Status = RenderedReport.Status


def report_files(programme_id: int, year: int, requested_layout: str, file_format: str):
    """The kept files of one report (a queryset)."""
    return RenderedReport.objects.filter(
        programme_id=programme_id,
        year=year,
        requested_layout=requested_layout,
        file_format=file_format,
    )


def rekey(rendered: RenderedReport, version: int) -> None:
    """The same content is the file of a newer data version too (never of an older one: a
    concurrent render may have keyed it newer already)."""
    RenderedReport.objects.filter(pk=rendered.pk).filter(
        Q(data_version__isnull=True) | Q(data_version__lt=version)
    ).update(data_version=version, layout_version=layout_version())
    rendered.data_version = version


def current_file(reporting_year: ReportingYear, layout: str | None, file_format: str):
    """The ready file made from the current data, or ``None``: one query."""
    version = DataVersion.objects.filter(
        programme=OuterRef("programme"), year=OuterRef("year")
    ).values("version")[:1]
    return (
        report_files(reporting_year.programme_id, reporting_year.year, layout or "", file_format)
        .filter(status=Status.READY, layout_version=layout_version())
        .filter(data_version=Coalesce(Subquery(version), Value(0)))
        .only("status", "filename", "content_type", "content")
        .first()
    )


def render_and_store(
    programme: Programme, reporting_year: ReportingYear, *, layout: str | None, file_format: str
) -> RenderedReport:
    """The report's file for the current data, rendered now if no kept file has the same
    content; superseded files of the same report are deleted."""
    requested = layout or ""
    version = data_version(programme, reporting_year.year)
    report = build_report(programme, reporting_year, layout)
    fingerprint = report.fingerprint(file_format)
    files = report_files(programme.pk, reporting_year.year, requested, file_format)
    existing = files.filter(fingerprint=fingerprint, status=Status.READY).first()
    if existing is not None:
        rekey(existing, version)
        return existing
    started_at = timezone.now()
    started = time.perf_counter()
    filename, content_type, content = EXPORTERS[file_format](report).render()
    pages = len(PdfReader(io.BytesIO(content)).pages) if file_format == "pdf" else None
    with transaction.atomic():
        rendered, _created = RenderedReport.objects.update_or_create(
            programme=programme,
            year=reporting_year.year,
            requested_layout=requested,
            file_format=file_format,
            fingerprint=fingerprint,
            defaults={
                "layout": report.layout,
                "data_version": version,
                "layout_version": layout_version(),
                "status": Status.READY,
                "filename": filename,
                "content_type": content_type,
                "content": content,
                "size": len(content),
                "pages": pages,
                "render_seconds": time.perf_counter() - started,
                "error": "",
                "finished_at": timezone.now(),
            },
        )
        files.exclude(pk=rendered.pk).exclude(
            status=Status.PENDING, requested_at__gt=started_at
        ).delete()
    return rendered


def mark_failed(
    programme_id: int, year: int, layout: str | None, file_format: str, error: str
) -> None:
    report_files(programme_id, year, layout or "", file_format).filter(
        status=Status.PENDING
    ).update(status=Status.FAILED, error=error[:2000], finished_at=timezone.now())


def published_reports_render() -> int:
    """Render (synchronously) every published report whose file for the current data is missing:
    the default layout, PDF and XLSX, as the council downloads them. The worker does this when
    it starts (a new release changes the layout's version) and ``make run`` before it serves, so
    nobody meets the "being prepared" page for a published report. Returns how many files it
    rendered or re-keyed."""
    rendered = 0
    years = ReportingYear.objects.published().exclude(programme__status=Programme.Status.DRAFT)
    for reporting_year in years.select_related("programme", "prepared_by").order_by("pk"):
        for file_format in EXPORTERS:
            if current_file(reporting_year, None, file_format) is None:
                render_and_store(
                    reporting_year.programme, reporting_year, layout=None, file_format=file_format
                )
                rendered += 1
    return rendered
