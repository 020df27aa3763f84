"""Background rendering through Django's tasks API (``django.tasks``).

The project's backend is set in ``settings.TASKS`` (``TASKS_BACKEND``): with
``django_tasks_db.DatabaseBackend`` the worker (``manage.py db_worker``, started by ``make run``)
renders; with the immediate backend the task runs inline (see ``reports.services``).
"""

import logging

from django.db import transaction
from django.tasks import task

from programs.models import Programme, ReportingYear
from reports import services
from reports.exporters import EXPORTERS

logger = logging.getLogger(__name__)


@task
def render_report_task(programme_id: int, year: int, layout: str | None,
                       file_format: str) -> int | None:
    """Render one report file from the current data and store it; returns its id."""
    try:
        programme = Programme.objects.get(pk=programme_id)
        reporting_year = ReportingYear.objects.select_related("prepared_by").get(
            programme=programme, year=year
        )
        return services.render_and_store(
            programme, reporting_year, layout=layout, file_format=file_format
        ).pk
    except (Programme.DoesNotExist, ReportingYear.DoesNotExist):
        return None  # deleted in the meantime: nothing to render
    except Exception as error:
        logger.exception("Rendering report %s/%s (%s) failed", programme_id, year, file_format)
        services.mark_failed(programme_id, year, layout, file_format, repr(error))
        raise


@task
def prerender_programme_task(programme_id: int, from_year: int) -> int:
    """After a data change: render the default layout of every reporting year from ``from_year``
    on (a value also changes the judging of later years), both formats. Files for unchanged data
    are reused, so a burst of changes costs one render per distinct state."""
    count = 0
    for reporting_year in ReportingYear.objects.filter(
        programme_id=programme_id, year__gte=from_year
    ).select_related("programme", "prepared_by"):
        for file_format in EXPORTERS:
            services.render_and_store(
                reporting_year.programme, reporting_year, layout=None, file_format=file_format
            )
            count += 1
    return count


@task
def prerender_published_task() -> int:
    """Render the published reports that have no file for the current data (queued by the
    worker when it starts; see ``services.published_reports_render``)."""
    return services.published_reports_render()


def prerender_enabled() -> bool:
    """Pre-rendering on data changes needs a real task backend: with the immediate one every
    saved value would wait for a PDF (reports then render when first asked for)."""
    return not services.immediate_backend()


def schedule_prerender(programme_id: int, from_year: int) -> None:
    """Queue a pre-render after the current transaction commits."""
    if not prerender_enabled():
        return
    transaction.on_commit(lambda: prerender_programme_task.enqueue(programme_id, from_year))
