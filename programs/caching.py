"""Reads cached by a programme's data version (djangoproject.com keys its dashboard cache on a
generation number the same way).

The version is read first and the result computed after it, so a change committed in between
makes the cached result newer than its key, never older; any change bumps the version, so an
entry is never stale — it is simply not asked for again, and the cache forgets it. The cache is
Django's (``settings.CACHES``; per process by default, which is enough: each gunicorn worker
warms its own).
"""

from django.core.cache import cache

from programs.models import DataVersion
from programs.services import data_version

TIMEOUT = 60 * 60


def cached_by_version(
    programme, name: str, compute, *, year: int = DataVersion.WHOLE_PROGRAMME, parts=()
):
    """``compute()``'s result for the programme's current data version of ``year`` (the whole
    programme by default), computed once per version; ``parts`` tell apart results of the same
    ``name`` (a viewer's kind, filters). One query when cached."""
    version = data_version(programme, year)
    key = ":".join(str(part) for part in ("v1", name, programme.pk, year, version, *parts))
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, TIMEOUT)
    return result
