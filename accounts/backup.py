"""A portable export/import of the whole database content (all apps), for backups and moves
between servers or database engines. ``manage.py export_data`` / ``import_data`` use it.

Built on Django's serialisation (``dumpdata``/``loaddata``): primary keys are kept, so every
reference survives; references to content types and permissions go by natural key, because
those rows are not exported — ``migrate`` creates them on the target. Not exported: sessions,
django-axes' login attempts and the background tasks' queue (transient).
"""

import json

from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from accounts.backup_format import FORMAT

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
    """Write the whole database content to ``path`` (JSON, timestamps to the microsecond)."""
    serializers.register_serializer(FORMAT, "accounts.backup_format")
    call_command(
        "dumpdata",
        format=FORMAT,
        exclude=EXCLUDED,
        natural_foreign=True,
        indent=1,
        output=path,
        verbosity=0,
    )


def non_empty_models() -> list[str]:
    """Labels of exported models that already have rows."""
    return [model._meta.label for model in exported_models() if model._default_manager.exists()]


class BrokenBackup(Exception):
    """The file cannot be imported (missing, truncated, not an export); ``str()`` says why in
    one Polish line. Nothing was changed."""


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
    _check_readable(path)
    try:
        # One transaction: a failure half-way (a row the database refuses) undoes all of it.
        with transaction.atomic():
            call_command("loaddata", path, verbosity=0)
    except DatabaseError as error:
        reason = _("the database refused one of its records: a duplicate, or a reference to a "
                   "record that is not in the file")
        raise _not_imported(path, reason, error) from None
    except (DeserializationError, CommandError, ValueError, LookupError) as error:
        reason = _("one of its records does not fit this version of the application: a table or "
                   "field it does not know, or a value of the wrong kind")
        raise _not_imported(path, reason, error) from None


def _not_imported(path: str, reason: str, error: Exception) -> BrokenBackup:
    """The one Polish line: what went wrong in words, then Django's own text (English, for
    whoever investigates) marked as the technical detail."""
    return BrokenBackup(_("The file %(path)s cannot be imported: %(reason)s (technical detail: "
                          "%(detail)s); nothing was changed.")
                        % {"path": path, "reason": reason, "detail": _first_line(error)})


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return (text[:200] + "…") if len(text) > 200 else text or error.__class__.__name__


def _check_readable(path: str) -> None:
    """A file that is not a whole export is refused before anything is loaded."""
    if not path.endswith(".json"):
        raise BrokenBackup(_("The file %(path)s is not an export_data file (it must end in "
                             ".json); nothing was changed.") % {"path": path})
    try:
        with open(path, encoding="utf-8") as stream:
            rows = json.load(stream)
    except OSError as error:
        raise BrokenBackup(_("The file %(path)s cannot be read (%(reason)s); nothing was "
                             "changed.") % {"path": path, "reason": error.strerror}) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BrokenBackup(_("The file %(path)s is damaged or incomplete (not a whole "
                             "export_data file); nothing was changed.") % {"path": path}) from None
    if not isinstance(rows, list) or not all(
            isinstance(row, dict) and "model" in row and "fields" in row for row in rows):
        raise BrokenBackup(_("The file %(path)s is not an export_data file; nothing was "
                             "changed.") % {"path": path})
