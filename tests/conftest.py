"""Shared fixtures: the demo data (loaded once per test session), users for every role, and a
small synthetic programme for tests that need one of their own."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts import roles
from demo.accounts import create_demo_accounts
from demo.identity import load_identity
from demo.programmes import load_programmes
from programs.models import Organisation

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def pytest_collection_modifyitems(config, items):
    """With SKIP_DATABASE_INDEPENDENT set (CI's PostgreSQL run), leave out the slow tests whose
    outcome does not depend on the database engine — the browser tests, the translation and
    deployment checks — which the SQLite run has just run. ``make test`` alone runs them all."""
    if not os.environ.get("SKIP_DATABASE_INDEPENDENT"):
        return
    skip = pytest.mark.skip(reason="database-independent: run once, on the first database")
    for item in items:
        if item.get_closest_marker("database_independent") or "tests/e2e/" in str(item.path):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """PBKDF2's 1.2 million rounds are the point in production and a third of the suite's time
    here (hundreds of test users): the tests hash with MD5, as healthchecks and pretix do."""
    hashers = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    yield
    settings.PASSWORD_HASHERS = hashers
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Reads cached by data version: each test starts without the previous test's entries
    (whose database changes were rolled back, so their versions come round again)."""
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real programmes and the demo accounts, loaded once into the test database."""
    with django_db_blocker.unblock():
        load_programmes()
        create_demo_accounts()
        load_identity()


@pytest.fixture
def seed_text():
    """Read a seed document by its number prefix ("000", "001", …)."""

    def read(prefix: str) -> str:
        matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
        if not matches:
            pytest.fail(f"Seed {prefix} not in {SEEDS_DIR}; shared/ must sit beside the repo.")
        return matches[0].read_text(encoding="utf-8")

    return read


def _user(django_user_model, username, role=None, organisation=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="test-pass-123", organisation=organisation, **extra
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Organizacja testowa", short_name="OT")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Inna organizacja", short_name="IO")


@pytest.fixture
def coordinator(django_user_model):
    return _user(django_user_model, "t-coordinator", roles.COORDINATOR)


@pytest.fixture
def data_entry(django_user_model, organisation):
    return _user(django_user_model, "t-data-entry", roles.DATA_ENTRY, organisation)


@pytest.fixture
def other_data_entry(django_user_model, other_organisation):
    return _user(django_user_model, "t-other-entry", roles.DATA_ENTRY, other_organisation)


@pytest.fixture
def department_head(django_user_model):
    return _user(django_user_model, "t-head", roles.DEPARTMENT_HEAD)


@pytest.fixture
def council_member(django_user_model):
    return _user(django_user_model, "t-council", roles.COUNCIL_MEMBER)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="t-admin", password="test-pass-123")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; ``MAILERS['default']`` sends to it through
    Django's SMTP back end. ``smtp_server.messages`` holds what arrived (tests/smtp.py)."""
    from tests.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    settings.MAILERS = {"default": server.mailer_settings()}
    yield server
    server.stop()
