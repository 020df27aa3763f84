"""Six people using the application at once, against the real server and task worker started as
``make run`` starts them, on a throwaway database of their own.

``tests/test_concurrent_use.py`` runs it briefly and asserts; ``benchmarks/concurrent_use.py``
runs it for minutes and prints the figures. Only the standard library talks HTTP here (the test
extra has no HTTP client), and only ``manage.py`` touches the database, so the same code works
on SQLite and on PostgreSQL.

- ``throwaway_database("sqlite" | "postgresql", folder)``: an SQLite file in ``folder``, or a
  PostgreSQL database named ``<the configured database>_concurrent_<pid>`` on the server that
  ``DATABASE_URL`` points at, created and dropped here.
- ``running_site(database_url, folder)``: what ``make run`` does (migrate, load the demo data,
  render the published reports), then ``runserver`` and ``db_worker`` side by side with the
  database task backend; stopped (process groups) when the block ends.
- ``run_people(site, seconds, think)``: the six people below, each in a thread, for ``seconds``;
  returns ``Stats`` (every request with its time and status, the errors) and what was saved.
- ``check_saved(site, outcome)``: every value a person saved is in the database, every user the
  administrator added exists; returns the problems.

The people (all log out and in again every few actions, as a day of work does):
1. ``realizator`` (labour office) saves values in the open year, three indicators at a time;
2. a data-entry user of MOPR (created for the run) does the same with MOPR's indicators;
3. ``koordynator`` downloads the example programme file, uploads it, opens its import preview
   (a rolled-back import) and confirms it; every third action opens the review page instead;
4. ``dyrektor`` reads dashboards and the review page;
5. ``radny`` downloads the published report as PDF and XLSX (ready at once: never "being
   prepared"), the report list and the open data;
6. ``admin`` adds users in the Django admin and lists them.
"""

import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPEN_PROGRAMME, OPEN_YEAR = "strategia-2021-2030", 2022
PUBLISHED_PROGRAMME, PUBLISHED_YEAR = "strategia-2011-2020", 2020
EXAMPLE_PROGRAMME = "program-pomocy-spolecznej-2021-2024"
MOPR_ENTRY = ("wprowadzanie-mopr", "wprowadzanie-mopr-2026")
DEMO_PASSWORDS = {name: f"{name}-demo" for name in
                  ("koordynator", "realizator", "dyrektor", "radny", "admin")}
NEW_USER_PASSWORD = "Nowe-Konto-2026!"
NEW_USER_PREFIX = "dodany-"
# The import's refusal to overwrite a shared value changed since the file was exported.
SHARED_VALUE_REFUSAL = "ta wartość jest wspólna z programem"
# Ports the test server may take (``CONCURRENT_USE_PORTS=8100-8199``).
PORTS = os.environ.get("CONCURRENT_USE_PORTS", "8100-8199")


# --- the database ----------------------------------------------------------------------------


@contextmanager
def throwaway_database(engine: str, folder: Path, postgres_url: str | None = None):
    """The URL of an empty database of this run's own, removed afterwards. PostgreSQL: on the
    server of ``postgres_url`` (default ``DATABASE_URL``), named after its database."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / 'concurrent.sqlite3'}"
        return
    import dj_database_url
    import psycopg

    postgres_url = postgres_url or os.environ["DATABASE_URL"]
    configured = dj_database_url.parse(postgres_url)
    name = f"{configured['NAME']}_concurrent_{os.getpid()}"
    params = {"host": configured["HOST"] or None, "port": configured["PORT"] or None,
              "user": configured["USER"] or None, "password": configured["PASSWORD"] or None,
              "dbname": configured["NAME"], "autocommit": True}

    def execute(sql: str) -> None:
        with psycopg.connect(**params) as connection:
            connection.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlsplit(postgres_url)._replace(path=f"/{name}").geturl()
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the site --------------------------------------------------------------------------------


@dataclass
class Site:
    base: str
    env: dict
    folder: Path
    plan: dict
    processes: list = field(default_factory=list)

    def manage(self, *args, **kwargs) -> str:
        return manage(self.env, *args, **kwargs)

    def logs(self) -> str:
        parts = []
        for name in ("server.log", "worker.log"):
            path = self.folder / name
            if path.exists():
                parts.append(f"--- {name} (end) ---\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)


def manage(env: dict, *args, input_text: str | None = None) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, input=input_text, timeout=600)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    first, last = (int(part) for part in PORTS.split("-"))
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS} (CONCURRENT_USE_PORTS).")


# Run by ``manage.py shell`` in the site's database: the MOPR data-entry user, and who saves
# which indicators (numeric ones of the open year, by reporting organisation).
PLAN_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from accounts import roles
from indicators.models import Indicator
from programs.models import Organisation, Programme

programme = Programme.objects.get(slug=%(programme)r)
numeric = Indicator.objects.for_programme(programme).filter(
    value_kind__in=["integer", "decimal", "amount", "percentage"]).order_by("pk")
mopr = Organisation.objects.get(short_name="MOPR")
pup = Organisation.objects.get(short_name="PUP")
user = get_user_model()(username=%(username)r, organisation=mopr)
user.set_password(%(password)r)
user.save()
user.groups.add(Group.objects.get(name=roles.DATA_ENTRY))
print("PLAN " + json.dumps({
    "realizator": list(numeric.filter(reporting_organisation=pup).values_list("pk", flat=True)),
    "mopr": list(numeric.filter(reporting_organisation=mopr).values_list("pk", flat=True)),
}))
"""

CHECK_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from indicators.models import Indicator

# A value is its indicator's measure's (shared by the programmes using the measure).
values = Indicator.objects.filter(pk__in=%(ids)r, measure__values__year=%(year)d)
print("STORED " + json.dumps({
    "values": {str(pk): str(number)
               for pk, number in values.values_list("pk", "measure__values__number")},
    "users": list(get_user_model().objects.filter(username__startswith=%(prefix)r)
                  .values_list("username", flat=True)),
}))
"""


def _shell(env: dict, script: str, marker: str) -> dict:
    output = manage(env, "shell", "--no-imports", "-v", "0", "-c", script)
    line = next(line for line in output.splitlines() if line.startswith(marker + " "))
    return json.loads(line[len(marker) + 1:])


@contextmanager
def running_site(database_url: str, folder: Path):
    """``make run`` on ``database_url``: prepared, served and worked; stopped afterwards."""
    env = os.environ | {
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "1",
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own (config.settings)
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    manage(env, "prerender_reports")
    plan = _shell(env, PLAN_SCRIPT % {"programme": OPEN_PROGRAMME, "username": MOPR_ENTRY[0],
                                      "password": MOPR_ENTRY[1]}, "PLAN")
    port = free_port()
    site = Site(base=f"http://127.0.0.1:{port}", env=env, folder=folder, plan=plan)
    try:
        for name, args in (
            ("worker", ["db_worker", "--no-reload"]),
            ("server", ["runserver", f"127.0.0.1:{port}", "--noreload"]),
        ):
            log = open(folder / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
            site.processes.append((subprocess.Popen(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True), log))
        _wait_until_served(site)
        yield site
    finally:
        stop_site(site)


def _wait_until_served(site: Site) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for process, _log in site.processes:
            if process.poll() is not None:
                raise RuntimeError("The server or the worker exited.\n" + site.logs())
        try:
            with urllib.request.urlopen(site.base + "/accessibility/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError("The server did not answer within a minute.\n" + site.logs())


def stop_site(site: Site) -> None:
    for process, _log in site.processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process, log in site.processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()
    site.processes.clear()


# --- browsers --------------------------------------------------------------------------------


class Stats:
    """Every request: its kind, time and status; the unexpected ones as errors."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = []
        self.server_errors = 0

    def record(self, kind: str, seconds: float, error: str | None, status: int | None):
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")
            if status is not None and status >= 500:
                self.server_errors += 1

    @property
    def requests(self) -> int:
        return sum(len(times) for times in self.times.values())

    def all_times(self) -> list[float]:
        return [seconds for times in self.times.values() for seconds in times]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One person's browser: cookies, CSRF token, no automatic redirects."""

    def __init__(self, site: Site, stats: Stats):
        self.site = site
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, kind, method, path, *, expect=(200,), data=None, files=None):
        headers = {"Accept-Language": "pl"}
        body = None
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, data or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers["Referer"] = self.site.base + path
        started = time.perf_counter()
        status, response, error = None, None, None
        try:
            request = urllib.request.Request(self.site.base + path, data=body, method=method,
                                             headers=headers)
            try:
                with self.opener.open(request, timeout=60) as answer:
                    response = Response(answer.status, dict(answer.headers), answer.read())
            except urllib.error.HTTPError as answer:
                response = Response(answer.code, dict(answer.headers), answer.read())
            status = response.status
            if status not in expect:
                error = f"{method} {path}: HTTP {status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exception:
            error = f"{method} {path}: {exception.__class__.__name__} {exception}"
        self.stats.record(kind, time.perf_counter() - started, error, status)
        return response if error is None else None

    def login(self, username: str, password: str) -> bool:
        if self.request("login", "GET", "/accounts/login/") is None:
            return False
        return self.request("login", "POST", "/accounts/login/", expect=(302,), data={
            "username": username, "password": password,
            "csrfmiddlewaretoken": self.csrf()}) is not None

    def logout(self) -> None:
        self.request("logout", "POST", "/accounts/logout/", expect=(302,),
                     data={"csrfmiddlewaretoken": self.csrf()})


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    lines = []
    for name, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "",
                  str(value)]
    body = "\r\n".join(lines).encode() + (b"\r\n" if lines else b"")
    for name, (filename, content) in files.items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                 f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                 ).encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


# --- the people ------------------------------------------------------------------------------


@dataclass
class Outcome:
    stats: Stats
    saved: dict = field(default_factory=dict)  # indicator id → the last number saved
    added_users: list = field(default_factory=list)
    first_pdf_ready: bool | None = None
    imports_confirmed: int = 0
    imports_refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
    """A person's loop: log in, act, pause; log out and in again every ``relogin`` actions."""

    relogin = 8

    def __init__(self, site, outcome, stop, think, username, password, seed):
        self.site, self.outcome, self.stop, self.think = site, outcome, stop, think
        self.username, self.password = username, password
        self.browser = Browser(site, outcome.stats)
        self.rng = random.Random(seed)

    def run(self) -> None:
        actions = 0
        while not self.stop.is_set():
            if actions % self.relogin == 0:
                if actions:
                    self.browser.logout()
                if not self.browser.login(self.username, self.password):
                    self.pause()
                    actions += 1
                    continue
            self.act(actions)
            actions += 1
            self.pause()

    def pause(self) -> None:
        if self.think > 0:
            self.stop.wait(self.rng.uniform(0.5 * self.think, 1.5 * self.think))

    def act(self, number: int) -> None:
        raise NotImplementedError


VERSION = re.compile(r'name="v(\d+)-version" value="(\d+)"')


class DataEntry(Person):
    def __init__(self, *args, indicators: list[int], organisation_param: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.path = f"/programmes/{OPEN_PROGRAMME}/{OPEN_YEAR}/entry/{organisation_param}"

    def act(self, number: int) -> None:
        page = self.browser.request("entry form", "GET", self.path)
        if page is None:
            return
        versions = {int(pk): version for pk, version in VERSION.findall(page.text)}
        chosen = self.rng.sample(self.indicators, min(3, len(self.indicators)))
        data = {"csrfmiddlewaretoken": self.browser.csrf()}
        numbers = {}
        for pk in chosen:
            numbers[pk] = self.rng.randint(1, 99)
            data |= {f"v{pk}-value": str(numbers[pk]), f"v{pk}-confirmed": "on",
                     f"v{pk}-version": str(versions.get(pk, 0)), f"v{pk}-fingerprint": "x"}
        if self.browser.request("entry save", "POST", self.path, expect=(302,),
                                data=data) is not None:
            with self.outcome.lock:
                self.outcome.saved.update(numbers)


class Coordinator(Person):
    """Exports the example programme and imports it again, as a coordinator correcting a
    programme does. Its indicators share measures (``Measure``) with the strategy MOPR is
    entering: the export leaves out the open year's shared values, and should a shared value the
    file does carry change between the export and the import, the import is refused with its
    Polish message (nothing is overwritten) — counted as ``imports_refused``, not an error."""

    def act(self, number: int) -> None:
        if number % 3 == 2:
            self.browser.request("review page", "GET",
                                 f"/programmes/{OPEN_PROGRAMME}/{OPEN_YEAR}/review/")
            return
        example = self.browser.request("download", "GET", "/spreadsheets/programme-example.xlsx")
        if example is None:
            return
        uploaded = self.browser.request(
            "import upload", "POST", "/spreadsheets/import/", expect=(302, 400),
            data={"csrfmiddlewaretoken": self.browser.csrf()},
            files={"file": ("program.xlsx", example.body)})
        if uploaded is None or self.refused(uploaded):
            return
        confirm = urllib.parse.urlsplit(uploaded.headers["Location"]).path
        preview = self.browser.request("import preview", "GET", confirm, expect=(200, 400))
        if preview is None or self.refused(preview):
            return
        confirmed = self.browser.request(
            "import confirm", "POST", confirm, expect=(302, 400),
            data={"csrfmiddlewaretoken": self.browser.csrf()})
        if confirmed is not None and not self.refused(confirmed):
            with self.outcome.lock:
                self.outcome.imports_confirmed += 1

    def refused(self, response: Response) -> bool:
        """Whether a 400 is the import's refusal to overwrite a shared value changed since the
        export (anything else in a 400 is recorded as an error)."""
        if response.status != 400:
            return False
        if SHARED_VALUE_REFUSAL in response.text:
            with self.outcome.lock:
                self.outcome.imports_refused += 1
        else:
            self.outcome.stats.record("import upload", 0, "HTTP 400 without the refusal of a "
                                      "changed shared value", 400)
        return True


class DepartmentHead(Person):
    def act(self, number: int) -> None:
        slug = self.rng.choice([OPEN_PROGRAMME, EXAMPLE_PROGRAMME, PUBLISHED_PROGRAMME])
        page = self.browser.request("dashboard", "GET", f"/programmes/{slug}/dashboard/")
        if page is not None and number % 2:
            ids = re.findall(rf"/programmes/{slug}/dashboard/indicators/(\d+)/", page.text)
            if ids:
                self.browser.request("dashboard", "GET", f"/programmes/{slug}/dashboard/"
                                                         f"indicators/{self.rng.choice(ids)}/")
        if number % 3 == 0:
            self.browser.request("review page", "GET",
                                 f"/programmes/{OPEN_PROGRAMME}/{OPEN_YEAR}/review/")


class CouncilMember(Person):
    def act(self, number: int) -> None:
        base = f"/programmes/{PUBLISHED_PROGRAMME}/{PUBLISHED_YEAR}"
        pdf = self.browser.request("report download", "GET", f"{base}/report.pdf")
        ready = pdf is not None and pdf.body.startswith(b"%PDF")
        with self.outcome.lock:
            if self.outcome.first_pdf_ready is None:
                self.outcome.first_pdf_ready = ready
        if pdf is not None and not ready:
            self.outcome.stats.record("report download", 0, "the PDF was not ready", None)
        if number % 2:
            xlsx = self.browser.request("report download", "GET", f"{base}/report.xlsx")
            if xlsx is not None and not xlsx.body.startswith(b"PK"):
                self.outcome.stats.record("report download", 0, "the XLSX was not ready", None)
        else:
            self.browser.request("reading", "GET", "/reports/")
            self.browser.request("reading", "GET", f"/programmes/{OPEN_PROGRAMME}/")
            self.browser.request("download", "GET",
                                 f"/programmes/{PUBLISHED_PROGRAMME}/open-data.csv")


class Administrator(Person):
    def act(self, number: int) -> None:
        if number % 2:
            self.browser.request("admin", "GET", "/admin/accounts/user/")
            return
        if self.browser.request("admin", "GET", "/admin/accounts/user/add/") is None:
            return
        username = f"{NEW_USER_PREFIX}{uuid.uuid4().hex[:10]}"
        added = self.browser.request("admin add user", "POST", "/admin/accounts/user/add/",
                                     expect=(302,), data={
                                         "csrfmiddlewaretoken": self.browser.csrf(),
                                         "username": username, "usable_password": "true",
                                         "password1": NEW_USER_PASSWORD,
                                         "password2": NEW_USER_PASSWORD, "_save": "Zapisz"})
        if added is not None:
            with self.outcome.lock:
                self.outcome.added_users.append(username)
            change = urllib.parse.urlsplit(added.headers["Location"]).path
            self.browser.request("admin", "GET", change)


def run_people(site: Site, seconds: float, think: float = 0.5) -> Outcome:
    """The six people for ``seconds``, each in a thread; they start within the first second."""
    outcome = Outcome(Stats())
    stop = threading.Event()
    args = (site, outcome, stop, think)
    people = [
        DataEntry(*args, "realizator", DEMO_PASSWORDS["realizator"], 1,
                  indicators=site.plan["realizator"]),
        DataEntry(*args, *MOPR_ENTRY, 2, indicators=site.plan["mopr"]),
        Coordinator(*args, "koordynator", DEMO_PASSWORDS["koordynator"], 3),
        DepartmentHead(*args, "dyrektor", DEMO_PASSWORDS["dyrektor"], 4),
        CouncilMember(*args, "radny", DEMO_PASSWORDS["radny"], 5),
        Administrator(*args, "admin", DEMO_PASSWORDS["admin"], 6),
    ]
    threads = [threading.Thread(target=person.run, name=person.username) for person in people]
    for thread in threads:
        thread.start()
        time.sleep(0.15)
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return outcome


def check_saved(site: Site, outcome: Outcome) -> list[str]:
    """What the people saved and the database does not hold (empty when nothing was lost)."""
    stored = _shell(site.env, CHECK_SCRIPT % {"year": OPEN_YEAR, "ids": list(outcome.saved),
                                              "prefix": NEW_USER_PREFIX}, "STORED")
    problems = []
    for pk, number in sorted(outcome.saved.items()):
        found = stored["values"].get(str(pk))
        if found is None or float(found) != number:
            problems.append(f"indicator {pk}: saved {number}, stored {found}")
    missing_users = sorted(set(outcome.added_users) - set(stored["users"]))
    problems += [f"user {name} added in the admin is missing" for name in missing_users]
    return problems


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0
