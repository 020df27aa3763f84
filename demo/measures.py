"""The demo programmes' indicators that count the same thing, linked to one measure each (see
``fixtures/README.md``): the 2021–2024 social assistance programme and the 2021–2030 strategy
share four, and two indicators of the 2011–2020 strategy go on in the 2021–2030 one, so their
series runs on from one strategy to the next. Linked through the register's service, as a
coordinator links them; loading twice changes nothing."""

from django.core.exceptions import ValidationError

from indicators.models import Indicator
from indicators.services.measures import indicator_link

# (programme, task code, start of the indicator's name) of the indicator whose measure is kept,
# then of the indicator linked to it.
DEMO_LINKS = [
    (("program-pomocy-spolecznej-2021-2024", "3.1",
      "Liczba osób skierowanych do środowiskowych domów samopomocy"),
     ("strategia-2021-2030", "G.2.2",
      "Liczba osób skierowanych do środowiskowych domów samopomocy")),
    (("program-pomocy-spolecznej-2021-2024", "3.2",
      "Liczba mieszkańców Białegostoku umieszczonych w domach pomocy społecznej"),
     ("strategia-2021-2030", "G.2.2",
      "Liczba mieszkańców Białegostoku umieszczonych w domach pomocy społecznej")),
    (("program-pomocy-spolecznej-2021-2024", "3.2",
      "Liczba mieszkańców Białegostoku oczekujących na umieszczenie w domach"),
     ("strategia-2021-2030", "G.2.2",
      "Liczba mieszkańców Białegostoku oczekujących na umieszczenie w domu")),
    (("program-pomocy-spolecznej-2021-2024", "3.2",
      "Liczba osób objętych programem osłonowym w zakresie zmniejszenia wydatków poniesionych "
      "na leki"),
     ("strategia-2021-2030", "G.2.1",
      "Liczba mieszkańców objętych programem osłonowym w zakresie zmniejszenia wydatków "
      "poniesionych na leki")),
    # Not the waste-fee shield programme (3.2 / G.4.3): MOPR reports it in the one, the
    # Social Affairs Department in the other, and a measure has one reporting organisation.
    (("strategia-2011-2020", "F.3.2",
      "Liczba osób zaangażowanych na rzecz integracji międzypokoleniowej"),
     ("strategia-2021-2030", "F.3.2",
      "Liczba osób zaangażowanych na rzecz integracji międzypokoleniowej")),
    (("strategia-2011-2020", "E.3.1", "Kwota wierzytelności objęta działaniami"),
     ("strategia-2021-2030", "E.3.1", "Kwota wierzytelności objęta działaniami")),
]


def _find(slug: str, code: str, name: str) -> Indicator | None:
    return (Indicator.objects.filter(objective__programme__slug=slug, objective__code=code,
                                     name__startswith=name).order_by("pk").first())


def link_demo_measures() -> list[str]:
    """Link ``DEMO_LINKS`` where both programmes are loaded and not linked yet; returns what
    was linked or why a link was refused (a fixture changed so that they differ)."""
    done = []
    for kept, linked in DEMO_LINKS:
        target, indicator = _find(*kept), _find(*linked)
        if target is None or indicator is None or target.measure_id == indicator.measure_id:
            continue
        try:
            indicator_link(user=None, indicator=indicator, measure=target.measure)
        except ValidationError as error:
            done.append(f"{linked[0]} {linked[1]}: {' '.join(error.messages)}")
        else:
            done.append(f"{linked[0]} {linked[1]} → {kept[0]} {kept[1]}")
    return done
