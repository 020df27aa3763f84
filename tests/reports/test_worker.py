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

def _dead_pid() -> int:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_render_whose_worker_was_killed_is_run_again_when_a_worker_starts(
        database_tasks, only_ours_published):
    from reports.tasks import render_report_task

    programme, reporting_year = only_ours_published
    render_report_task.using(backend="default").enqueue(
        programme.pk, reporting_year.year, None, "pdf")
    task = DBTaskResult.objects.get(task_path="reports.tasks.render_report_task")
    # A worker on this host claimed it and was killed mid-render (kill -9: nothing cleaned up).
    task.claim(f"{db_worker._host()}:{_dead_pid()}:killed00")
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    worker(recover=True).run()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert RenderedReport.objects.filter(programme=programme, file_format="pdf",
                                         status="ready").exists()


def test_a_running_task_of_a_live_worker_is_left_alone(database_tasks, db):
    import os
    from datetime import timedelta

    from django.utils import timezone

    from reports.tasks import prerender_published_task

    prerender_published_task.using(backend="default").enqueue()
    task = DBTaskResult.objects.get()
    task.claim(f"{db_worker._host()}:{os.getpid()}:alive000")  # this process: alive
    assert db_worker.recover_abandoned_tasks("default") == 0
    # ...unless it has run longer than any render takes (its worker hangs, or is elsewhere).
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - timedelta(seconds=3600))
    assert db_worker.recover_abandoned_tasks("default") == 1
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"


def test_a_pending_file_is_requested_again_after_a_render_plus_a_minute(settings, db):
    from datetime import timedelta

    from django.utils import timezone

    settings.RENDER_SECONDS_MAX = 60
    pending = RenderedReport(status=RenderedReport.Status.PENDING)
    pending.requested_at = timezone.now() - timedelta(seconds=110)
    assert not pending.is_lost()
    pending.requested_at = timezone.now() - timedelta(seconds=125)
    assert pending.is_lost()  # the next download (the page refreshes itself) asks again
