"""What a download of an already rendered yearly report costs the server: time and queries.

    .venv/bin/python benchmarks/report_download.py

Uses its own throwaway SQLite database (/tmp/report_download_bench.sqlite3): the published 2020
report of the Strategy 2011–2020 (from fixtures/) and a synthetic programme ten times the size
of the real one. Each report is downloaded once (rendered and stored), then 50 times more as a
council member's browser would ask for it; the script prints the median and p95 server time
(Django's test client, in process), the queries per download and whether any of them read the
goal tree or the values (a report build). Runs on older versions of the project too, for a
before/after comparison.
"""

import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_PATH = "/tmp/report_download_bench.sqlite3"
sys.path.insert(0, str(BASE_DIR))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from programs.models import ReportingYear  # noqa: E402

REAL_SLUG = "strategia-2011-2020"
TREE_TABLES = ("indicators_indicatorvalue", "programs_objective", "indicators_indicator")
RUNS = 50


def setup_database() -> None:
    if os.path.exists(DB_PATH):
        os.remove(DB_PATH)
    call_command("migrate", verbosity=0)
    try:
        from demo.programmes import load_programmes
    except ImportError:  # before the demo app
        from programs.demo import load_programmes
    load_programmes()

    from tests.factories import build_programme

    programme = build_programme(goals=70, tasks_per_goal=10, indicators_per_task=2,
                                years=(2019, 2020), slug="bench-10x")
    ReportingYear.objects.create(programme=programme, year=2020, state="published",
                                 conclusion="Wniosek końcowy.", signatory_name="Dyrektor")


def measure(slug: str) -> None:
    client = Client()
    url = f"/programmes/{slug}/2020/report.pdf"
    first = client.get(url)
    assert first.status_code == 200, first.status_code  # rendered and stored
    times, queries, tree_reads = [], [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content == first.content
        queries.append(len(captured.captured_queries))
        tree_reads += any(table in query["sql"] for query in captured.captured_queries
                          for table in TREE_TABLES)
    times.sort()
    print(f"{slug}: median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1] * 1000:.1f} ms, "
          f"{statistics.median(queries):.0f} queries, "
          f"{'reads the goal tree' if tree_reads else 'no tree read'} "
          f"({len(first.content) // 1024} KiB, {RUNS} downloads)")


def main() -> None:
    settings.REPORTS_RENDER_INLINE = True
    settings.ALLOWED_HOSTS = ["*"]
    setup_database()
    for slug in (REAL_SLUG, "bench-10x"):
        measure(slug)


if __name__ == "__main__":
    main()
