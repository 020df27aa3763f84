"""How an audit event reads on the page and in the CSV: from what was stored when it was
recorded (``AuditEvent.changes``, ``object_type_label``), so no model of another app is needed."""

from django.utils.translation import gettext as _

from audit.models import AuditEvent


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def change_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """``(field label, before, after)`` for each field the event records. Events stored without
    their readable form (written directly, not through ``audit.services``) show the raw names."""
    if event.changes:
        return [tuple(row) for row in event.changes]
    names = dict.fromkeys([*event.before, *event.after])
    return [(name, _plain(event.before.get(name)), _plain(event.after.get(name))) for name in names]


def changes_text(event: AuditEvent) -> str:
    """The changes on one line, for CSV: "value: 12 → 15; state: draft → submitted"."""
    return "; ".join(f"{label}: {before} → {after}" for label, before, after in change_rows(event))


def object_type_label(event: AuditEvent) -> str:
    return event.object_type_label or event.object_type


def object_type_choices() -> list[tuple[str, str]]:
    """The object types the log holds events of, by name (the filter's choices; one query)."""
    pairs = (
        AuditEvent.objects.exclude(object_type="")
        .values_list("object_type", "object_type_label")
        .distinct()
    )
    names = {}
    for object_type, label in pairs:
        names[object_type] = names.get(object_type) or label or object_type
    return sorted(names.items(), key=lambda pair: pair[1])
