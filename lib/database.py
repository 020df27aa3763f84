"""What a page does when the database cannot carry out a write.

The services make every write atomic, so a database error during one (the database busy beyond
its timeout, a lost connection, a conflicting row written a moment ago) leaves nothing
half-written. The page must then say so and show the form again with what the user entered,
not an error page that loses it. Views wrap the service call::

    try:
        with guarded_write():
            services.year_open(...)
    except ValidationError as error:  # the service's own refusals and WriteFailed alike
        add_errors(form, error)

The write must be a transaction of its own (services are ``transaction.atomic``), and
``guarded_write`` must enclose the whole of it: it catches the error after the rollback, so it
goes outside ``transaction.atomic``, never inside one.
"""

import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

WRITE_FAILED = _(
    "The database could not save this just now, so nothing was saved. What you entered is "
    "still here: send it again in a moment."
)


class WriteFailed(ValidationError):
    """A write the database could not do; nothing of it was saved. A ``ValidationError``, so a
    view shows it on its form like any refused input."""

    def __init__(self, message=WRITE_FAILED):
        super().__init__(message, code="write_failed")


@contextmanager
def guarded_write():
    """Turn a ``DatabaseError`` raised inside into ``WriteFailed`` (and log it)."""
    try:
        yield
    except DatabaseError as error:
        logger.warning("A write failed in the database: %s", error, exc_info=True)
        raise WriteFailed from error
