"""The demo data: the real programmes in ``fixtures/`` and the demo accounts.

Only ``manage.py load_demo`` (run by ``make run``) calls this; a production installation never
gets the demo accounts.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from indicators.services.programmes import programme_load
from programs.models import Organisation
from programs.services import LoadStats, OrganisationRegistry

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
ORGANISATIONS_FILE = "organisations.json"
# Loaded in this order; files not listed here (consultations.json) belong to other loaders.
PROGRAMME_FILES = [
    "strategia-2011-2020.json",
    "program-pomocy-spolecznej-2021-2024.json",
    "strategia-2021-2030.json",
]

# username, password, role, organisation short name, first name, last name
DEMO_ACCOUNTS = [
    ("koordynator", "koordynator-demo", roles.COORDINATOR, "MOPR", "Anna", "Koordynator"),
    ("realizator", "realizator-demo", roles.DATA_ENTRY, "PUP", "Jan", "Realizator"),
    ("dyrektor", "dyrektor-demo", roles.DEPARTMENT_HEAD, None, "Maria", "Dyrektor"),
    ("radny", "radny-demo", roles.COUNCIL_MEMBER, None, "Piotr", "Radny"),
]
ADMIN_ACCOUNT = ("admin", "admin-demo")


def read_fixture(name: str) -> dict:
    with open(FIXTURES_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def ensure_groups() -> None:
    for name in roles.ROLE_LABELS:
        Group.objects.get_or_create(name=name)


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
            _, file_stats = programme_load(data=read_fixture(name))
            results.append((name, file_stats))
    return results


@transaction.atomic
def create_demo_accounts() -> list[str]:
    """Create the demo accounts (README lists their passwords); existing ones are left alone."""
    ensure_groups()
    user_model = get_user_model()
    created = []
    for username, password, role, org_short_name, first, last in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        organisation = (
            Organisation.objects.get(short_name=org_short_name) if org_short_name else None
        )
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@example.bialystok.pl",
            organisation=organisation,
        )
        user.groups.add(Group.objects.get(name=role))
        created.append(username)
    username, password = ADMIN_ACCOUNT
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(
            username=username, password=password, email="admin@example.bialystok.pl"
        )
        created.append(username)
    return created
