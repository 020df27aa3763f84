"""Writing audit events. Every event goes through ``audit_record`` (or, for history-tracked
models, through ``audit.history``), so who, when and from where are filled in one way."""

import ipaddress

from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.models import AuditEvent


def current_request():
    """The request being served, as django-simple-history's middleware keeps it (or None)."""
    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request) -> str | None:
    """The client's address: django-axes' reading (which honours its proxy settings) when it
    has looked at the request, otherwise REMOTE_ADDR; None when absent or not an address."""
    if request is None:
        return None
    candidate = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def request_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def audit_record(
    *,
    action: str,
    user=None,
    username: str = "",
    obj=None,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
    request=None,
) -> AuditEvent:
    """Record one event. ``user`` defaults to the user of ``request`` (or of the request being
    served); ``obj`` fills the object type, id and label."""
    request = request if request is not None else current_request()
    user = user if user is not None else request_user(request)
    return AuditEvent.objects.create(
        created_at=timezone.now(),
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:500] if obj is not None else "",
        before=before or {},
        after=after or {},
        remote_ip=client_ip(request),
        comment=comment,
    )
