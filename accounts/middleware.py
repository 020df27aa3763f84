"""Sliding session expiry without a database write on every request."""

import time

from django.conf import settings

REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Moves a logged-in session's expiry ``SESSION_COOKIE_AGE`` on from now, at most once per
    ``SESSION_REFRESH_INTERVAL`` seconds.

    A session thus ends after ``SESSION_COOKIE_AGE`` minus at most the interval of inactivity
    (25–30 minutes with the defaults), while pages read by an active user cost no session
    write (``SESSION_SAVE_EVERY_REQUEST`` would write on every request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(REFRESHED_AT, 0)
            if now - last >= settings.SESSION_REFRESH_INTERVAL:
                request.session[REFRESHED_AT] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)


def stamp_session_on_login(sender, request, user, **kwargs):
    """A ``user_logged_in`` receiver: the login itself just saved the session with a fresh
    expiry, so the first pages after it need no refresh (and no extra write)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_AT] = int(time.time())
