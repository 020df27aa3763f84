"""Account pages beyond Django's login/logout: changing one's password, the lockout page. (The
coordinator's list of locked-out accounts, which records unlocking in the audit log, is the audit
app's.)"""

from importlib import import_module

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import LoginForm
from accounts.signals import password_changed
from lib.database import WriteFailed, guarded_write


def _restore_session(request, session_key) -> None:
    """Forget what a rolled-back login or password change did to the session in memory (new
    key, new password hash): the response must not save it over the stored one."""
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(session_key)


class LoginView(auth_views.LoginView):
    """Django's login. When the database cannot record the login (session, last login, audit
    event: one transaction), the form comes back with the message and the user name."""

    form_class = LoginForm

    def form_valid(self, form):
        session_key = self.request.session.session_key
        try:
            with guarded_write(), transaction.atomic():
                return super().form_valid(form)
        except WriteFailed as error:
            _restore_session(self.request, session_key)
            self.request.user = AnonymousUser()
            form.add_error(None, error)
            return self.form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, announced (``password_changed``) for the audit log, which
    records it in the same transaction.

    Django keeps this session logged in (``update_session_auth_hash``) and every other session
    of the user ends, because its stored password hash no longer matches.
    """

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        session_key = self.request.session.session_key
        try:
            with guarded_write(), transaction.atomic():
                response = super().form_valid(form)
                password_changed.send(
                    sender=type(self), user=self.request.user, request=self.request
                )
        except WriteFailed as error:
            _restore_session(self.request, session_key)
            self.request.user.refresh_from_db(fields=["password"])
            form.add_error(None, error)
            return self.form_invalid(form)
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' response to a login attempt while the user name + address is locked out
    (``AXES_LOCKOUT_CALLABLE``): a page in Polish, with HTTP 429."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )

