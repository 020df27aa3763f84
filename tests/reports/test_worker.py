"""The task worker (``manage.py db_worker``, reports' own): idle polls take no lock, and the
published reports are rendered before anybody asks for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from programs.models import ReportingYear
from reports.management.commands import db_worker
from reports.models import RenderedReport
from reports.rendering import published_reports_render

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default"]}}


@pytest.fixture
def only_ours_published(published):
    """The test's own published report; the demo's (large) one set aside for speed."""
    ReportingYear.objects.published().exclude(programme=published[0]).update(
        state=ReportingYear.State.ACCEPTED)
    return published


def worker(**options) -> db_worker.Worker:
    return db_worker.Worker(
        queue_names=["default"], interval=0, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
        **{"prerender": False, "batch": True} | options,
    )


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    # Closing the connection would end the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_published_reports_missing_for_the_current_data_are_rendered_once(only_ours_published):
    programme, _year = only_ours_published
    assert published_reports_render() == 2  # PDF and XLSX
    ready = RenderedReport.objects.filter(programme=programme, status="ready")
    assert sorted(ready.values_list("file_format", flat=True)) == ["pdf", "xlsx"]
    assert published_reports_render() == 0  # already there for this data


def test_an_idle_worker_looks_with_one_plain_read(database_tasks, db):
    with CaptureQueriesContext(connection) as queries:
        worker().run()
    statements = [query["sql"].upper() for query in queries]
    assert len(statements) == 1, statements
    assert statements[0].startswith("SELECT") and "FOR UPDATE" not in statements[0]


def test_a_starting_worker_renders_the_published_reports(database_tasks, only_ours_published):
    programme, _year = only_ours_published
    worker(prerender=True).run()
    task = DBTaskResult.objects.get(task_path="reports.tasks.prerender_published_task")
    assert task.status == "SUCCESSFUL" and task.return_value == 2
    assert RenderedReport.objects.filter(programme=programme, status="ready").count() == 2


def test_a_running_worker_queues_the_digests_once_an_hour(database_tasks, db, monkeypatch):
    running = worker(batch=False)
    clock = [1000.0]
    monkeypatch.setattr(db_worker.time, "monotonic", lambda: clock[0])
    running.queue_digests_when_due()
    running.queue_digests_when_due()
    digest_tasks = DBTaskResult.objects.filter(task_path="reports.tasks.send_digests_task")
    assert digest_tasks.count() == 1
    clock[0] += db_worker.DIGEST_CHECK_SECONDS
    running.queue_digests_when_due()
    assert digest_tasks.count() == 2
