"""The demo programmes: the organisation register and the real programmes in ``fixtures/``,
loaded through ``indicators.services.programmes.programme_load`` like any spreadsheet import."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from demo.measures import link_demo_measures
from indicators.services.programmes import programme_load
from programs.services import (
    LoadStats,
    OrganisationRegistry,
    funding_source_declare,
    programme_data_changed,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
ORGANISATIONS_FILE = "organisations.json"
# One record per funding source, whatever the documents' spelling (PFRON and its full name).
FUNDING_SOURCES_FILE = "funding_sources.json"
# Loaded in this order; files not listed here (consultations.json) belong to other loaders.
PROGRAMME_FILES = [
    "strategia-2011-2020.json",
    "program-pomocy-spolecznej-2021-2024.json",
    "strategia-2021-2030.json",
]
# A made-up programme with several reported years, missed targets, a returned value and a
# published year, so that a fresh install shows every page doing its job. Its title says
# "dane fikcyjne" on every page and document; ``load_demo`` loads it, never with DEBUG off.
FICTIONAL_PROGRAMME_FILE = "program-demonstracyjny.json"
FICTIONAL_MARK = "dane fikcyjne"

def read_fixture(name: str) -> dict:
    with open(FIXTURES_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_programmes() -> list[tuple[str, LoadStats]]:
    """Load the organisation register and every programme file present; all or nothing."""
    stats = LoadStats()
    registry = OrganisationRegistry(stats)
    for spec in read_fixture(ORGANISATIONS_FILE)["organisations"]:
        registry.declare(spec)
    results = [(ORGANISATIONS_FILE, stats)]
    register = read_fixture(FUNDING_SOURCES_FILE)["funding_sources"]
    for spec in register:
        funding_source_declare(**spec)
    for name in PROGRAMME_FILES:
        if (FIXTURES_DIR / name).exists():
            programme, file_stats = programme_load(data=read_fixture(name))
            _retire_diagnosis_goal(programme, file_stats)
            results.append((name, file_stats))
    # Sources a file named for the first time under another spelling fold into the register's.
    for spec in register:
        funding_source_declare(**spec)
    # The indicators of these programmes that count the same thing share one measure.
    link_demo_measures()
    return results


# Earlier demo data entered the diagnosis of the 2021–2024 programme as a goal "D" with a
# "goal" per table; the tables are now the programme's diagnosis, so a database loaded before
# loses that goal (its indicators and their values) on the next load.
DIAGNOSIS_GOAL = {"code": "D", "title": "Diagnoza — dane statystyczne (Tabela Nr 1–8)"}


def _retire_diagnosis_goal(programme, stats: LoadStats) -> None:
    goal = programme.objectives.filter(**DIAGNOSIS_GOAL).first()
    if goal is None or not programme.diagnosis_tables.exists():
        return
    goal.delete()
    stats.updated += 1
    programme_data_changed(programmes=[programme])


@transaction.atomic
def load_fictional_programme() -> tuple[str, LoadStats]:
    """Load the fictional demonstration programme (after ``load_programmes``: it uses the
    register). Refuses in production (``DEBUG`` off): its data is made up."""
    if not settings.DEBUG:
        raise RuntimeError("The fictional demonstration programme is never loaded in production.")
    data = read_fixture(FICTIONAL_PROGRAMME_FILE)
    assert FICTIONAL_MARK in data["programme"]["title"]
    _, stats = programme_load(data=data)
    return FICTIONAL_PROGRAMME_FILE, stats
