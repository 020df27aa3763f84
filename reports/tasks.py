"""Background rendering through Django's tasks API (``django.tasks``).

The project's backend is set in ``settings.TASKS`` (``TASKS_BACKEND``): with
``django_tasks_db.DatabaseBackend`` the worker (``manage.py db_worker``, started by ``make run``)
renders; with the immediate backend a requested render runs in a background thread of the web
process (``lib.rendering.request_render``).
"""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from lib.rendering import immediate_backend
from programs.models import EARLIEST_YEAR, Programme, ReportingYear
from reports.digests import send_due_digests
from reports.exporters import EXPORTERS
from reports.rendering import mark_failed, published_reports_render, render_and_store

logger = logging.getLogger(__name__)
# A pre-render waits this long after a change, so a burst of saves (an organisation entering its
# values row after row) is rendered once, in the state it reached.
PRERENDER_DELAY = timedelta(seconds=10)


@task
def render_report_task(
    programme_id: int, year: int, layout: str | None, file_format: str
) -> int | None:
    """Render one report file from the current data and store it; returns its id."""
    try:
        programme = Programme.objects.get(pk=programme_id)
        reporting_year = ReportingYear.objects.select_related("prepared_by").get(
            programme=programme, year=year
        )
        return render_and_store(
            programme, reporting_year, layout=layout, file_format=file_format
        ).pk
    except (Programme.DoesNotExist, ReportingYear.DoesNotExist):
        return None  # deleted in the meantime: nothing to render
    except Exception as error:
        logger.exception("Rendering report %s/%s (%s) failed", programme_id, year, file_format)
        mark_failed(programme_id, year, layout, file_format, repr(error))
        raise


@task
def prerender_programme_task(programme_id: int, from_year: int) -> int:
    """After a data change: render the default layout of every reporting year from ``from_year``
    on (a value also changes the judging of later years), both formats. Files whose content did
    not change are re-keyed, not rendered again, so a burst of changes costs one render per
    distinct state."""
    count = 0
    for reporting_year in ReportingYear.objects.filter(
        programme_id=programme_id, year__gte=from_year
    ).select_related("programme", "prepared_by"):
        for file_format in EXPORTERS:
            render_and_store(
                reporting_year.programme, reporting_year, layout=None, file_format=file_format
            )
            count += 1
    return count


@task
def prerender_published_task() -> int:
    """Render the published reports that have no file for the current data (queued by the
    worker when it starts; see ``rendering.published_reports_render``)."""
    return published_reports_render()


@task
def send_digests_task() -> int:
    """Send the e-mail digests that are due (queued by the worker every hour)."""
    return send_due_digests()


def prerender_enabled() -> bool:
    """Pre-rendering on data changes needs a real task backend: with the immediate one every
    saved value would wait for a PDF (reports then render when first asked for)."""
    return not immediate_backend()


def request_prerender(sender, programme_ids, from_year, **kwargs) -> None:
    """``programs.signals.data_changed`` receiver: queue the pre-render of the programmes'
    reports from ``from_year`` on. The task is queued inside the transaction of the change (a
    row of the database task backend): committed with it, or gone with it."""
    if not prerender_enabled():
        return
    deferred = prerender_programme_task.using(run_after=timezone.now() + PRERENDER_DELAY)
    for programme_id in programme_ids:
        deferred.enqueue(programme_id, from_year or EARLIEST_YEAR)
