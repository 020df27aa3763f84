"""A portable export/import of the whole database content (all apps), for backups and moves
between servers or database engines. ``manage.py export_data`` / ``import_data`` use it.

Built on Django's serialisation (``dumpdata``/``loaddata``): primary keys are kept, so every
reference survives; references to content types and permissions go by natural key, because
those rows are not exported — ``migrate`` creates them on the target. Not exported: sessions,
django-axes' login attempts and the background tasks' queue (transient).
"""

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "django_tasks_database",
    "spreadsheets.pendingupload",  # uploads awaiting confirmation, gone within the hour
]


def exported_models() -> list:
    """Every model whose rows the export holds."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def export_data(path: str) -> None:
    """Write the whole database content to ``path`` (JSON)."""
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        indent=1,
        output=path,
        verbosity=0,
    )


def non_empty_models() -> list[str]:
    """Labels of exported models that already have rows."""
    return [model._meta.label for model in exported_models() if model._default_manager.exists()]


class DatabaseNotEmpty(Exception):
    def __init__(self, labels):
        self.labels = labels
        super().__init__(", ".join(labels))


@transaction.atomic
def import_data(path: str, *, force: bool = False) -> None:
    """Load an export into this database, all or nothing.

    Refuses a database that already holds data (``DatabaseNotEmpty``) unless ``force``: rows
    with the same primary key are then overwritten and others kept.
    """
    if not force and (labels := non_empty_models()):
        raise DatabaseNotEmpty(labels)
    call_command("loaddata", path, verbosity=0)
