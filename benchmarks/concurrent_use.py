"""Six people at once against ``make run`` (the server and the task worker), on SQLite and on
PostgreSQL: requests, errors and p95 per database.

    .venv/bin/python benchmarks/concurrent_use.py                       # 3 minutes per database
    .venv/bin/python benchmarks/concurrent_use.py --duration 60 --think 0.3 --databases sqlite

For each database: a throwaway one (an SQLite file in a temporary folder; on PostgreSQL
``<database of --postgres-url>_concurrent_<pid>``, created and dropped), prepared as ``make run``
prepares it (migrate, demo data, published reports rendered), then ``runserver`` and
``db_worker`` with the database task backend, and the six people of ``tests/concurrency.py``
(two data-entry users saving values, the coordinator importing a programme file, a department
head on the dashboards, a council member downloading the report, the administrator adding
users; all logging in again every few actions) for ``--duration`` seconds with ``--think``
seconds (± 50 %) between actions. Prints, per database, the requests, the errors (any status
other than the expected one: a 5xx, a form shown again, a report not ready), the 5xx alone, and
p50 / p95 / max per kind of request and overall; then checks that every value saved and every
user added is in the database. Exit status 1 on any error or lost value.

``tests/test_concurrent_use.py`` runs the same people for 15 s and asserts. Not a CI test (not
under tests/). Figures depend on the machine: the server, the worker rendering reports after
each saved value, PostgreSQL and the six clients share its cores.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import concurrency  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180,
                        help="seconds of work per database (180)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause between one person's actions in seconds (1.0)")
    parser.add_argument("--databases", default="sqlite,postgresql",
                        help="comma-separated: sqlite, postgresql (both)")
    parser.add_argument("--postgres-url", default=None,
                        help="PostgreSQL server and database to name the throwaway one after "
                             "(default: DATABASE_URL if it is PostgreSQL, else "
                             "postgres://postgres@127.0.0.1:5432/postgres)")
    return parser.parse_args()


def postgres_url(args) -> str:
    if args.postgres_url:
        return args.postgres_url
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        return configured
    return "postgres://postgres@127.0.0.1:5432/postgres"


def run(engine: str, args) -> int:
    print(f"\n=== {engine}: preparing as make run does …", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with concurrency.throwaway_database(engine, folder, postgres_url(args)) as url:
            with concurrency.running_site(url, folder) as site:
                print(f"six people for {args.duration:.0f} s on {site.base} …", flush=True)
                started = time.perf_counter()
                outcome = concurrency.run_people(site, args.duration, think=args.think)
                elapsed = time.perf_counter() - started
            lost = concurrency.check_saved(site, outcome)
    stats = outcome.stats
    print(f"\n{'kind':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(stats.times):
        times = stats.times[kind]
        print(f"{kind:<18}{len(times):>9}{concurrency.percentile(times, .5) * 1000:>9.0f}"
              f"{concurrency.percentile(times, .95) * 1000:>9.0f}{max(times) * 1000:>9.0f}")
    everything = stats.all_times()
    print(f"{'all':<18}{len(everything):>9}{concurrency.percentile(everything, .5) * 1000:>9.0f}"
          f"{concurrency.percentile(everything, .95) * 1000:>9.0f}"
          f"{max(everything, default=0) * 1000:>9.0f}")
    print(f"\n{engine}: {stats.requests} requests in {elapsed:.0f} s "
          f"({stats.requests / elapsed:.1f}/s), errors {len(stats.errors)} "
          f"(5xx: {stats.server_errors}), p95 "
          f"{concurrency.percentile(everything, .95) * 1000:.0f} ms; values saved "
          f"{len(outcome.saved)}, users added {len(outcome.added_users)}, imports confirmed "
          f"{outcome.imports_confirmed} (refused as stale: {outcome.imports_refused}); "
          f"missing in the database: {len(lost)}")
    for error in sorted(set(stats.errors))[:10]:
        print(f"  error: {error} ×{stats.errors.count(error)}")
    for problem in lost[:10]:
        print(f"  lost: {problem}")
    return len(stats.errors) + len(lost)


def main() -> int:
    args = parse_args()
    failures = 0
    for engine in [name.strip() for name in args.databases.split(",") if name.strip()]:
        if engine not in ("sqlite", "postgresql"):
            raise SystemExit(f"Unknown database {engine!r}: use sqlite or postgresql.")
        failures += run(engine, args)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
