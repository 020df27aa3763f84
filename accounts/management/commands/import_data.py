"""``manage.py import_data FILE``: load an ``export_data`` file into a migrated, empty database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.backup import BrokenBackup, DatabaseNotEmpty, import_data


class Command(BaseCommand):
    help = (
        "Import a file written by export_data into this database (run migrate first). "
        "All or nothing; refuses a database that already holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="import into a database that already holds data (same ids are overwritten)",
        )

    def handle(self, *args, file, force, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(file, force)

    def _import(self, file, force):
        try:
            import_data(file, force=force)
        except BrokenBackup as error:
            raise CommandError(str(error)) from None
        except DatabaseNotEmpty as error:
            raise CommandError(
                f"The database already holds data ({error}). Import into an empty database "
                "(after migrate), or use --force."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
