"""Re-render reports in the background as soon as the data they are made from changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators.models import Indicator, IndicatorValue
from programs.models import Objective, Programme, ReportingYear
from reports.tasks import prerender_enabled, schedule_prerender


@receiver([post_save, post_delete], sender=IndicatorValue)
def value_changed(sender, instance, raw=False, **kwargs):
    if raw or not prerender_enabled():
        return
    programme_id = (
        Indicator.objects.filter(pk=instance.indicator_id)
        .values_list("objective__programme_id", flat=True)
        .first()
    )
    if programme_id:
        schedule_prerender(programme_id, instance.year)


@receiver(post_save, sender=ReportingYear)
def reporting_year_changed(sender, instance, raw=False, **kwargs):
    if not raw and prerender_enabled():
        schedule_prerender(instance.programme_id, instance.year)


@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=Objective)
def structure_changed(sender, instance, raw=False, **kwargs):
    if raw or not prerender_enabled():
        return
    programme_id = (
        instance.programme_id if sender is Objective
        else Objective.objects.filter(pk=instance.objective_id)
        .values_list("programme_id", flat=True).first()
    )
    if programme_id:
        schedule_prerender(programme_id, 1990)


@receiver(post_save, sender=Programme)
def programme_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created and prerender_enabled():
        schedule_prerender(instance.pk, 1990)
