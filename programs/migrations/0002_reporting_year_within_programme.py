"""A reporting year must lie within its programme's years.

A CHECK constraint cannot look at another table, so the invariant is kept by a trigger on each
database we support (SQLite, the embedded default, and PostgreSQL).
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER reporting_year_within_programme_insert
    BEFORE INSERT ON programs_reportingyear
    WHEN NEW.year < (SELECT first_year FROM programs_programme WHERE id = NEW.programme_id)
      OR NEW.year > (SELECT last_year FROM programs_programme WHERE id = NEW.programme_id)
    BEGIN SELECT RAISE(ABORT, 'reporting year outside the programme years'); END;
    """,
    """
    CREATE TRIGGER reporting_year_within_programme_update
    BEFORE UPDATE OF year, programme_id ON programs_reportingyear
    WHEN NEW.year < (SELECT first_year FROM programs_programme WHERE id = NEW.programme_id)
      OR NEW.year > (SELECT last_year FROM programs_programme WHERE id = NEW.programme_id)
    BEGIN SELECT RAISE(ABORT, 'reporting year outside the programme years'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reporting_year_within_programme_insert;",
    "DROP TRIGGER IF EXISTS reporting_year_within_programme_update;",
]

POSTGRES = [
    """
    CREATE FUNCTION reporting_year_within_programme() RETURNS trigger AS $$
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
    """
    CREATE TRIGGER reporting_year_within_programme
    BEFORE INSERT OR UPDATE OF year, programme_id ON programs_reportingyear
    FOR EACH ROW EXECUTE FUNCTION reporting_year_within_programme();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS reporting_year_within_programme ON programs_reportingyear;",
    "DROP FUNCTION IF EXISTS reporting_year_within_programme();",
]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = (
        SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRES_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
