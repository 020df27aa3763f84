"""The migration to measures (``indicators`` 0004–0006) keeps every value and every historical
record of a value: each indicator gets a measure of its own, each value and record its
indicator's measure. Run with Django's ``MigrationExecutor`` (as its docs show) on the demo data
plus a programme made before the migration, in a transactional test whose data is written back
afterwards (the demo snapshot, as the browser tests do)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("indicators", "0005_measures")]
AFTER = [("indicators", "0007_measure_required")]


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The database as the session loaded it, written back before the test and after it; the
    snapshot the browser tests may have taken is put back afterwards."""
    kept = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    connection._test_serialized_contents = snapshot
    yield
    connection._test_serialized_contents = kept
    # The transactional test emptied the database at its end; the tests after it (the browser
    # tests take their own snapshot of the demo data) expect the data the session loaded.
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(snapshot)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_gives_each_indicator_a_measure_and_keeps_values_and_history(demo_snapshot):
    apps = _migrate(BEFORE)
    Organisation = apps.get_model("programs", "Organisation")
    Programme = apps.get_model("programs", "Programme")
    Objective = apps.get_model("programs", "Objective")
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    History = apps.get_model("indicators", "HistoricalIndicatorValue")
    # The measures the current code gave the demo data are forgotten at 0004 (0005 reversed).
    assert not apps.get_model("indicators", "Measure").objects.exists()

    organisation = Organisation.objects.create(name="Podmiot sprzed migracji")
    programme = Programme.objects.create(
        kind="programme", title="Program sprzed migracji", short_name="PSM", slug="psm",
        first_year=2011, last_year=2020, status="adopted", level_names=["Cel"])
    task = Objective.objects.create(programme=programme, code="A", title="Cel A",
                                    sort_key="A")
    indicators = [
        Indicator.objects.create(objective=task, name=f"Liczba rodzin {n}", unit="families",
                                 value_kind="integer", reporting_organisation=organisation,
                                 position=n)
        for n in range(2)
    ]
    now = timezone.now()
    for indicator in indicators:
        for year in (2019, 2020):
            value = IndicatorValue.objects.create(indicator=indicator, year=year,
                                                  number=Decimal(year - 2000), state="accepted")
            for step, number in enumerate((year - 2001, year - 2000)):
                History.objects.create(
                    id=value.pk, indicator_id=indicator.pk, year=year, number=number,
                    state="accepted", version=step + 1, history_type="+" if not step else "~",
                    history_date=now + timedelta(seconds=step), no_data=False)
    values_before = dict(IndicatorValue.objects.values_list("pk", "indicator_id"))
    history_before = dict(History.objects.values_list("history_id", "indicator_id"))
    indicator_count = Indicator.objects.count()

    apps = _migrate(AFTER)
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    History = apps.get_model("indicators", "HistoricalIndicatorValue")
    Measure = apps.get_model("indicators", "Measure")
    measure_of = dict(Indicator.objects.values_list("pk", "measure_id"))
    assert len(measure_of) == indicator_count
    assert len(set(measure_of.values())) == indicator_count  # one measure each, none merged
    values_after = dict(IndicatorValue.objects.values_list("pk", "measure_id"))
    assert values_after == {pk: measure_of[indicator_id]
                            for pk, indicator_id in values_before.items()}
    history_after = dict(History.objects.values_list("history_id", "measure_id"))
    assert set(history_after) == set(history_before)
    assert all(history_after[pk] == measure_of.get(indicator_id)
               for pk, indicator_id in history_before.items() if indicator_id in measure_of)
    mine = Measure.objects.get(pk=measure_of[indicators[0].pk])
    assert (mine.name, mine.unit, mine.value_kind, mine.reporting_organisation_id) == (
        "Liczba rodzin 0", "families", "integer", organisation.pk)
