"""The instance's identity as pages, e-mails and documents read it (``InstanceIdentity``).

``current_identity()`` gives a plain, immutable ``Identity``: from Django's cache when it is
there (no query), else one query, then cached. Saving or deleting the record forgets it
(``programs.models.forget_identity``); with the per-process default cache the other web workers
see a change within ``TIMEOUT`` seconds, with a shared cache (``CACHE_BACKEND``) at once.

Without a record every field is empty and the ``…_or_default`` properties give neutral wording,
so a fresh instance works and names no city; the start page and the administration's index say
that the identity should be filled in (``configured`` is false).
"""

from dataclasses import dataclass, fields

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import gettext as _

from programs.models import IDENTITY_CACHE_KEY, InstanceIdentity

TIMEOUT = 60


@dataclass(frozen=True)
class Identity:
    name: str = ""
    short_name: str = ""
    city: str = ""
    address: str = ""
    accessibility_contact_person: str = ""
    accessibility_contact_email: str = ""
    accessibility_contact_phone: str = ""
    mayor_title: str = ""
    logo: str = ""  # the stored file's name ("" without a logo)
    configured: bool = False

    @property
    def name_or_default(self) -> str:
        """The institution's name, or a neutral description of it."""
        return self.name or _("The institution running this application")

    @property
    def short_name_or_default(self) -> str:
        """What follows every page's title and signs spreadsheets."""
        return self.short_name or self.name or _("Monitoring of social programmes")

    @property
    def mayor_title_or_default(self) -> str:
        return self.mayor_title or _("the Mayor")

    @property
    def has_accessibility_contact(self) -> bool:
        return bool(self.accessibility_contact_person or self.accessibility_contact_email
                    or self.accessibility_contact_phone)


_FIELDS = [field.name for field in fields(Identity) if field.name not in ("logo", "configured")]


def _read() -> Identity:
    record = InstanceIdentity.objects.filter(pk=InstanceIdentity.SINGLETON_PK).first()
    if record is None:
        return Identity()
    return Identity(**{name: getattr(record, name) for name in _FIELDS},
                    logo=record.logo.name if record.logo else "",
                    configured=bool(record.name))


def current_identity() -> Identity:
    """The instance's identity: cached, one query when not."""
    identity = cache.get(IDENTITY_CACHE_KEY)
    if identity is None:
        try:
            identity = _read()
        except DatabaseError:
            # A page must still render (e.g. the "database busy" page): neutral, not cached.
            return Identity()
        cache.set(IDENTITY_CACHE_KEY, identity, TIMEOUT)
    return identity


def example_signatory() -> str:
    """The example under the lock form's "accepted by": the identity's Mayor's title."""
    return _('E.g. "%(title)s Jan Kowalski".') % {
        "title": current_identity().mayor_title_or_default}
