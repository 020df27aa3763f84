"""The coordinator's audit log: a filtered, paginated list and its CSV download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.roles import require_coordinator
from audit.display import change_rows, object_type_label
from audit.exporters import AuditLogCSV
from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from lib.exporters import download

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
    return download(AuditLogCSV(_filtered(request).qs).render())
