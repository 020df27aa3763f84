"""The coordinator's audit log: a filtered, paginated list and its CSV download."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.roles import require_coordinator
from audit.display import change_rows, object_type_label
from audit.exporters import AuditLogCSV
from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.services import audit_record
from lib.database import WriteFailed, guarded_write
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


@login_required
def lockouts(request):
    """The accounts locked out just now (user name + address, django-axes' attempts over the
    limit within the cool-off), and a button to unlock each: for the coordinator, who knows the
    person on the phone. Unlocking is recorded in the audit log."""
    require_coordinator(request.user)
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt") or None).first()
        if attempt is None:
            messages.info(request, _("That lockout has already ended."))
            return redirect("audit:lockouts")
        try:
            with guarded_write(), transaction.atomic():
                axes_reset(username=attempt.username, ip=attempt.ip_address)
                locked_user = get_user_model().objects.filter(username=attempt.username).first()
                audit_record(action=AuditEvent.Action.ACCOUNT_UNLOCKED, user=request.user,
                             obj=locked_user, request=request,
                             comment=_("%(username)s from %(address)s") % {
                                 "username": attempt.username, "address": attempt.ip_address})
        except WriteFailed as error:
            messages.error(request, error.messages[0])
            return redirect("audit:lockouts")
        messages.success(request, _("%(username)s can log in again.") % {
            "username": attempt.username})
        return redirect("audit:lockouts")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since,
    ).order_by("-attempt_time")
    rows = [(attempt, attempt.attempt_time + settings.AXES_COOLOFF_TIME) for attempt in locked]
    return render(request, "audit/lockouts.html", {"rows": rows})
