"""Throttling of anonymous use; logged-in and token users are not throttled."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from lib.client_address import client_address


class AnonymousRateThrottle(AnonRateThrottle):
    """``AnonRateThrottle`` with its rate read from ``settings.API_ANONYMOUS_RATE`` at request
    time (DRF reads its own setting once at import, which tests and deployments cannot change)."""

    @property
    def cache(self):
        """The cache all web workers share (``CACHES['shared']``): a per-process count lets
        every gunicorn worker grant the whole rate."""
        return caches["shared"]

    def get_rate(self):
        return getattr(settings, "API_ANONYMOUS_RATE", "120/minute")

    def get_ident(self, request):
        """The real client behind the trusted proxies (``settings.TRUSTED_PROXIES``), the rule
        the lockout and the audit log use."""
        return client_address(request) or ""
