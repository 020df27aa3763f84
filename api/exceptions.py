"""One JSON shape for every API error, with field-level messages in the request's language.

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"values.0.value": ["…"]}}

``errors`` maps a field (dotted for nested items: ``values.2.no_data_reason``) to its messages,
and is empty when the error is not about a field. A conflict (409) adds ``current``: the value
someone else saved. Messages follow Accept-Language (Django's LocaleMiddleware picks it).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from indicators.access import EntryClosed

logger = logging.getLogger(__name__)


class ValuesRejected(exceptions.APIException):
    """A write the service refused field by field (400), or because of a stale version (409)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"
    default_detail = gettext_lazy("Nothing was saved: correct the fields listed in “errors”.")

    def __init__(self, errors: dict, *, conflict: bool = False, current=None):
        if conflict:
            self.status_code = status.HTTP_409_CONFLICT
            detail = _(
                "Nothing was saved: someone else changed a value meanwhile. “current” holds "
                "what is saved now; send its version with your change."
            )
            code = "conflict"
        else:
            detail, code = self.default_detail, self.default_code
        super().__init__(detail, code)
        self.errors = errors
        self.current = current


class DatabaseUnavailable(exceptions.APIException):
    """The database could not carry out the request (busy beyond its timeout, disconnected);
    every write is atomic, so nothing of it was saved and the client may send it again."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"
    default_detail = gettext_lazy(
        "The database could not carry out the request just now, so nothing was saved. Send it "
        "again in a moment."
    )


class BodyTooLarge(exceptions.APIException):
    """A request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses to read it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        super().__init__(
            _("The request body is larger than %(size)s MB: send fewer values at a time.")
            % {"size": f"{megabytes:g}"}
        )


def flatten_errors(data, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"dotted.field": [messages]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and data and all(not isinstance(i, dict | list) for i in data):
        flat[prefix or "non_field_errors"] = [str(item) for item in data]
    elif isinstance(data, list):
        for index, value in enumerate(data):
            flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
    elif data not in (None, ""):
        flat[prefix or "non_field_errors"] = [str(data)]
    return flat


def _translate(exc):
    """Django's exceptions as DRF's, keeping the service's message (DRF would drop it)."""
    if isinstance(exc, EntryClosed):
        message = str(exc.args[0]) if exc.args else _("The year does not take changes.")
        return exceptions.PermissionDenied(message, code="entry_closed")
    if isinstance(exc, DjangoPermissionDenied) and exc.args:
        return exceptions.PermissionDenied(str(exc.args[0]))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return BodyTooLarge()
    if isinstance(exc, exceptions.ParseError):
        # DRF appends the JSON parser's own English words ("Out of range float values…").
        return exceptions.ParseError(
            _("The request body is not valid JSON (numbers such as NaN, Infinity or 1e999 are "
              "not JSON either)."))
    if isinstance(exc, exceptions.Throttled):
        # DRF formats the wait into the text before translating it, so it stays English.
        wait = exc.wait if exc.wait is not None else 60
        throttled = exceptions.Throttled(detail=ngettext(
            "Too many requests without logging in. Try again in %(wait)d second.",
            "Too many requests without logging in. Try again in %(wait)d seconds.",
            wait) % {"wait": wait})
        throttled.wait = exc.wait
        return throttled
    if isinstance(exc, DatabaseError):
        logger.warning("An API request failed in the database: %s", exc, exc_info=exc)
        return DatabaseUnavailable()
    return exc


def exception_handler(exc, context):
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging
    if isinstance(exc, ValuesRejected):
        detail, code, errors = str(exc.detail), exc.detail.code, exc.errors
    elif isinstance(exc, exceptions.ValidationError):
        detail = _("The request is not valid: see the messages in “errors”.")
        code = "invalid"
        errors = flatten_errors(response.data)
    else:
        detail = str(getattr(exc, "detail", response.data.get("detail", "")))
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        errors = {}
    body = {"status": response.status_code, "code": code, "detail": detail, "errors": errors}
    if isinstance(exc, ValuesRejected) and exc.current is not None:
        body["current"] = exc.current
    response.data = body
    if isinstance(exc, DatabaseUnavailable):
        response["Retry-After"] = "5"
    return response
