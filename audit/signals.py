"""The audit events no service of ours writes: logins and logouts (Django's signals), lockouts
(django-axes') and password changes (``accounts.signals``). Everything else is recorded by the
service that makes the change (``audit.services.AuditTrail``).

``connect()`` (from ``AuditConfig.ready``) attaches the receivers.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts import signals as accounts_signals
from audit.models import AuditEvent
from audit.services import audit_record

Action = AuditEvent.Action


def logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN_SUCCEEDED, user=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(action=Action.LOGIN_FAILED, user=user, username=username, request=request)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.LOGGED_OUT, user=user, request=request)


def password_changed(sender, user, request, **kwargs):
    audit_record(action=Action.PASSWORD_CHANGED, user=user, request=request)


def locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(action=Action.LOCKED_OUT, user=user, username=username, request=request)


def connect():
    uid = "audit"
    user_logged_in.connect(logged_in, dispatch_uid=f"{uid}-logged-in")
    user_login_failed.connect(login_failed, dispatch_uid=f"{uid}-login-failed")
    user_logged_out.connect(logged_out, dispatch_uid=f"{uid}-logged-out")
    accounts_signals.password_changed.connect(
        password_changed, dispatch_uid=f"{uid}-password-changed"
    )
    user_locked_out.connect(locked_out, dispatch_uid=f"{uid}-locked-out")
