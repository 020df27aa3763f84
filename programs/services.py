"""Writes to programmes and organisations: the data version, and what every loader shares.

- ``programme_data_changed`` is called by every service that changes what a programme's pages,
  reports or exports show, in its transaction: it bumps the programme's ``DataVersion`` and
  announces the change (``programs.signals.data_changed``: the reports are re-rendered).
- ``indicators.services.programmes.programme_load`` loads a whole programme with the load
  helpers: ``OrganisationRegistry`` resolves the many spellings of a body, ``save_if_changed``
  writes a record only when something differs, ``LoadStats`` counts what a load did.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext as _

from programs.models import DataVersion, FundingSource, Objective, Organisation, Programme
from programs.signals import data_changed


def programme_data_changed(*, programmes: Iterable[Programme], from_year: int | None = None
                           ) -> None:
    """Say that the data of these programmes changed from ``from_year`` on (``None``: every
    year): their data versions of those years and of the whole programme are bumped, and the
    change is announced. Call it inside the transaction that makes the change, last (the
    version rows stay locked until it commits)."""
    programmes = sorted({programme.pk: programme for programme in programmes}.values(),
                        key=lambda programme: programme.pk)
    if not programmes:
        return
    # New rows start at a random number: a programme made again under a deleted one's id can
    # never meet an entry cached for the old one.
    DataVersion.objects.bulk_create(
        [
            DataVersion(programme_id=programme.pk, year=year, version=secrets.randbits(40))
            for programme in programmes
            for year in [DataVersion.WHOLE_PROGRAMME, *programme.years]
        ],
        ignore_conflicts=True,
    )
    versions = DataVersion.objects.filter(programme__in=[p.pk for p in programmes])
    if from_year is not None:
        versions = versions.filter(Q(year=DataVersion.WHOLE_PROGRAMME) | Q(year__gte=from_year))
    versions.update(version=F("version") + 1)
    data_changed.send(
        sender=Programme, programme_ids=[p.pk for p in programmes], from_year=from_year
    )


def data_version(programme, year: int = DataVersion.WHOLE_PROGRAMME) -> int:
    """The programme's data version of ``year`` (default: of the whole programme); one query.
    Read it *before* reading the data a cached result is made from, so that a change committed
    in between makes the result newer than its key, never older."""
    return (
        DataVersion.objects.filter(programme=programme, year=year)
        .values_list("version", flat=True)
        .first()
        or 0
    )


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
    """Resolves the many spellings of a body to one ``Organisation``: by its name or one of its
    other names (aliases) first, by its short name only where no body has that name."""

    def __init__(self, stats: LoadStats):
        self.stats = stats
        self.by_name: dict[str, Organisation] = {}  # full names and aliases
        self.by_short_name: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self._remember(organisation)

    @staticmethod
    def _key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def _remember(self, organisation: Organisation) -> None:
        for name in [organisation.name, *organisation.aliases]:
            if name:
                self.by_name[self._key(name)] = organisation
        if organisation.short_name:
            self.by_short_name[self._key(organisation.short_name)] = organisation

    def declare(self, spec: dict) -> Organisation:
        """Create or update an organisation from ``{"name", "short_name", "kind", "aliases"}``.

        An existing body is the same one only when one of the spec's names is its name or one
        of its other names: a shared short name ("PUP") is not enough (the spreadsheet import
        asks the user about those)."""
        names = [spec["name"], *spec.get("aliases", [])]
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
                self.stats.updated += 1
        self._remember(existing)
        return existing

    def get(self, name: str | None, where: str) -> Organisation | None:
        if not name:
            return None
        key = self._key(name)
        try:
            return self.by_name[key] if key in self.by_name else self.by_short_name[key]
        except KeyError:
            raise ProgrammeDataError(
                _("%(where)s: unknown organisation “%(name)s”.") % {"where": where, "name": name}
            ) from None


def _funding_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def funding_source_names(source: FundingSource) -> list[str]:
    return [n for n in (source.name, source.short_name, *source.aliases) if n]


def funding_source_declare(*, name: str, short_name: str = "", aliases=()) -> FundingSource:
    """Create or update one funding source and fold into it every other record that carries
    one of its names (the goal-tree nodes that listed a duplicate list this one instead)."""
    keys = {_funding_key(n) for n in (name, short_name, *aliases) if n}
    matching = [fs for fs in FundingSource.objects.all()
                if keys & {_funding_key(n) for n in funding_source_names(fs)}]
    source = next((fs for fs in matching if _funding_key(fs.name) == _funding_key(name)),
                  matching[0] if matching else None)
    if source is None:
        source = FundingSource(name=name)
    duplicates = [fs for fs in matching if fs.pk != source.pk]
    merged_aliases = set(aliases) | set(source.aliases)
    for duplicate in duplicates:
        merged_aliases |= set(funding_source_names(duplicate))
    merged_aliases -= {name, short_name}
    source.name, source.short_name, source.aliases = name, short_name, sorted(merged_aliases)
    source.save()
    if duplicates:
        through = Objective.funding_sources.through
        objective_ids = set(through.objects.filter(fundingsource__in=duplicates)
                            .values_list("objective_id", flat=True))
        through.objects.filter(fundingsource__in=duplicates).delete()
        already = set(through.objects.filter(fundingsource=source, objective_id__in=objective_ids)
                      .values_list("objective_id", flat=True))
        through.objects.bulk_create(through(objective_id=pk, fundingsource=source)
                                    for pk in objective_ids - already)
        FundingSource.objects.filter(pk__in=[d.pk for d in duplicates]).delete()
        programmes = Programme.objects.filter(objectives__in=objective_ids).distinct()
        programme_data_changed(programmes=list(programmes))
    return source


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
