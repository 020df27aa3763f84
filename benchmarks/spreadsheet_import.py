"""Spreadsheet imports (targets: a programme of 2,000 indicators under 10 s; a value sheet of
300 rows under 2 s).

Runs on a throwaway SQLite database in a temporary folder (or the database named by
BENCH_DATABASE_URL). Prints, for a generated programme of 2,000 indicators (100 tasks of 20,
each with two past values): the preview of a new programme (file checks, reading and a
rolled-back import), the import itself and the re-import of the same file (the update path);
and for a value sheet of 300 rows: the download, the preview and the upload applied.

    .venv/bin/python benchmarks/spreadsheet_import.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="spreadsheet-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import io  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind  # noqa: E402
from lib.xlsxfile import workbook_bytes, write_cell  # noqa: E402
from programs.models import Objective, Organisation, Programme, ReportingYear  # noqa: E402
from spreadsheets import services  # noqa: E402
from spreadsheets.programme_sheets import programme_workbook  # noqa: E402
from spreadsheets.value_sheets import HEADER_ROW, _headers, value_sheet  # noqa: E402

TASKS, PER_TASK, ROWS, YEAR = 100, 20, 300, 2021


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def programme_file() -> bytes:
    """A 3-level programme of TASKS × PER_TASK indicators, written as the template."""
    organisation = Organisation.objects.create(name="Realizator testowy", short_name="RT")
    programme = Programme.objects.create(kind="strategy", title="Program wygenerowany",
                                         short_name="Gen", slug="program-wygenerowany",
                                         first_year=2021, last_year=2030,
                                         level_names=["Cel", "Priorytet", "Zadanie"])
    goals = [Objective.objects.create(programme=programme, code=g, title=f"Cel {g}")
             for g in "ABCDE"]
    tasks = []
    for goal in goals:
        priority = Objective.objects.create(programme=programme, parent=goal,
                                            code=f"{goal.code}.1", title="Priorytet")
        tasks += [Objective(programme=programme, parent=priority, code=f"{priority.code}.{t}",
                            title=f"Zadanie {t}", level=3, position=t - 1,
                            sort_key=f"{priority.code}.{t}")
                  for t in range(1, TASKS // len(goals) + 1)]
    tasks = Objective.objects.bulk_create(tasks)
    indicators = Indicator.objects.bulk_create(
        Indicator(objective=task, name=f"Wskaźnik {task.code}/{i}", unit=Unit.PERSONS,
                  value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
                  reporting_organisation=organisation, position=i,
                  monitoring_method="sprawozdanie")
        for task in tasks for i in range(PER_TASK))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, year=year, number=Decimal(100 + year % 100),
                       state="accepted")
        for indicator in indicators for year in (2019, 2020))
    content = programme_workbook(programme)
    programme.delete()  # import it back as a new programme
    return content


def value_setup():
    organisation = Organisation.objects.create(name="Organizacja arkusza")
    user = User.objects.create_user("bench", organisation=organisation)
    user.groups.add(Group.objects.get_or_create(name=roles.DATA_ENTRY)[0])
    programme = Programme.objects.create(kind="programme", title="Arkusz", short_name="A",
                                         slug="arkusz", first_year=2018, last_year=2024)
    task = Objective.objects.create(programme=programme, code="A.1", title="Zadanie")
    indicators = Indicator.objects.bulk_create(
        Indicator(objective=task, name=f"Wskaźnik {n}", unit=Unit.PERSONS,
                  value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
                  reporting_organisation=organisation, position=n) for n in range(ROWS))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, year=y, number=Decimal(1000 + y), state="accepted")
        for i in indicators for y in (2018, 2019, 2020))
    return user, ReportingYear.objects.create(programme=programme, year=YEAR), organisation


def fill(content: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    value_column = [key for key, _label in _headers(YEAR)].index("value") + 1
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + ROWS):
        write_cell(sheet, row, value_column, 2050 + row)
    return workbook_bytes(workbook)


def main():
    call_command("migrate", verbosity=0)
    with translation.override("pl"):
        content = programme_file()
        print(f"Programme file: {TASKS * PER_TASK} indicators, {len(content) // 1024} KiB")
        preview = timed("  preview (checks, reading, rolled-back import)",
                        lambda: services.programme_preview(content=content))
        assert preview.parsed.indicator_count == TASKS * PER_TASK
        timed("  import of a new programme", lambda: services.programme_import(content=content))
        assert Indicator.objects.count() == TASKS * PER_TASK
        _p, stats, _v = timed("  re-import of the same file (nothing changes)",
                              lambda: services.programme_import(content=content))
        assert not stats.changed

        user, reporting_year, organisation = value_setup()
        sheet = timed(f"Value sheet of {ROWS} rows: download",
                      lambda: value_sheet(user=user, reporting_year=reporting_year,
                                          organisation=organisation))
        filled = fill(sheet)
        outcome = timed("  preview (rolled-back save)", lambda: services.value_sheet_apply(
            user=user, reporting_year=reporting_year, content=filled, dry_run=True))
        assert outcome.ok and len(outcome.rows) == ROWS, outcome.errors
        outcome = timed("  upload applied (values_save)", lambda: services.value_sheet_apply(
            user=user, reporting_year=reporting_year, content=filled, dry_run=False))
        assert outcome.applied and outcome.saved == ROWS


if __name__ == "__main__":
    main()
