"""Writes to programmes and organisations, and what every loader shares.

``indicators.services.programmes.programme_load`` loads a whole programme with these helpers:
``OrganisationRegistry`` resolves the many spellings of a body, ``save_if_changed`` writes a
record only when something differs, ``LoadStats`` counts what a load did.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from programs.models import Organisation


class ProgrammeDataError(ValueError):
    """The programme data is inconsistent; the message says where, in Polish."""


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.organisations_created)


class OrganisationRegistry:
    """Resolves the many spellings of a body to one ``Organisation`` (by name or alias)."""

    def __init__(self, stats: LoadStats):
        self.stats = stats
        self.by_name: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self._remember(organisation)

    @staticmethod
    def _key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def _remember(self, organisation: Organisation) -> None:
        for name in [organisation.name, organisation.short_name, *organisation.aliases]:
            if name:
                self.by_name[self._key(name)] = organisation

    def declare(self, spec: dict) -> Organisation:
        """Create or update an organisation from ``{"name", "short_name", "kind", "aliases"}``."""
        names = [spec["name"], spec.get("short_name", ""), *spec.get("aliases", [])]
        existing = next((self.by_name[self._key(n)] for n in names if n and
                         self._key(n) in self.by_name), None)
        if existing is None:
            existing = Organisation.objects.create(
                name=spec["name"],
                short_name=spec.get("short_name", ""),
                kind=spec.get("kind", Organisation.Kind.PUBLIC),
                aliases=sorted(set(spec.get("aliases", []))),
                email=spec.get("email", ""),
            )
            self.stats.organisations_created.append(existing.name)
        else:
            aliases = sorted(set(existing.aliases) | set(spec.get("aliases", [])))
            if aliases != existing.aliases:
                existing.aliases = aliases
                existing.save(update_fields=["aliases"])
        self._remember(existing)
        return existing

    def get(self, name: str | None, where: str) -> Organisation | None:
        if not name:
            return None
        try:
            return self.by_name[self._key(name)]
        except KeyError:
            raise ProgrammeDataError(
                _("%(where)s: unknown organisation “%(name)s”.") % {"where": where, "name": name}
            ) from None


def save_if_changed(instance, values: dict, stats: LoadStats) -> bool:
    """Set ``values`` on ``instance`` and save it only if something differs.

    The loaders (programmes here, the demo consultation) count what they did in ``stats``, so
    loading the same data twice changes nothing and says so.
    """
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        stats.created += 1
        return True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        stats.unchanged += 1
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    stats.updated += 1
    return True
