"""Backups (issue 18, row 15): a broken or truncated file is reported in one Polish line and
changes nothing; a round trip keeps every timestamp exactly (to the microsecond)."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.backup import BrokenBackup, import_data
from indicators.models import IndicatorValue
from programs.models import Organisation
from tests.factories import build_programme

MOMENT = datetime(2026, 1, 31, 12, 34, 56, 123457, tzinfo=UTC)


def _manage(*args, database):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300)


def _timestamps(path) -> dict:
    """``{(model, pk, field): text}`` of every date-time in an export, as written."""
    found = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        for name, value in row["fields"].items():
            if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T" \
                    and value[:4].isdigit():
                found[(row["model"], json.dumps(row.get("pk")), name)] = value
    return found


def test_a_round_trip_keeps_timestamps_to_the_microsecond(tmp_path, organisation):
    programme = build_programme(organisation=organisation, years=(2020,))
    value = IndicatorValue.objects.filter(indicator__objective__programme=programme).first()
    IndicatorValue.objects.filter(pk=value.pk).update(entered_at=MOMENT)
    exported = tmp_path / "export.json"
    call_command("export_data", str(exported))
    stamps = _timestamps(exported)
    assert stamps[("indicators.indicatorvalue", str(value.pk), "entered_at")] == \
        "2026-01-31T12:34:56.123457Z"

    database = tmp_path / "empty.sqlite3"
    assert _manage("migrate", "--no-input", "-v0", database=database).returncode == 0
    # A truncated copy first: one Polish line, no traceback, and the database stays empty.
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    result = _manage("import_data", str(truncated), database=database)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "uszkodzony lub niekompletny" in lines[0] and "niczego nie zmieniono" in lines[0]
    assert "Traceback" not in result.stderr
    # Still empty: the whole export goes in.
    result = _manage("import_data", str(exported), database=database)
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.json"
    assert _manage("export_data", str(again), database=database).returncode == 0
    assert _timestamps(again) == stamps


@pytest.mark.parametrize("content, words", [
    (b'[{"model": "programs.organisation", "pk": 1, "fields": {"na', "uszkodzony lub niekompletny"),
    (b"", "uszkodzony lub niekompletny"),
    (b'{"not": "a list"}', "nie jest plikiem export_data"),
    (b"\xff\xfe\x00garbage", "uszkodzony lub niekompletny"),
    (json.dumps([{"model": "nosuch.model", "pk": 1, "fields": {}}]).encode(),
     "nie pasuje do tej wersji aplikacji"),
    (json.dumps([
        {"model": "programs.organisation", "pk": 999001, "fields": {"name": "Nowa organizacja"}},
        {"model": "programs.programme", "pk": 999002, "fields": {"kind": "x", "title": "x",
                                                                 "coordinator": 424242}},
    ]).encode(), "nie można zaimportować"),
    (json.dumps([
        {"model": "programs.organisation", "pk": 999001, "fields": {"name": "Nowa organizacja"}},
        {"model": "programs.organisation", "pk": 999003, "fields": {"name": "Nowa organizacja"}},
    ]).encode(), "baza danych odrzuciła"),
])
def test_a_broken_file_is_one_polish_line_and_changes_nothing(tmp_path, db, content, words):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    organisations = Organisation.objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", str(path), "--force")
    message = str(raised.value)
    assert words in message and "niczego nie zmieniono" in message
    assert "\n" not in message
    assert Organisation.objects.count() == organisations
    with pytest.raises(BrokenBackup):
        import_data(str(path), force=True)


def test_a_missing_file_is_one_polish_line(tmp_path, db):
    with pytest.raises(CommandError, match="nie można odczytać"):
        call_command("import_data", str(tmp_path / "brak.json"), "--force")
