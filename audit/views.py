"""The coordinator's audit log: a filtered, paginated list and its CSV download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from accounts.roles import require_coordinator
from audit.display import change_rows, changes_text, object_type_label
from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from lib.csvfile import csv_response

PAGE_SIZE = 50


def _filtered(request) -> AuditEventFilter:
    require_coordinator(request.user)
    return AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.newest_first())


@login_required
@require_safe
def event_list(request):
    events = _filtered(request)
    page = Paginator(events.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.type_label = object_type_label(event)
        event.change_rows = change_rows(event)
    return render(request, "audit/event_list.html", {"filter": events, "page": page})


@login_required
@require_safe
def event_export(request):
    events = _filtered(request)
    header = [
        _("When"), _("Who"), pgettext("audit log", "Action"), _("Object type"),
        _("Object id"), _("Object"), _("Before → after"), _("IP address"),
        _("Comment or reason"),
    ]
    rows = (
        [
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
        for event in events.qs.iterator(chunk_size=2000)
    )
    filename = f"dziennik-zdarzen-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, header, rows)
