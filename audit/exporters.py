"""The audit log as CSV (the filtered list's download), in the project's exporter shape."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from audit.display import changes_text, object_type_label
from lib.exporters import TableExporter


class AuditLogCSV(TableExporter):
    """The events of ``events`` (a queryset, newest first), one row each."""

    identifier = "audit_log_csv"

    def __init__(self, events):
        self.events = events

    def filename(self) -> str:
        return f"dziennik-zdarzen-{timezone.localdate():%Y-%m-%d}.csv"

    def header(self) -> list[str]:
        return [
            _("When"),
            _("Who"),
            pgettext("audit log", "Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Before → after"),
            _("IP address"),
            _("Comment or reason"),
        ]

    def rows(self):
        for event in self.events.iterator(chunk_size=2000):
            yield [
                date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT"),
                event.username,
                event.get_action_display(),
                object_type_label(event),
                event.object_id,
                event.object_label,
                changes_text(event),
                event.remote_ip or "",
                event.comment,
            ]
