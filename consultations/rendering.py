"""Rendering the consultation report's PDF and keeping it (the background task and the tests'
inline renders come here); superseded files of the consultation are deleted."""

import time

from django.db import transaction
from django.utils import timezone

from consultations.models import Consultation, RenderedConsultationReport
from consultations.report import ConsultationReportPDF, pdf_fingerprint, report_html

Status = RenderedConsultationReport.Status


def render_and_store(consultation: Consultation) -> RenderedConsultationReport:
    """The report's PDF for the current data, rendered now unless a kept one has the same
    source."""
    html = report_html(consultation, for_pdf=True)
    fingerprint = pdf_fingerprint(html)
    files = RenderedConsultationReport.objects.filter(consultation=consultation)
    existing = files.filter(fingerprint=fingerprint, status=Status.READY).first()
    if existing is not None:
        return existing
    started_at = timezone.now()
    started = time.perf_counter()
    filename, content_type, content = ConsultationReportPDF(consultation, html=html).render()
    with transaction.atomic():
        rendered, _created = RenderedConsultationReport.objects.update_or_create(
            consultation=consultation,
            fingerprint=fingerprint,
            defaults={
                "status": Status.READY,
                "filename": filename,
                "content_type": content_type,
                "content": content,
                "size": len(content),
                "render_seconds": time.perf_counter() - started,
                "error": "",
                "finished_at": timezone.now(),
            },
        )
        files.exclude(pk=rendered.pk).exclude(
            status=Status.PENDING, requested_at__gt=started_at
        ).delete()
    return rendered


def mark_failed(consultation_id: int, error: str) -> None:
    RenderedConsultationReport.objects.filter(
        consultation_id=consultation_id, status=Status.PENDING
    ).update(status=Status.FAILED, error=error[:2000], finished_at=timezone.now())
