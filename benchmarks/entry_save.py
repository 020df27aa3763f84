"""Saving 300 values through the data-entry service (target: under 1 s).

Runs on a throwaway SQLite database in a temporary folder (or the database named by
BENCH_DATABASE_URL); prints the time to create 300 values, to change them all, and to submit.

    .venv/bin/python benchmarks/entry_save.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="entry-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from indicators.inputs import ValueInput  # noqa: E402
from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind  # noqa: E402
from indicators.services.review import values_submit  # noqa: E402
from indicators.services.values import values_save  # noqa: E402
from programs.models import Objective, Organisation, Programme, ReportingYear  # noqa: E402

SIZE = 300
YEAR = 2021


def build():
    organisation = Organisation.objects.create(name="Organizacja testowa")
    user = User.objects.create_user("bench", organisation=organisation)
    user.groups.add(Group.objects.get_or_create(name=roles.DATA_ENTRY)[0])
    programme = Programme.objects.create(
        kind="programme", title="Benchmark", short_name="B", slug="bench",
        first_year=2018, last_year=2024, uses_deviation_assessment=True)
    task = Objective.objects.create(programme=programme, code="A.1", title="Zadanie")
    indicators = Indicator.objects.bulk_create(
        Indicator(objective=task, name=f"Wskaźnik {n}", unit=Unit.PERSONS,
                  value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
                  reporting_organisation=organisation, position=n)
        for n in range(SIZE))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, year=y, number=Decimal(1000 + y), state="accepted")
        for i in indicators for y in (2018, 2019, 2020))
    year = ReportingYear.objects.create(programme=programme, year=YEAR)
    return user, year, indicators


def timed(label, function):
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed * 1000:.0f} ms")
    return result


def main():
    call_command("migrate", verbosity=0)
    user, year, indicators = build()
    inputs = [ValueInput(i.pk, f"3\u00a0{100 + n:03d}", remarks="uwaga")
              for n, i in enumerate(indicators)]
    result = timed(f"create {SIZE} values", lambda: values_save(
        user=user, reporting_year=year, inputs=inputs))
    assert result.ok and len(result.created) == SIZE, result.errors
    inputs = [ValueInput(i.pk, f"3 {200 + n:03d}", version=1)
              for n, i in enumerate(indicators)]
    result = timed(f"change {SIZE} values", lambda: values_save(
        user=user, reporting_year=year, inputs=inputs))
    assert result.ok and len(result.updated) == SIZE, result.errors
    result = timed(f"submit {SIZE} values", lambda: values_submit(
        user=user, reporting_year=year, organisation=user.organisation))
    assert result.ok and result.submitted == SIZE, result.errors


if __name__ == "__main__":
    main()
