"""``manage.py db_worker``: django-tasks-db's worker, with idle polls that take no lock, and the
published reports rendered when it starts.

The package's worker looks for a task once per ``--interval`` inside an exclusive transaction.
On SQLite that is the database's one write lock, taken every second by an idle worker, and each
request that writes meanwhile has to wait for it. This worker first looks with a plain read (an
indexed query outside any transaction: no lock at all) and opens the exclusive transaction only
when a task is waiting, for the moment of claiming it, as the package does. An idle worker thus
never holds the lock; a busy one holds it for one short claim per task.

When it starts, the worker queues ``prerender_published_task``: a published report whose file
for the current data is missing (a new release changes the layout's fingerprint) is rendered
before the council asks for it. Every hour (and at start) it queues ``send_digests_task``, which
sends the e-mail digests that are due (``reports.digests``).

A worker killed in the middle of a task (a deployment's restart, the OOM killer, a power cut)
leaves the task RUNNING for good: nobody would run it again. When a worker starts it puts such
tasks back in the queue (``recover_abandoned_tasks``): those whose worker was on this host and
is gone (the worker's id names the host and process, ``<host>:<pid>:<random>``), and those
started longer ago than any render takes (``settings.RENDER_SECONDS_MAX``), whoever ran them.
Every task of ours renders a file from the current data, so running one twice is harmless.

Django finds this command before the package's because ``reports`` comes before
``django_tasks_db`` in ``INSTALLED_APPS``. The options are the package's, plus
``--no-prerender``.
"""

import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker as package
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from reports.tasks import prerender_published_task, send_digests_task

logger = logging.getLogger("django_tasks_db")
DIGEST_CHECK_SECONDS = 3600


def _host() -> str:
    return socket.gethostname()[:40]


def default_worker_id() -> str:
    """``<host>:<pid>:<random>``: unique, and tells a starting worker whether the process that
    claimed a task is still alive."""
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"


def _process_gone(worker_id: str) -> bool:
    """Whether the worker with this id ran on this host and its process no longer exists."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != _host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def recover_abandoned_tasks(backend_name: str) -> int:
    """Put back in the queue the RUNNING tasks whose worker died (see the module's docstring);
    returns how many."""
    too_old = timezone.now() - timedelta(seconds=settings.RENDER_SECONDS_MAX)
    abandoned = [
        task.pk
        for task in DBTaskResult.objects.running().filter(backend_name=backend_name)
        if (task.started_at is not None and task.started_at < too_old)
        or (task.worker_ids and _process_gone(task.worker_ids[-1]))
    ]
    if abandoned:
        DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None)
        logger.warning("Requeued %d task(s) left running by a stopped worker", len(abandoned))
    return len(abandoned)


class Worker(package.Worker):
    def __init__(self, *, prerender: bool, recover: bool = False, **options):
        super().__init__(**options)
        self.prerender = prerender
        self.recover = recover
        self.next_digest_check = 0.0

    def queue_digests_when_due(self) -> None:
        """Queue the digest task once an hour (the task itself knows who is due)."""
        if self.batch or time.monotonic() < self.next_digest_check:
            return
        self.next_digest_check = time.monotonic() + DIGEST_CHECK_SECONDS
        try:
            send_digests_task.using(backend=self.backend_name).enqueue()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            self.next_digest_check = 0.0  # the database was busy: try on the next poll

    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim_next(self) -> tuple[DBTaskResult | None, bool]:
        """The next ready task, claimed for this worker, or ``None``; and whether the queue
        could be read (``False`` when the database stayed locked beyond its timeout)."""
        tasks = self.ready_tasks()
        try:
            if not tasks.exists():
                return None, True
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    # Claimed in the same transaction, so no other worker runs it too.
                    task_result.claim(self.worker_id)
            return task_result, True
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False  # it unlocks eventually: look again after the interval
            raise

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        if self.recover:
            recover_abandoned_tasks(self.backend_name)
        if self.prerender:
            prerender_published_task.using(backend=self.backend_name).enqueue()
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads the first polls of many workers
        while self.running:
            close_old_connections()
            self.queue_digests_when_due()
            task_result, looked = self.claim_next()
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch and looked:
                logger.info(
                    "No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id
                )
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.",
                    self._run_tasks,
                    self.worker_id,
                )
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(package.Command):
    help = (
        "Run the database task worker (report rendering): idle polls take no lock; "
        "published reports missing for the current data are rendered when it starts."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # The package's default is a random string fixed when the module is imported.
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--no-prerender",
            action="store_false",
            dest="prerender",
            help="Do not queue the rendering of missing published reports at start.",
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        prerender,
        **options,
    ) -> None:
        # As the package's command, with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise package.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id or default_worker_id(),
            excluded_queue_names=excluded_queue_names,
            prerender=prerender,
            recover=True,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloader's child runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
