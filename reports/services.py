"""Rendering reports and keeping the files: the web download, the command and the task all go
through ``render_and_store`` and ``rendered_or_requested``.

Rendering never happens inside a web request: a missing file is *requested* (a pending row plus a
task). With a database task backend (``django_tasks_db``) a worker renders it; with the immediate
backend (a small install with no worker) it renders inline in a background thread of the web
process, so gunicorn's request timeout can never end a render.
"""

import io
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from pypdf import PdfReader

from programs.models import Programme, ReportingYear
from reports.builder import Report, build_report
from reports.exporters import EXPORTERS
from reports.models import RenderedReport

# A pending render older than this is assumed lost (worker killed) and is requested again.
STALE_AFTER = timedelta(minutes=10)


def immediate_backend() -> bool:
    """Whether tasks run inline where they are enqueued (no worker)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def render_in_background() -> bool:
    """Whether a requested render leaves the request: always with a real task backend, and with
    the immediate backend unless ``REPORTS_RENDER_INLINE`` asks for same-request rendering
    (the tests do, to stay deterministic)."""
    if not immediate_backend():
        return True
    return not getattr(settings, "REPORTS_RENDER_INLINE", False)


def report_key(report: Report, file_format: str) -> dict:
    return {"year": report.year, "layout": report.layout, "file_format": file_format}


def rendered_file(programme: Programme, report: Report, file_format: str):
    """The stored file made from exactly this data, or ``None``."""
    return (
        RenderedReport.objects.filter(
            programme=programme, fingerprint=report.fingerprint(file_format),
            **report_key(report, file_format),
        )
        .only("status", "filename", "content_type", "content", "error", "requested_at")
        .first()
    )


def render_and_store(programme: Programme, reporting_year: ReportingYear, *, layout: str | None,
                     file_format: str) -> RenderedReport:
    """Render the report from the current data and keep it (synchronously); reuse a stored file
    made from the same data. Superseded files of the same report are deleted."""
    report = build_report(programme, reporting_year, layout)
    fingerprint = report.fingerprint(file_format)
    existing = rendered_file(programme, report, file_format)
    if existing is not None and existing.status == RenderedReport.Status.READY:
        return existing
    started_at = timezone.now()
    started = time.perf_counter()
    filename, content_type, content = EXPORTERS[file_format]().render(report)
    pages = len(PdfReader(io.BytesIO(content)).pages) if file_format == "pdf" else None
    with transaction.atomic():
        rendered, _created = RenderedReport.objects.update_or_create(
            programme=programme, fingerprint=fingerprint, **report_key(report, file_format),
            defaults={
                "status": RenderedReport.Status.READY,
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
        RenderedReport.objects.filter(
            programme=programme, **report_key(report, file_format)
        ).exclude(pk=rendered.pk).exclude(
            status=RenderedReport.Status.PENDING, requested_at__gt=started_at
        ).delete()
    return rendered


def published_reports_render() -> int:
    """Render (synchronously) every published report whose file for the current data is missing:
    the default layout, PDF and XLSX, as the council downloads them. The worker does this when
    it starts (a new release changes the layout's fingerprint) and ``make run`` before it
    serves, so nobody meets the "being prepared" page for a published report. Returns how many
    files it rendered."""
    rendered = 0
    years = ReportingYear.objects.published().exclude(programme__status=Programme.Status.DRAFT)
    for reporting_year in years.select_related("programme", "prepared_by").order_by("pk"):
        programme = reporting_year.programme
        report = build_report(programme, reporting_year, None)
        for file_format in EXPORTERS:
            existing = rendered_file(programme, report, file_format)
            if existing is None or existing.status != RenderedReport.Status.READY:
                render_and_store(programme, reporting_year, layout=None, file_format=file_format)
                rendered += 1
    return rendered


def rendered_or_requested(programme: Programme, reporting_year: ReportingYear, report: Report,
                          file_format: str) -> RenderedReport:
    """The stored file for this data if it is ready; otherwise the pending (or failed) record of
    a render that is requested now, unless one is already under way."""
    rendered = rendered_file(programme, report, file_format)
    if rendered is not None and rendered.status == RenderedReport.Status.READY:
        return rendered
    if rendered is not None and rendered.status == RenderedReport.Status.PENDING:
        if timezone.now() - rendered.requested_at < STALE_AFTER:
            return rendered
        RenderedReport.objects.filter(pk=rendered.pk).update(requested_at=timezone.now())
    elif rendered is None:
        try:
            with transaction.atomic():
                rendered = RenderedReport.objects.create(
                    programme=programme, fingerprint=report.fingerprint(file_format),
                    **report_key(report, file_format),
                )
        except IntegrityError:  # another request asked for the same render a moment ago
            return rendered_file(programme, report, file_format)
    else:
        return rendered  # failed: the page offers to try again (``retry_render``)
    dispatch_render(programme.pk, reporting_year.year, report.layout, file_format)
    rendered.refresh_from_db()
    return rendered


def retry_render(rendered: RenderedReport) -> None:
    RenderedReport.objects.filter(pk=rendered.pk).update(
        status=RenderedReport.Status.PENDING, error="", requested_at=timezone.now()
    )
    dispatch_render(rendered.programme_id, rendered.year, rendered.layout, rendered.file_format)


def dispatch_render(programme_id: int, year: int, layout: str | None, file_format: str) -> None:
    from reports.tasks import render_report_task

    def enqueue():
        render_report_task.enqueue(programme_id, year, layout, file_format)

    if not render_in_background():
        enqueue()  # immediate backend asked to render in the request (tests)
    elif immediate_backend():
        transaction.on_commit(lambda: _start_thread(enqueue))
    else:
        transaction.on_commit(enqueue)


def _start_thread(function) -> None:
    def run():
        try:
            function()
        finally:
            close_old_connections()
            from django.db import connection

            connection.close()

    threading.Thread(target=run, name="report-render", daemon=True).start()


def mark_failed(programme_id: int, year: int, layout: str | None, file_format: str,
                error: str) -> None:
    RenderedReport.objects.filter(
        programme_id=programme_id, year=year, file_format=file_format,
        status=RenderedReport.Status.PENDING, **({"layout": layout} if layout else {}),
    ).update(status=RenderedReport.Status.FAILED, error=error[:2000],
             finished_at=timezone.now())
