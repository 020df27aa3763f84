"""Account pages beyond Django's login/logout: changing one's password, the lockout page."""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.signals import password_changed


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, announced (``password_changed``) for the audit log.

    Django keeps this session logged in (``update_session_auth_hash``) and every other session
    of the user ends, because its stored password hash no longer matches.
    """

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed.send(sender=type(self), user=self.request.user, request=self.request)
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
