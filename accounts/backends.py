"""Authentication backends: django-axes' lockout check, tolerant of calls without a request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses logins of locked-out user name + address pairs (django-axes).

    Every login over HTTP (the login page, the admin, DRF's basic authentication) passes the
    request, so it is checked. ``authenticate()`` without a request — management commands, the
    test client's ``login()`` — has no address to lock and nothing to throttle; axes would raise
    there, so this backend lets such calls through to the next backend instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
