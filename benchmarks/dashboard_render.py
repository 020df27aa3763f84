"""Server time of the programme dashboard for a programme of 300 indicators and 10 years.

Builds a throwaway SQLite database (migrations + the synthetic programme of the tests), logs a
department head in with the Django test client and renders the dashboard 20 times (after two
warm-up renders), printing the median and 95th percentile and the number of SQL queries.

    .venv/bin/python benchmarks/dashboard_render.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# In memory (tmpfs) where there is one, so that the figures measure the code, not the disk.
_TMP = "/dev/shm" if os.path.isdir("/dev/shm") else None
DB_FILE = Path(tempfile.mkdtemp(prefix="dashboard-bench-", dir=_TMP)) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RENDERS = 20


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from accounts.models import User
    from accounts.roles import DEPARTMENT_HEAD
    from tests.dashboards.conftest import make_programme

    programme = make_programme("bench", goals=30, indicators_per_goal=10, years=10)
    head = User.objects.create_user(username="bench-head", password="bench-pass-123")
    head.groups.add(Group.objects.get_or_create(name=DEPARTMENT_HEAD)[0])
    client = Client()
    client.force_login(head)
    url = f"/programmes/{programme.slug}/dashboard/"
    for _ in range(2):
        assert client.get(url).status_code == 200
    # Wall time, and the process's CPU time: on a shared, busy machine the CPU time shows what
    # the code costs when the wall clock also counts waiting for a core.
    timings, cpu = [], []
    for _ in range(RENDERS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"programme dashboard, 300 indicators x 10 years ({RENDERS} renders, SQLite, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    for label, figures in (("wall", timings), ("CPU", cpu)):
        figures.sort()
        p95 = figures[min(len(figures) - 1, round(0.95 * len(figures)) - 1)]
        print(f"  {label:4} median {statistics.median(figures):.1f} ms, p95 {p95:.1f} ms, "
              f"max {figures[-1]:.1f} ms")
    print(f"  {len(queries)} SQL queries, {len(response.content) // 1024} KiB of HTML")


if __name__ == "__main__":
    try:
        main()
    finally:
        DB_FILE.unlink(missing_ok=True)
        DB_FILE.parent.rmdir()
