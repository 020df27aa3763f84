"""The portable export/import: everything comes back, into an empty database only, atomically."""

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.utils.dateparse import parse_datetime

from accounts.backup import DatabaseNotEmpty, exported_models, import_data
from indicators.models import IndicatorValue
from tests.factories import build_programme


def _normalised(path) -> dict:
    """``{(model, pk): fields}`` with datetimes compared at the serialiser's precision
    (milliseconds) and many-to-many lists in a fixed order."""

    def norm(value):
        if isinstance(value, str) and "T" in value and (moment := _datetime(value)):
            return moment.isoformat(timespec="milliseconds")
        if isinstance(value, list):
            return [norm(item) for item in value]
        if isinstance(value, dict):
            return {key: norm(item) for key, item in value.items()}
        return value

    rows = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        fields = {key: norm(value) for key, value in row["fields"].items()}
        rows[(row["model"], json.dumps(row.get("pk")))] = fields
    return rows


def _datetime(text):
    try:
        return parse_datetime(text)
    except ValueError:
        return None


def _run(*args, database):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def varied_data(coordinator, data_entry, organisation):
    """Some data of every kind: a programme with values and their history, a group with a
    permission, users, audit events (the demo data of the session is there too)."""
    group = Group.objects.create(name="kontrola")
    group.permissions.add(Permission.objects.get(codename="view_programme"))
    coordinator.groups.add(group)
    programme = build_programme(organisation=organisation, years=(2020,))
    value = IndicatorValue.objects.filter(indicator__objective__programme=programme).first()
    value.number = Decimal("1234.5600")
    value.remarks = "Uwagi z polskimi znakami: zażółć gęślą jaźń ☺"
    value._history_user = data_entry
    value.save()
    return programme


def test_export_then_import_into_an_empty_database_gives_back_every_row(tmp_path, varied_data):
    exported = tmp_path / "export.json"
    call_command("export_data", str(exported))
    original = _normalised(exported)
    # Every model with rows here is in the export (nothing silently left out).
    models_in_export = {model for model, _pk in original}
    for model in exported_models():
        if model._default_manager.exists():
            assert model._meta.label_lower in models_in_export

    database = tmp_path / "empty.sqlite3"
    _run("migrate", "--no-input", "-v0", database=database)
    _run("import_data", str(exported), database=database)
    again = tmp_path / "again.json"
    _run("export_data", str(again), database=database)

    assert _normalised(again) == original


def test_import_refuses_a_database_with_data(db, tmp_path):
    exported = tmp_path / "export.json"
    call_command("export_data", str(exported))
    with pytest.raises(DatabaseNotEmpty):
        import_data(str(exported))
    with pytest.raises(CommandError, match="already holds data"):
        call_command("import_data", str(exported))


def test_import_is_all_or_nothing(tmp_path, organisation):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([
        {"model": "programs.organisation", "pk": 999001, "fields": {"name": "Nowa organizacja"}},
        {"model": "programs.programme", "pk": 999002,
         "fields": {"kind": "nonsense", "title": "x", "short_name": "x", "slug": "x",
                    "first_year": 2020, "last_year": 2010, "coordinator": 424242}},
    ]), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 — the database's own error, engine-specific
        import_data(str(broken), force=True)
    from programs.models import Organisation

    assert not Organisation.objects.filter(pk=999001).exists()
