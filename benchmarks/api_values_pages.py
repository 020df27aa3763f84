"""Listing 10,000 values through the API page by page, 100 a page (target: < 200 ms a page).

Builds a programme of 2,000 indicators × 5 published years in a throwaway SQLite database in a
temporary folder (or the database named by BENCH_DATABASE_URL, e.g. an empty PostgreSQL
database), then walks /api/v1/values/?programme=…&page=N as an anonymous user through Django's
test client (the whole request: URL resolving, permissions, filters, the count, the page query,
judged statuses and JSON rendering) and prints the time per page, a token user's walk, and a
walk filtered by judged status.

    .venv/bin/python benchmarks/api_values_pages.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/...
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="api-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["API_ANONYMOUS_RATE"] = ""  # read below: no throttling while benchmarking

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from programs.models import ReportingYear  # noqa: E402
from tests.factories import build_programme  # noqa: E402

settings.API_ANONYMOUS_RATE = None
settings.ALLOWED_HOSTS = ["*"]
YEARS = (2016, 2017, 2018, 2019, 2020)


def build():
    call_command("migrate", verbosity=0)
    programme = build_programme(goals=20, tasks_per_goal=20, indicators_per_task=5, years=YEARS,
                                first_year=2016, last_year=2020, slug="bench")
    ReportingYear.objects.bulk_create(
        ReportingYear(programme=programme, year=year, state=ReportingYear.State.PUBLISHED)
        for year in YEARS
    )
    return programme


def walk(client, url, headers=None):
    times, queries, page, total = [], 0, 1, 0
    while url:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers or {})
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        data = response.json()
        total += len(data["results"])
        queries = max(queries, len(captured))
        url = data["next"]
        page += 1
    return times, queries, total


def report(label, times, queries, total):
    print(f"{label}: {total} values in {len(times)} pages; per page: "
          f"median {statistics.median(times):.1f} ms, mean {statistics.mean(times):.1f} ms, "
          f"max {max(times):.1f} ms, first {times[0]:.1f} ms, last {times[-1]:.1f} ms; "
          f"at most {queries} queries a page")


def main():
    build()
    print(f"database: {connection.vendor}")
    client = Client()
    url = "/api/v1/values/?programme=bench&page_size=100"
    report("anonymous", *walk(client, url))

    from accounts.models import User
    from api.models import ApiToken
    user = User.objects.create_superuser(username="bench-admin", password="x")
    key = ApiToken.issue(user)
    report("token user", *walk(client, url, {"Authorization": f"Token {key}"}))
    report("status=met filter", *walk(client, url + "&status=met"))


if __name__ == "__main__":
    main()
