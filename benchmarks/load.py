"""Load test: simulated users against gunicorn + PostgreSQL on 127.0.0.1 for a bounded time.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/load.py                  # 50 users for 60 s, ~3 s pauses
    .venv/bin/python benchmarks/load.py --duration 120 --users 80 --think 0.5

What it does:
1. drops and creates the PostgreSQL database ``load_db`` (``--database``; psql at 127.0.0.1:5432,
   user postgres), migrates it and loads the demo data (``manage.py load_demo``); the year 2022
   of the Strategy 2021–2030 is open for entry;
2. creates data-entry users for the organisations that report in that year (several per
   organisation, each with its own share of the organisation's indicators), department heads
   and council members; pre-renders the published 2020 report of the Strategy 2011–2020 (PDF);
3. starts gunicorn with ``gunicorn.conf.py`` and the production settings (``DEBUG=0``, secure
   cookies, HTTPS redirect and HSTS on) as it runs behind the TLS proxy: ``BEHIND_TLS_PROXY=1``,
   and the simulated browsers send ``X-Forwarded-Proto: https`` as nginx would;
4. lets the users arrive one after another over ``--ramp`` seconds (kinds interleaved), then
   runs them until ``--duration`` seconds have passed, each in its own thread, with ``--think``
   seconds (± 50 %) between actions; every request counts, logins during the ramp included:
   - data entry (60 %): logs in, opens the entry form, saves new numbers for three of its
     indicators (CSRF token, optimistic-locking versions from the form) — again and again;
   - department heads (20 %): open a programme dashboard (a random programme and year filter)
     and sometimes an indicator's dashboard;
   - council members (20 %): download the published PDF report;
5. prints throughput, p50/p95 latency per kind and overall, and the error count; then checks
   in the database that every value a user saved successfully is there (no value lost).

Target on the 2-core machine: 50 users, 0 errors, no value lost, p95 < 300 ms (also with
``--think 1``). Not a CI test (not under tests/, so pytest never collects it).

The script refuses a port something already listens on, waits for gunicorn's first workers
however long they take to boot (as long as gunicorn is alive, up to ``--boot-timeout``), and
stops the gunicorn it started on every exit: the end of the run, an error, Ctrl-C or SIGTERM.
"""

import argparse
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "load-test-pass-2026"
OPEN_PROGRAMME, OPEN_YEAR = "strategia-2021-2030", 2022
PUBLISHED_PROGRAMME, PUBLISHED_YEAR = "strategia-2011-2020", 2020
DASHBOARD_PROGRAMMES = [
    "strategia-2021-2030", "program-pomocy-spolecznej-2021-2024", "strategia-2011-2020",
]
NUMERIC_KINDS = ("integer", "decimal", "amount", "percentage")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean pause between one user's actions in seconds (3.0)")
    parser.add_argument("--ramp", type=float, default=25,
                        help="seconds over which the users arrive, one after another (25); "
                             "each arrival logs in, and a login costs ~0.6 s of password hashing")
    parser.add_argument("--database", default="load_db", help="PostgreSQL database to (re)make")
    parser.add_argument("--port", type=int, default=8765,
                        help="port for gunicorn on 127.0.0.1 (8765); refused if taken")
    parser.add_argument("--boot-timeout", type=float, default=120,
                        help="seconds to wait for gunicorn to answer (120)")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: gunicorn.conf.py, 2 × CPU + 1)")
    return parser.parse_args()


# --- setting up the database -----------------------------------------------------------------


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q",
                    "-c", sql], check=True)


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def prepare_database(env, users: int) -> dict:
    """Migrate, load the demo data and make the users; returns who logs in and what they save."""
    psql(f'DROP DATABASE IF EXISTS "{env["LOAD_DB"]}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{env["LOAD_DB"]}"')
    print("Migrating and loading the demo data …", flush=True)
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    manage(env, "render_report", PUBLISHED_PROGRAMME, str(PUBLISHED_YEAR), "--format", "pdf",
           "--output", os.devnull)
    # Users and indicator shares are made with the ORM in this process.
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from indicators.models import Indicator
    from programs.models import ReportingYear

    year = ReportingYear.objects.get(programme__slug=OPEN_PROGRAMME, year=OPEN_YEAR)
    assert year.state == ReportingYear.State.OPEN, year.state
    by_organisation = defaultdict(list)
    for indicator in Indicator.objects.for_programme(year.programme).filter(
        value_kind__in=NUMERIC_KINDS, reporting_organisation__isnull=False
    ).order_by("pk"):
        by_organisation[indicator.reporting_organisation_id].append(indicator.pk)
    organisations = sorted(by_organisation, key=lambda pk: -len(by_organisation[pk]))

    entry_count = max(1, round(users * 0.6))
    head_count = max(1, round(users * 0.2))
    council_count = max(0, users - entry_count - head_count)
    user_model = get_user_model()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_LABELS}
    password_hash = None

    def make(username, role, organisation_id=None):
        nonlocal password_hash
        user = user_model(username=username, organisation_id=organisation_id)
        if password_hash is None:
            user.set_password(PASSWORD)
            password_hash = user.password
        user.password = password_hash  # one hash for all: hashing 50 passwords takes a while
        user.save()
        user.groups.add(groups[role])
        return username

    plan = {"entry": [], "head": [], "council": []}
    # Data-entry users round-robin over the organisations; users of one organisation share its
    # indicators out (disjoint), so each saved value has one author and can be checked.
    assignment = defaultdict(list)
    for index in range(entry_count):
        assignment[organisations[index % len(organisations)]].append(index)
    for organisation_id, indexes in assignment.items():
        indicators = by_organisation[organisation_id]
        for share, index in enumerate(indexes):
            mine = indicators[share::len(indexes)]
            if not mine:
                continue
            plan["entry"].append({
                "username": make(f"load-entry-{index}", roles.DATA_ENTRY, organisation_id),
                "indicators": mine,
            })
    for index in range(head_count):
        plan["head"].append({"username": make(f"load-head-{index}", roles.DEPARTMENT_HEAD)})
    for index in range(council_count):
        plan["council"].append({"username": make(f"load-council-{index}",
                                                 roles.COUNCIL_MEMBER)})
    print(f"Users: {len(plan['entry'])} data entry ({len(assignment)} organisations), "
          f"{len(plan['head'])} department heads, {len(plan['council'])} council members.",
          flush=True)
    return plan


# --- the server ------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:port (a stale server would be measured instead of ours)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_gunicorn(env, port: int, workers: int | None, log_path: Path):
    args = [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind",
            f"127.0.0.1:{port}"]
    if workers:
        args += ["--workers", str(workers)]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_ready(process, port: int, timeout: float, log_path: Path) -> None:
    """Wait for the first answer: a refused connection (not listening yet) or a slow one (its
    workers still booting) are both "not yet", as long as gunicorn lives."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited (code {process.returncode}); see {log_path}")
        try:
            response = requests.get(f"http://127.0.0.1:{port}/accessibility/", timeout=5,
                                    headers={"X-Forwarded-Proto": "https"})
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s; see {log_path}")


def stop(process) -> None:
    """End gunicorn and its workers (its own process group), politely first."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def _exit_on_signal(signum, frame):
    # SIGTERM (and SIGHUP) end the run as Ctrl-C does: through the ``finally`` that stops
    # gunicorn.
    raise KeyboardInterrupt


# --- simulated users -------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


class Browser:
    """A requests session that talks to gunicorn as the TLS proxy would forward a browser."""

    def __init__(self, base: str, stats: Stats):
        self.base = base
        self.stats = stats
        self.session = requests.Session()
        self.session.headers.update({
            "X-Forwarded-Proto": "https",
            # Django checks the Origin of HTTPS form posts against the host.
            "Origin": base.replace("http://", "https://"),
            "Accept-Language": "pl",
        })

    def request(self, kind, method, path, expect=(200,), **kwargs):
        started = time.perf_counter()
        error = None
        response = None
        try:
            response = self.session.request(method, self.base + path, timeout=30,
                                            allow_redirects=False, **kwargs)
            if response.status_code not in expect:
                error = f"{method} {path}: {response.status_code}"
        except requests.RequestException as exception:
            error = f"{method} {path}: {exception.__class__.__name__}"
        self.stats.record(kind, time.perf_counter() - started, error)
        # The cookies are Secure (production settings); the proxy would carry them over TLS.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response if error is None else None

    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def login(self, username) -> bool:
        if self.request("login", "GET", "/accounts/login/") is None:
            return False
        response = self.request("login", "POST", "/accounts/login/", expect=(302,), data={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()})
        return response is not None


VERSION = re.compile(r'name="v(\d+)-version" value="(\d+)"')


def data_entry_user(browser, spec, stop, think, saved, saved_lock):
    if not browser.login(spec["username"]):
        return
    entry = f"/programmes/{OPEN_PROGRAMME}/{OPEN_YEAR}/entry/"
    rng = random.Random(spec["username"])
    while not stop.is_set():
        page = browser.request("entry form", "GET", entry)
        if page is not None:
            versions = {int(pk): version for pk, version in VERSION.findall(page.text)}
            chosen = rng.sample(spec["indicators"], min(3, len(spec["indicators"])))
            data = {"csrfmiddlewaretoken": browser.csrf()}
            numbers = {}
            for pk in chosen:
                numbers[pk] = rng.randint(1, 99)
                data |= {f"v{pk}-value": str(numbers[pk]), f"v{pk}-confirmed": "on",
                         f"v{pk}-version": str(versions.get(pk, 0)), f"v{pk}-fingerprint": "x"}
            response = browser.request("entry save", "POST", entry, expect=(302,), data=data)
            if response is not None:
                with saved_lock:
                    saved.update(numbers)
        pause(stop, think, rng)


def department_head_user(browser, spec, stop, think):
    if not browser.login(spec["username"]):
        return
    rng = random.Random(spec["username"])
    while not stop.is_set():
        slug = rng.choice(DASHBOARD_PROGRAMMES)
        response = browser.request("dashboard", "GET", f"/programmes/{slug}/dashboard/")
        if response is not None and rng.random() < 0.3:
            ids = re.findall(rf"/programmes/{slug}/dashboard/indicators/(\d+)/", response.text)
            if ids:
                pause(stop, think, rng)
                browser.request("indicator dashboard", "GET",
                                f"/programmes/{slug}/dashboard/indicators/{rng.choice(ids)}/")
        pause(stop, think, rng)


def council_member_user(browser, spec, stop, think):
    if not browser.login(spec["username"]):
        return
    rng = random.Random(spec["username"])
    path = f"/programmes/{PUBLISHED_PROGRAMME}/{PUBLISHED_YEAR}/report.pdf"
    while not stop.is_set():
        response = browser.request("report PDF", "GET", path)
        if response is not None and not response.content.startswith(b"%PDF"):
            browser.stats.record("report PDF", 0, "the PDF was not ready (not pre-rendered?)")
        pause(stop, think, rng)


def pause(stop, think, rng):
    if think > 0:
        stop.wait(rng.uniform(0.5 * think, 1.5 * think))


# --- reporting -------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(stats: Stats, seconds: float) -> int:
    print(f"\n{'kind':<20}{'requests':>9}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'max ms':>9}{'errors':>8}")
    everything, error_count = [], 0
    for kind in sorted(stats.times):
        times = stats.times[kind]
        everything += times
        error_count += len(stats.errors[kind])
        print(f"{kind:<20}{len(times):>9}{len(times) / seconds:>8.1f}"
              f"{percentile(times, .5) * 1000:>9.0f}{percentile(times, .95) * 1000:>9.0f}"
              f"{max(times) * 1000:>9.0f}{len(stats.errors[kind]):>8}")
    if everything:
        print(f"{'all':<20}{len(everything):>9}{len(everything) / seconds:>8.1f}"
              f"{percentile(everything, .5) * 1000:>9.0f}"
              f"{percentile(everything, .95) * 1000:>9.0f}{max(everything) * 1000:>9.0f}"
              f"{error_count:>8}")
        print(f"mean {statistics.mean(everything) * 1000:.0f} ms over {seconds:.0f} s")
    for kind, errors in stats.errors.items():
        for error in sorted(set(errors))[:5]:
            print(f"  error ({kind}): {error} ×{errors.count(error)}")
    return error_count


def check_saved(saved: dict) -> int:
    """Every value a user saved (the last number per indicator) is in the database."""
    from indicators.models import Indicator

    # A value is its indicator's measure's (shared by the programmes using the measure).
    stored = dict(Indicator.objects.filter(
        objective__programme__slug=OPEN_PROGRAMME, pk__in=list(saved),
        measure__values__year=OPEN_YEAR).values_list("pk", "measure__values__number"))
    lost = [pk for pk, number in saved.items() if stored.get(pk) != number]
    print(f"\nValues saved by the users: {len(saved)} indicators; "
          f"missing or different in the database: {len(lost)}"
          + (f" (e.g. {lost[:5]})" if lost else ""))
    return len(lost)


def main():
    args = parse_args()
    if not port_is_free(args.port):
        raise SystemExit(f"Port {args.port} is taken (a server left running?): stop it or "
                         "choose another with --port.")
    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    script_env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
                               "LOAD_DB": args.database, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    os.environ.update(script_env)
    sys.path.insert(0, str(ROOT))
    plan = prepare_database(script_env, args.users)

    server_env = script_env | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "1",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "GUNICORN_LOG_LEVEL": "warning",
    }
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"load-gunicorn-{args.port}.log"
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    server = None
    stop_users = threading.Event()
    threads = []
    try:
        server = start_gunicorn(server_env, args.port, args.workers, log_path)
        wait_until_ready(server, args.port, args.boot_timeout, log_path)
        stats, saved, elapsed = run_users(args, plan, threads, stop_users)
    finally:
        stop_users.set()
        for thread in threads:
            thread.join(timeout=40)
        stop(server)
    errors = report(stats, elapsed)
    from django.db import connections

    connections.close_all()
    lost = check_saved(saved)
    all_times = [t for times in stats.times.values() for t in times]
    p95 = percentile(all_times, .95) * 1000 if all_times else float("inf")
    target = errors == 0 and lost == 0 and p95 < 300
    print(f"Target (0 errors, no value lost, p95 < 300 ms): {'met' if target else 'MISSED'}")
    return 0 if target else 1


def run_users(args, plan, threads, stop):
    """The users against the server until ``--duration`` has passed (or ``stop`` is set)."""
    base = f"http://127.0.0.1:{args.port}"
    stats = Stats()
    saved, saved_lock = {}, threading.Lock()
    for spec in plan["entry"]:
        threads.append(threading.Thread(target=data_entry_user, args=(
            Browser(base, stats), spec, stop, args.think, saved, saved_lock)))
    for spec in plan["head"]:
        threads.append(threading.Thread(target=department_head_user, args=(
            Browser(base, stats), spec, stop, args.think)))
    for spec in plan["council"]:
        threads.append(threading.Thread(target=council_member_user, args=(
            Browser(base, stats), spec, stop, args.think)))
    print(f"Running {len(threads)} users for {args.duration:.0f} s against gunicorn on port "
          f"{args.port} …", flush=True)
    started = time.perf_counter()
    # Users arrive one after another over --ramp seconds (as locust's spawn rate does), the
    # kinds interleaved, then all of them keep going until --duration has passed.
    random.Random(0).shuffle(threads)
    for thread in threads:
        thread.start()
        if stop.wait(args.ramp / len(threads)):
            break
    stop.wait(max(0.0, args.duration - (time.perf_counter() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    return stats, saved, time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
