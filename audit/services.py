"""Writing audit events. The services of the other apps record what they change, in the
transaction of the change (as pretix's services call ``log_action``); logins, logouts, lockouts
and password changes come from their signals (``audit.signals``).

- ``AuditTrail`` collects the events of one service call and writes them in one INSERT:
  ``created``, ``changed`` (only the fields that differ; nothing when none does) and
  ``deleted`` take model instances and a ``snapshot`` taken before the change.
- ``audit_record`` writes one event at once.

Who, when and from where are filled in one way: the user the service acted for (else the user
of the request being served), the request's address. Each event also gets its readable form —
the object type's name and ``before → after`` with field and choice labels, Polish numbers and
dates — in the instance's language, so the log's pages need no knowledge of the models.
"""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from audit.models import AuditEvent
from lib.client_address import client_address
from lib.numbers import format_polish


def current_request():
    """The request being served, as django-simple-history's middleware keeps it (or None)."""
    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request) -> str | None:
    """The client's address behind the configured proxies (``lib.client_address``, the rule the
    lockout uses too); None when absent or not an address."""
    return client_address(request)


def request_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


# --- what an object looks like ----------------------------------------------------------------


def audited_fields(model) -> list:
    """The fields whose changes the log records: every concrete field but the primary key and
    those the model names in ``AUDIT_IGNORED_FIELDS`` (derived ones, who saved it — that is the
    event's "who")."""
    ignored = set(getattr(model, "AUDIT_IGNORED_FIELDS", ()))
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in ignored and field.attname not in ignored
    ]


def snapshot(instance) -> dict:
    """The audited fields of ``instance`` as stored values (by attname): take one before a
    change, to record what the change did."""
    return {
        field.attname: getattr(instance, field.attname) for field in audited_fields(type(instance))
    }


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [name for name, value in after.items() if before.get(name) != value]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def value_display(field, value) -> str:
    """A stored value as people read it: choice labels, "yes"/"no", Polish numbers and dates."""
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal) or (field is not None and isinstance(field, models.DecimalField)):
        try:
            return format_polish(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date) or (field is not None and isinstance(field, models.DateField)):
        parsed = value if isinstance(value, date) else parse_date(str(value))
        return date_format(parsed, "DATE_FORMAT") if parsed else str(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def describe(model, before: dict, after: dict) -> list[list[str]]:
    """``[[field label, before, after], …]`` for each field the event records."""
    fields = {field.attname: field for field in model._meta.concrete_fields} if model else {}
    rows = []
    for name in dict.fromkeys([*before, *after]):
        field = fields.get(name)
        label = str(field.verbose_name) if field is not None else name
        rows.append(
            [label, value_display(field, before.get(name)), value_display(field, after.get(name))]
        )
    return rows


# --- recording ----------------------------------------------------------------------------


class AuditTrail:
    """The events of one service call, written together by ``save`` (one INSERT).

    ``user`` is who acted (``None``: the user of the request being served, if any). The address
    is that of ``request`` when one is given (logins); otherwise that of the request being
    served, for events of its own user.
    """

    def __init__(self, *, user=None, request=None):
        served = request if request is not None else current_request()
        self.user = user if user is not None else request_user(served)
        own = request is not None or self.user is None or self.user == request_user(served)
        self.ip = client_ip(served) if own else None
        self.events: list[AuditEvent] = []

    def add(
        self,
        action: str,
        *,
        obj=None,
        before=None,
        after=None,
        comment: str = "",
        username: str = "",
        model=None,
    ) -> AuditEvent:
        """One event about ``obj`` (a model instance) or about nobody in particular."""
        before, after = before or {}, after or {}
        model = model or (type(obj) if obj is not None else None)
        with translation.override(settings.LANGUAGE_CODE):
            event = AuditEvent(
                created_at=timezone.now(),
                user=self.user,
                username=(username or (self.user.get_username() if self.user else ""))[:150],
                action=action,
                object_type=model._meta.label_lower if model else "",
                object_type_label=str(model._meta.verbose_name)[:100] if model else "",
                object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
                object_label=str(obj)[:500] if obj is not None else "",
                before=before,
                after=after,
                changes=describe(model, before, after),
                remote_ip=self.ip,
                comment=comment or "",
            )
        self.events.append(event)
        return event

    def created(self, action: str, obj, *, comment: str = "") -> AuditEvent:
        after = {name: value for name, value in snapshot(obj).items() if value not in (None, "")}
        return self.add(action, obj=obj, after=after, comment=comment)

    def changed(
        self, action: str, obj, before: dict, *, comment: str = "", always: bool = False
    ) -> AuditEvent | None:
        """The fields of ``obj`` that differ from ``before`` (its ``snapshot``); no event when
        none does, unless ``always``."""
        changed_before, changed_after = _diff(before, snapshot(obj))
        if not changed_after and not always:
            return None
        return self.add(
            action, obj=obj, before=changed_before, after=changed_after, comment=comment
        )

    def deleted(self, action: str, obj, *, comment: str = "") -> AuditEvent:
        return self.add(action, obj=obj, before=snapshot(obj), comment=comment)

    def save(self) -> list[AuditEvent]:
        events, self.events = self.events, []
        if events:
            AuditEvent.objects.bulk_create(events)
        return events


def audit_record(
    *,
    action: str,
    user=None,
    username: str = "",
    obj=None,
    before=None,
    after=None,
    comment: str = "",
    request=None,
) -> AuditEvent:
    """Record one event now (logins and the like)."""
    trail = AuditTrail(user=user, request=request)
    trail.add(action, obj=obj, before=before, after=after, comment=comment, username=username)
    return trail.save()[0]
