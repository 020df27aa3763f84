"""The database cache table of ``CACHES['shared']`` (the API's throttle counters, shared by every
web worker): made by ``migrate``, so ``make run``, the deployment and the tests need no extra
``createcachetable`` step. Nothing is made when the shared cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias,
                 verbosity=0)


def drop_cache_table(apps, schema_editor):
    from django.conf import settings

    if settings.CACHES["shared"]["BACKEND"].endswith("DatabaseCache"):
        table = schema_editor.quote_name(settings.CACHES["shared"]["LOCATION"])
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
