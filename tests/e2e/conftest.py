"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``e2e`` and runs after all other tests: the live server needs a
transactional database, which pytest-django empties after each test, and that would remove the
demo data the rest of the suite shares. Each e2e test gets the demo data back by Django's
serialized rollback (see ``demo_snapshot``).

When Chromium or Playwright is missing the tests are skipped with a message saying how to
install them (``make test`` installs Chromium with apt-get when it can).
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

from tests.e2e.helpers import idle, screenshot

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture skips the tests and says why
    PlaywrightError = Exception

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# ORM calls the fixtures make (they are not inside any coroutine).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}


def _is_e2e(item) -> bool:
    return E2E_DIR in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests and move them to the end of the whole run (this hook sees every
    collected item, not only this directory's)."""
    browser_tests = []
    for item in items:
        if _is_e2e(item):
            item.add_marker(pytest.mark.e2e)
            browser_tests.append(item)
    if browser_tests:
        others = [item for item in items if not _is_e2e(item)]
        items[:] = others + browser_tests


def chromium_executable() -> str | None:
    """The system Chromium: $E2E_CHROMIUM, else Debian's /usr/bin/chromium, else the PATH."""
    candidates = [os.environ.get("E2E_CHROMIUM"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "Browser tests skipped: the Python package 'playwright' is not installed "
            "(pip install -e '.[test]' or make test installs it)."
        )
    executable = chromium_executable()
    if executable is None:
        pytest.skip(
            "Browser tests skipped: Chromium was not found (/usr/bin/chromium). Install it with "
            "'apt-get install chromium' (make test does this itself when run as root on Debian), "
            "or point E2E_CHROMIUM at a Chromium executable."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo data (the root conftest loaded the programmes and accounts; the consultations
    are added here), serialized once. Django's serialized rollback writes it back before each
    browser test: reloading the fixtures through the services each time would take far longer."""
    from django.db import connection

    with django_db_blocker.unblock():
        try:
            from demo.consultations import load_consultations
        except ImportError:  # the consultations app has no demo data yet
            pass
        else:
            load_consultations()
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


class _SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time, in its own thread.

    With SQLite's in-memory test database every thread of the live server uses the ONE
    connection the test holds (pytest-django passes it as ``connections_override``). Two
    requests at once on it -- a page's background check beside the form it submits, say --
    break SQLite ("bad parameter or other API misuse"). Answered in turn, they cannot. Django
    closes each response's connection when the server is not threaded, so the browser does not
    wait on a kept-alive one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def serial_live_server_on_sqlite():
    """Make the live server serial when the test database is SQLite's shared in-memory one
    (PostgreSQL gives each server thread a connection of its own and stays threaded)."""
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = _SerialWSGIServer


@pytest.fixture
def site(demo_snapshot, django_db_serialized_rollback, serial_live_server_on_sqlite, live_server,
         settings):
    """The live server's base URL, the demo data in its database as loaded."""
    # Reports render within the download request, not in a thread of their own: such a thread
    # would use the in-memory test database beside the test (see ``helpers.idle``).
    settings.REPORTS_RENDER_INLINE = True
    return live_server.url


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(request, browser, site):
    """Open a fresh browser session (its own cookies) on the live server; closed after the test.
    When the test fails, what each page showed is kept in artifacts/screenshots/failed-*.png."""
    contexts = []

    def open_page(viewport=VIEWPORT):
        # bypass_csp: axe-core is injected as a script the site's CSP would (rightly) refuse.
        context = browser.new_context(
            base_url=site, viewport=viewport, locale="pl-PL", accept_downloads=True,
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "report_call", None)
    for number, context in enumerate(contexts):
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):
                idle(page)  # no request may still use the database when it is emptied
            if report is not None and report.failed:
                screenshot(page, f"failed-{request.node.name}-{number}")
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
