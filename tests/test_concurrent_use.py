"""The embedded default holds under concurrent use: the real server and task worker, started as
``make run`` starts them, serve six people at once without a server error or a lost value.

On the database the suite runs on: an SQLite file of its own (the embedded default), or on
PostgreSQL a throwaway database ``<configured>_concurrent_<pid>``. A short run (15 s by default,
``CONCURRENT_USE_SECONDS``); ``benchmarks/concurrent_use.py`` runs the same people for minutes
and prints the figures. The people are described in ``tests/concurrency.py``.
"""

import os

import pytest
from django.conf import settings

from tests import concurrency

SECONDS = float(os.environ.get("CONCURRENT_USE_SECONDS", "15"))
ENGINE = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


@pytest.mark.concurrent
def test_six_people_at_once_get_no_server_error_and_lose_nothing(tmp_path):
    with concurrency.throwaway_database(ENGINE, tmp_path) as url:
        with concurrency.running_site(url, tmp_path) as site:
            outcome = concurrency.run_people(site, SECONDS, think=0.3)
            logs = site.logs()
        problems = concurrency.check_saved(site, outcome)
    stats = outcome.stats
    assert stats.server_errors == 0, f"{stats.server_errors} server errors\n{logs}"
    assert not stats.errors, "\n".join(stats.errors[:20]) + "\n" + logs
    assert not problems, "\n".join(problems)
    # Every kind of work happened while the others went on.
    for kind in ("login", "entry save", "import preview", "import confirm", "report download",
                 "admin add user", "dashboard"):
        assert stats.times[kind], (kind, dict(stats.times))
    assert len(stats.times["login"]) >= 6 and len(outcome.saved) >= 6 and outcome.added_users
    assert outcome.first_pdf_ready  # the published report was ready before anybody asked
