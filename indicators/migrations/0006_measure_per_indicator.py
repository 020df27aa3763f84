"""Give every existing indicator a measure of its own and hand its values (and their history)
to that measure. Indicators that count the same thing are not merged here: linking is an
explicit step of the coordinator (``indicators.services.measures``)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def measures_from_indicators(apps, schema_editor):
    """One measure per indicator (its name, unit, kind, organisation); each value and each
    historical record of a value gets its indicator's measure. Nothing is deleted."""
    Indicator = apps.get_model("indicators", "Indicator")
    Measure = apps.get_model("indicators", "Measure")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    HistoricalIndicatorValue = apps.get_model("indicators", "HistoricalIndicatorValue")
    indicators = list(Indicator.objects.filter(measure__isnull=True).order_by("pk"))
    measures = Measure.objects.bulk_create([
        Measure(name=indicator.name, unit=indicator.unit, value_kind=indicator.value_kind,
                reporting_organisation_id=indicator.reporting_organisation_id)
        for indicator in indicators
    ])
    for indicator, measure in zip(indicators, measures, strict=True):
        indicator.measure_id = measure.pk
    Indicator.objects.bulk_update(indicators, ["measure"], batch_size=500)
    measure_of = Subquery(
        Indicator.objects.filter(pk=OuterRef("indicator_id")).values("measure_id")[:1]
    )
    IndicatorValue.objects.filter(measure__isnull=True).update(measure_id=measure_of)
    HistoricalIndicatorValue.objects.filter(measure__isnull=True).update(measure_id=measure_of)


def forget_measures(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    HistoricalIndicatorValue = apps.get_model("indicators", "HistoricalIndicatorValue")
    Measure = apps.get_model("indicators", "Measure")
    HistoricalIndicatorValue.objects.update(measure=None)
    IndicatorValue.objects.update(measure=None)
    Indicator.objects.update(measure=None)
    Measure.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_measures")]

    operations = [migrations.RunPython(measures_from_indicators, forget_measures)]
