"""Server time of the data-entry page when its measures are shared: 300 measures, each used
by three programmes (so every value is one record shown in three programmes), against the same
page of a programme of 300 indicators with measures of their own.

Builds a throwaway SQLite database in memory where it can (migrations + three programmes of 300
indicators on 300 shared measures, three previous years of values, an open year in each), logs
a data-entry user in with the Django test client and renders the entry page 20 times after two
warm-up renders (the rows are kept in the cache after the first, as in use), then once with an
empty cache; prints the median and 95th percentile and the number of SQL queries.

    .venv/bin/python benchmarks/measures_entry.py
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_TMP = "/dev/shm" if os.path.isdir("/dev/shm") else None
DB_FILE = Path(tempfile.mkdtemp(prefix="measures-bench-", dir=_TMP)) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZE = 300
YEAR = 2022
RENDERS = 20


def programme_of(slug, organisation, measures=None):
    """A programme of ``SIZE`` indicators in ten tasks; on ``measures`` when given (linked),
    else each with a measure of its own. Returns its indicators."""
    from indicators.models import Direction, Indicator, Unit, ValueKind
    from programs.models import Objective, Programme, ReportingYear

    programme = Programme.objects.create(
        kind="programme", title=f"Program {slug}", short_name=slug.upper(), slug=slug,
        first_year=2018, last_year=2030, status="adopted", level_names=["Cel", "Zadanie"])
    goal = Objective.objects.create(programme=programme, code="1", title="Cel 1", sort_key="1")
    tasks = [Objective.objects.create(programme=programme, parent=goal, code=f"1.{n}",
                                      title=f"Zadanie 1.{n}", sort_key=f"1.{n:03d}")
             for n in range(10)]
    indicators = Indicator.objects.bulk_create(
        Indicator(objective=tasks[n % 10], name=f"Liczba osób {n}", unit=Unit.PERSONS,
                  value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
                  target_value=None, reporting_organisation=organisation, position=n,
                  measure=measures[n] if measures else None)
        for n in range(SIZE))
    ReportingYear.objects.create(programme=programme, year=YEAR)
    return indicators


def timed_page(client, url):
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    timings, cpu = [], []
    for _ in range(RENDERS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
        assert response.content.count(b'class="value-input"') == SIZE
    # Counted by a wrapper: the query log is emptied when a request starts.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql)
                                    or execute(sql, *args)):
        client.get(url)
    cache.clear()
    started = time.perf_counter()
    client.get(url)
    cold = (time.perf_counter() - started) * 1000
    return timings, cpu, len(queries), cold


def report(label, timings, cpu, queries, cold):
    print(label)
    for name, figures in (("wall", timings), ("CPU", cpu)):
        figures.sort()
        p95 = figures[min(len(figures) - 1, round(0.95 * len(figures)) - 1)]
        print(f"  {name:4} median {statistics.median(figures):.1f} ms, p95 {p95:.1f} ms, "
              f"max {figures[-1]:.1f} ms")
    print(f"  {queries} SQL queries; first render with an empty cache {cold:.0f} ms")


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from accounts.models import User
    from accounts.roles import DATA_ENTRY
    from indicators.models import IndicatorValue, Measure
    from programs.models import Organisation

    organisation = Organisation.objects.create(name="Organizacja testowa", short_name="OT")
    first = programme_of("pierwszy", organisation)
    measures = list(Measure.objects.filter(pk__in=[i.measure_id for i in first])
                    .order_by("pk"))
    programme_of("drugi", organisation, measures)
    programme_of("trzeci", organisation, measures)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(measure=measure, indicator=indicator, year=year,
                       number=Decimal(100 + year - 2018), state="accepted")
        for measure, indicator in zip(measures, first, strict=True)
        for year in (2019, 2020, 2021))
    # The same size with measures of its own, and the same values.
    alone = programme_of("osobny", organisation)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, year=year, number=Decimal(100 + year - 2018),
                       state="accepted")
        for indicator in alone for year in (2019, 2020, 2021))
    user = User.objects.create_user(username="bench-entry", password="bench-pass-123",
                                    organisation=organisation)
    user.groups.add(Group.objects.get_or_create(name=DATA_ENTRY)[0])
    client = Client()
    client.force_login(user)
    load = os.getloadavg()[0]
    print(f"data-entry page, {SIZE} rows ({RENDERS} renders, SQLite, load average {load:.1f} "
          f"on {os.cpu_count()} CPUs):")
    report(f"{SIZE} measures shared by three programmes (the second programme's page):",
           *timed_page(client, f"/programmes/drugi/{YEAR}/entry/"))
    report(f"{SIZE} indicators with measures of their own:",
           *timed_page(client, f"/programmes/osobny/{YEAR}/entry/"))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DB_FILE.parent, ignore_errors=True)
