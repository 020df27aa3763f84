"""A per-address rate limit for expensive pages anonymous visitors may ask for (the consultation
report), counted in the cache every web worker shares (``CACHES['shared']``) by the real client
address (``lib.client_address``). Logged-in users are not limited. The API has DRF's throttle."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.client_address import client_address

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"30/minute"`` → (30, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()]


def anonymous_rate_limited(setting: str, default: str):
    """Limit a view to ``settings.<setting>`` requests per address and period for anonymous
    visitors; over it they get HTTP 429 with ``Retry-After`` (fixed windows)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = getattr(settings, setting, default)
            if rate and not request.user.is_authenticated:
                allowed, period = parse_rate(rate)
                now = int(time.time())
                window = now // period
                name = f"{view.__module__}.{view.__name__}"
                key = f"anon-rate:{name}:{client_address(request)}:{window}"
                cache = caches["shared"]
                cache.add(key, 0, period + 1)
                try:
                    count = cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, period + 1)
                    count = 1
                if count > allowed:
                    wait = (window + 1) * period - now
                    response = HttpResponse(
                        ngettext("Too many requests. Try again in %(wait)d second.",
                                 "Too many requests. Try again in %(wait)d seconds.", wait)
                        % {"wait": wait} + " " + _("Logged-in users are not limited."),
                        status=429, content_type="text/plain; charset=utf-8")
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
