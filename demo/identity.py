"""The demo instance's identity: Białystok's family-assistance centre, whose documents the demo
programmes are (a real instance's administrator fills in its own in the administration). The
contact details are the demo's own, not the centre's."""

from django.db import transaction

from programs.models import InstanceIdentity

BIALYSTOK = {
    "name": "Miejski Ośrodek Pomocy Rodzinie w Białymstoku",
    "short_name": "MOPR Białystok",
    "city": "Białystok",
    "address": "ul. Malmeda 6\n15-440 Białystok",
    "accessibility_contact_person": "Koordynator do spraw dostępności (dane demonstracyjne)",
    "accessibility_contact_email": "dostepnosc@example.bialystok.pl",
    "accessibility_contact_phone": "85 000 00 00",
    "mayor_title": "Prezydent Miasta Białegostoku",
}


@transaction.atomic
def load_identity() -> bool:
    """Set Białystok's identity unless the instance has one; True when it was set."""
    if InstanceIdentity.objects.filter(pk=InstanceIdentity.SINGLETON_PK).exists():
        return False
    InstanceIdentity(**BIALYSTOK).save()
    return True
