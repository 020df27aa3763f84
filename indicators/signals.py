"""A measure goes with its last indicator.

An indicator is deleted by the cascade of its task or programme (the admin, a programme
re-imported from scratch), which no service of this app sees; a measure left with no indicator
would keep values no programme shows, and its organisation could no longer be deleted. So when
the last indicator of a measure is deleted, the measure is deleted with its values (as deleting
an indicator deleted its values before measures existed).
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from indicators.models import Indicator, Measure


@receiver(post_delete, sender=Indicator, dispatch_uid="indicators.measure_goes_with_indicator")
def measure_goes_with_last_indicator(sender, instance, **kwargs):
    Measure.objects.filter(pk=instance.measure_id, indicators__isnull=True).delete()
