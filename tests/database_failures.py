"""Simulating a database that cannot write, for the tests of the error path.

``database_fails(table)`` makes every INSERT, UPDATE or DELETE on ``table`` raise
``OperationalError("database is locked")`` (what SQLite says when a writer waited beyond its
timeout), optionally after the first ``after`` writes to it went through. The failure is raised
below the ORM, in the connection's ``execute_wrapper``, so the service's transaction meets it
exactly where a real one would. Failing a history table (written after the row itself) proves
that the row's own write was rolled back too.
"""

import re
from contextlib import contextmanager

from django.db import OperationalError, connection

WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
# The start of lib.database.WRITE_FAILED in Polish.
BUSY = "Baza danych nie mogła teraz tego zapisać, więc nic nie zostało zapisane."


@contextmanager
def database_fails(table: str, *, after: int = 0):
    seen = 0

    def wrapper(execute, sql, params, many, context):
        nonlocal seen
        match = WRITE.match(sql)
        if match and match.group(2) == table:
            seen += 1
            if seen > after:
                raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield
