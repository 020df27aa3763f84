"""Database triggers for invariants a CHECK constraint cannot express (it cannot read another
table): a reporting year must lie within its programme's years.

Installed by migration 0002 and again after every ``migrate`` (``post_migrate``): SQLite drops a
table's triggers whenever Django rebuilds the table for a schema change, so re-installing them
(idempotently) is the only way to keep them on SQLite.
"""

from django.db import connections

SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS reporting_year_within_programme_insert
    BEFORE INSERT ON programs_reportingyear
    WHEN NEW.year < (SELECT first_year FROM programs_programme WHERE id = NEW.programme_id)
      OR NEW.year > (SELECT last_year FROM programs_programme WHERE id = NEW.programme_id)
    BEGIN SELECT RAISE(ABORT, 'reporting year outside the programme years'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS reporting_year_within_programme_update
    BEFORE UPDATE OF year, programme_id ON programs_reportingyear
    WHEN NEW.year < (SELECT first_year FROM programs_programme WHERE id = NEW.programme_id)
      OR NEW.year > (SELECT last_year FROM programs_programme WHERE id = NEW.programme_id)
    BEGIN SELECT RAISE(ABORT, 'reporting year outside the programme years'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reporting_year_within_programme_insert;",
    "DROP TRIGGER IF EXISTS reporting_year_within_programme_update;",
]

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION reporting_year_within_programme() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM programs_programme p WHERE p.id = NEW.programme_id
                 AND (NEW.year < p.first_year OR NEW.year > p.last_year)) THEN
        RAISE EXCEPTION 'reporting year outside the programme years'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS reporting_year_within_programme ON programs_reportingyear;",
    """
    CREATE TRIGGER reporting_year_within_programme
    BEFORE INSERT OR UPDATE OF year, programme_id ON programs_reportingyear
    FOR EACH ROW EXECUTE FUNCTION reporting_year_within_programme();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS reporting_year_within_programme ON programs_reportingyear;",
    "DROP FUNCTION IF EXISTS reporting_year_within_programme();",
]


def install(connection) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def reinstall_after_migrate(sender, using, **kwargs) -> None:
    """``post_migrate`` receiver: put the triggers back if a table rebuild dropped them."""
    connection = connections[using]
    if "programs_reportingyear" in connection.introspection.table_names():
        install(connection)
