"""The consultation report's PDF, rendered in the background (``django.tasks``), like the yearly
report's (``reports.tasks``)."""

import logging

from django.tasks import task

from consultations.models import Consultation
from consultations.rendering import mark_failed, render_and_store

logger = logging.getLogger(__name__)


@task
def render_consultation_report_task(consultation_id: int) -> int | None:
    """Render the report's PDF from the current data and keep it; returns its id."""
    try:
        return render_and_store(Consultation.objects.get(pk=consultation_id)).pk
    except Consultation.DoesNotExist:
        return None
    except Exception as error:
        logger.exception("Rendering the report of consultation %s failed", consultation_id)
        mark_failed(consultation_id, repr(error))
        raise
