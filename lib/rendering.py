"""Documents rendered in the background and kept, so that nobody waits for a render.

A PDF of a large programme takes seconds of CPU: it is never made inside a web request. A missing
file is *requested* — a pending row plus a task (``request_render``) — and the page says it is
being prepared; the task renders and stores it. With a database task backend
(``django_tasks_db``) a worker renders it; with the immediate backend (a small install without a
worker) the task runs in a background thread of the web process, after the request's
transaction commits, so gunicorn's timeout can never end a render. ``REPORTS_RENDER_INLINE``
(the tests) renders in the request instead.

``RenderedFile`` is the abstract model of a kept file; the yearly report and the consultation
report each have their concrete one with their own key. ``rendering_page`` is what a download
answers while its file is not ready.
"""

import hashlib
import threading
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.shortcuts import render
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def stale_after() -> timedelta:
    """A pending render older than this is assumed lost (its worker killed) and is requested
    again by the next download: the longest render (``settings.RENDER_SECONDS_MAX``) plus a
    minute, so that a page never says "being prepared" for longer."""
    return timedelta(seconds=settings.RENDER_SECONDS_MAX + 60)


@lru_cache(maxsize=8)
def sources_digest(paths: tuple[str, ...]) -> str:
    """A digest of these files of the project (relative to ``BASE_DIR``): the version of a
    document's layout, so that a deployed change of its template, styles or code makes new
    renders. Read once per process."""
    digest = hashlib.sha256()
    for name in paths:
        path = Path(settings.BASE_DIR) / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def immediate_backend() -> bool:
    """Whether tasks run inline where they are enqueued (no worker)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def render_in_background() -> bool:
    """Whether a requested render leaves the request: always with a real task backend, and with
    the immediate backend unless ``REPORTS_RENDER_INLINE`` asks for same-request rendering."""
    if not immediate_backend():
        return True
    return not getattr(settings, "REPORTS_RENDER_INLINE", False)


def request_render(task, *args) -> None:
    """Run ``task`` (a ``django.tasks`` task) with ``args`` away from the request."""

    def enqueue():
        task.enqueue(*args)

    if not render_in_background():
        enqueue()  # the immediate backend asked to render in the request (tests)
    elif immediate_backend():
        transaction.on_commit(lambda: _in_thread(enqueue))
    else:
        transaction.on_commit(enqueue)


def _in_thread(function) -> None:
    def run():
        try:
            function()
        finally:
            close_old_connections()
            connection.close()

    threading.Thread(target=run, name="render", daemon=True).start()


class RenderedFile(models.Model):
    """A file rendered from some data, kept until newer data supersedes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    # A digest of everything the file is made from: equal fingerprints, equal files.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def is_lost(self) -> bool:
        """A render requested long ago that never finished (its worker was stopped)."""
        return (
            self.status == self.Status.PENDING
            and timezone.now() - self.requested_at > stale_after()
        )


def rendering_page(
    request,
    rendered: RenderedFile,
    *,
    title: str,
    file_format: str,
    query: str,
    back_url: str,
    back_label: str,
    refresh_seconds: int = 3,
):
    """The page of a file still being rendered (202, refreshing itself) or whose render failed
    (500, with a link to try again). ``query`` holds the download's own parameters."""
    return render(
        request,
        "rendering.html",
        {
            "title": title,
            "file_format": file_format.upper(),
            "refresh_seconds": refresh_seconds,
            "failed": rendered.is_failed,
            "query": query,
            "back_url": back_url,
            "back_label": back_label,
        },
        status=500 if rendered.is_failed else 202,
    )
