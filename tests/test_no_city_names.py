"""Nothing user-facing outside the demo data names Białystok: the instance's identity is data
(``programs.InstanceIdentity``), which the demo loader sets to Białystok's.

Scanned: every template, every string literal of the Python code outside ``demo/`` (the demo
loader), ``fixtures/`` (the demo data: Białystok's real documents), ``tests/`` and migrations
(the history of the schema, not shown), and every Polish translation (msgstr)."""

import io
import re
import tokenize
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# Białystok, Białymstoku, Białegostoku, białostocki — with or without the Polish letters.
CITY = re.compile(r"bia[łl](yst|ymst|egost|ostoc)", re.IGNORECASE)
SKIP_DIRS = {".venv", ".git", "node_modules", "__pycache__", "artifacts", "staticfiles",
             "media", "demo", "fixtures", "tests", "migrations", "benchmarks"}
# Strings allowed to name the city despite the rule, each with the reason (none now).
ALLOWED: set[tuple[str, str]] = set()


def _files(pattern: str):
    for path in sorted(BASE.rglob(pattern)):
        relative = path.relative_to(BASE)
        if not SKIP_DIRS.intersection(relative.parts[:-1]):
            yield relative, path


def _python_strings(path: Path):
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    string_kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    for token in tokens:
        if token.type in string_kinds:
            yield token.start[0], token.string


def test_the_pattern_finds_every_spelling():
    for text in ["Białystok", "w Białymstoku", "BIAŁEGOSTOKU", "bialystok.pl", "Białostocka"]:
        assert CITY.search(text), text
    assert not CITY.search("Biała Podlaska")


def test_no_template_names_the_city():
    found = [f"{relative}:{number}: {line.strip()[:120]}"
             for relative, path in _files("*.html") if "templates" in relative.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if CITY.search(line)]
    found += [f"{relative}:{number}: {line.strip()[:120]}"
              for relative, path in _files("*.txt") if "templates" in relative.parts
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if CITY.search(line)]
    assert not found, "Templates name the city:\n" + "\n".join(found)


def test_no_python_string_outside_the_demo_names_the_city():
    found = []
    for relative, path in _files("*.py"):
        for number, text in _python_strings(path):
            if CITY.search(text) and (str(relative), text) not in ALLOWED:
                found.append(f"{relative}:{number}: {text[:120]}")
    assert not found, "Strings name the city:\n" + "\n".join(found)


@pytest.mark.parametrize("catalogue", sorted(
    str(path.relative_to(BASE)) for path in BASE.glob("**/locale/pl/LC_MESSAGES/*.po")
    if ".venv" not in path.parts), ids=str)
def test_no_translation_names_the_city(catalogue):
    with (BASE / catalogue).open("rb") as handle:
        messages = list(read_po(handle))
    found = []
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in (*strings, *ids):
            if text and CITY.search(text):
                found.append(text[:120])
    assert not found, f"{catalogue} names the city:\n" + "\n".join(found)


# --- pages of an instance of another city ------------------------------------------------------


@pytest.fixture
def another_city(db):
    """The demo's Białystok data gone (rolled back after the test), another city's identity and
    a programme of its own."""
    from django.contrib.auth import get_user_model

    from audit.models import AuditEvent
    from consultations.models import Consultation
    from programs.models import (
        FundingSource,
        InstanceIdentity,
        Organisation,
        Programme,
        ReportingYear,
    )
    from tests.factories import build_programme

    get_user_model().objects.update(organisation=None)
    AuditEvent.objects.all().delete()  # the demo load's history
    Consultation.objects.all().delete()
    Programme.objects.all().delete()
    Organisation.objects.all().delete()
    FundingSource.objects.all().delete()
    InstanceIdentity.objects.all().delete()
    InstanceIdentity.objects.create(
        name="Gminny Ośrodek Pomocy Społecznej w Przykładowie", short_name="GOPS Przykładowo",
        city="Przykładowo", address="ul. Długa 1, 00-001 Przykładowo",
        accessibility_contact_person="Ewa Nowak", accessibility_contact_email="a@example.org",
        accessibility_contact_phone="11 222 33 44", mayor_title="Wójt Gminy Przykładowo")
    organisation = Organisation.objects.create(name="Gminny Ośrodek Pomocy Społecznej",
                                               short_name="GOPS", kind=Organisation.Kind.MOPR)
    programme = build_programme(organisation=organisation, years=(2019, 2020), open_year=2021)
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.PUBLISHED)
    return programme, organisation


def test_pages_documents_and_emails_of_another_city_never_name_bialystok(
        client, another_city, coordinator, admin_user):
    from django.core import mail
    from django.urls import reverse

    from indicators.services.reminders import reminders_send
    from programs.models import ReportingYear
    from reports.builder import build_report
    from reports.exporters import ReportXLSXExporter, render_document_html

    programme, organisation = another_city
    slug = programme.slug
    public = [reverse("home"), reverse("programme_detail", args=[slug]),
              reverse("accessibility"), reverse("login"), reverse("reports:list"),
              reverse("consultations:public_list"),
              reverse("dashboards:programme", args=[slug])]
    staff = [reverse("home"), reverse("year_review", args=[slug, 2021]),
             reverse("year_lock", args=[slug, 2021]),
             reverse("value_entry", args=[slug, 2021]) + f"?organisation={organisation.pk}",
             reverse("consultations:manage_list"), reverse("consultations:consultation_create"),
             reverse("spreadsheets:programme_import"), reverse("audit:event_list")]
    pages = {}
    for url in public:
        pages[url] = client.get(url)
    client.force_login(coordinator)
    for url in staff:
        pages["coordinator " + url] = client.get(url)
    client.force_login(admin_user)
    pages["admin"] = client.get(reverse("admin:index"))
    pages["admin identity"] = client.get(reverse("admin:programs_instanceidentity_changelist"),
                                         follow=True)
    found = []
    for url, response in pages.items():
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "GOPS Przykładowo" in text or url.startswith("admin"), url
        found += [f"{url}: …{text[max(0, m.start() - 60):m.end() + 60]}…"
                  for m in CITY.finditer(text)]

    reporting_year = ReportingYear.objects.get(programme=programme, year=2020)
    report = build_report(programme, reporting_year)
    html = render_document_html(report)
    found += [f"report HTML: {m.group(0)}" for m in CITY.finditer(html)]
    _name, _type, content = ReportXLSXExporter(report).render()
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    cells = [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
             if cell.value is not None] + [workbook.properties.creator or ""]
    found += [f"report XLSX: {text[:80]}" for text in cells if CITY.search(text)]

    organisation.email = "gops@example.org"
    organisation.save()
    late = ReportingYear.objects.get(programme=programme, year=2021)
    late.deadline = date(2022, 1, 31)  # passed: reminders go to organisations that are late
    late.save()
    reminders_send(user=None, reporting_year=late)
    assert mail.outbox
    for message in mail.outbox:
        found += [f"e-mail: {m.group(0)}" for m in CITY.finditer(message.subject + message.body)]
    assert not found, "Białystok named:\n" + "\n".join(found)
