"""Records, at the end of each writing request, the history records it made in bulk."""

from django.utils import timezone

from audit.history import sync_history

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class AuditMiddleware:
    """Bulk saves (``bulk_update_with_history``) send no signal; this turns the history
    records a POST made into audit events while its user and address are still known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = timezone.now()
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            sync_history(since=started, request=request)
        return response
