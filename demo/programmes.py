"""The demo programmes: the organisation register and the real programmes in ``fixtures/``,
loaded through ``indicators.services.programmes.programme_load`` like any spreadsheet import."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from indicators.services.programmes import programme_load
from programs.services import LoadStats, OrganisationRegistry, programme_data_changed

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
ORGANISATIONS_FILE = "organisations.json"
# Loaded in this order; files not listed here (consultations.json) belong to other loaders.
PROGRAMME_FILES = [
    "strategia-2011-2020.json",
    "program-pomocy-spolecznej-2021-2024.json",
    "strategia-2021-2030.json",
]

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
    for name in PROGRAMME_FILES:
        if (FIXTURES_DIR / name).exists():
            programme, file_stats = programme_load(data=read_fixture(name))
            _retire_diagnosis_goal(programme, file_stats)
            results.append((name, file_stats))
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
