"""A reporting year must lie within its programme's years: a trigger (see programs/db_triggers.py)."""

from django.db import migrations

from programs import db_triggers


def forwards(apps, schema_editor):
    db_triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    db_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
