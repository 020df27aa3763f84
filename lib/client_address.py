"""The real client address behind the configured reverse proxies (``settings.TRUSTED_PROXIES``).

Each proxy appends the address it received the request from to ``X-Forwarded-For``; a client may
send the header with anything in it. With N trusted proxies in front of the application the
client is therefore the N-th address from the right: the one the outermost trusted proxy saw.
Everything to its left is the client's own word and is ignored. With no trusted proxy (``0``,
the default, ``make run``) the header is ignored and the socket's address (``REMOTE_ADDR``) is
the client. One rule for the lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``), the audit log
and the API's throttling.
"""

import ipaddress

from django.conf import settings


def _address(text) -> str | None:
    try:
        return str(ipaddress.ip_address(str(text).strip())) if text else None
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address, or None when the request has none that parses."""
    if request is None:
        return None
    meta = getattr(request, "META", {})
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return _address(hops[-min(proxies, len(hops))])
    return _address(meta.get("REMOTE_ADDR"))
