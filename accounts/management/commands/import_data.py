"""``manage.py import_data FILE``: load an ``export_data`` file into a migrated, empty database."""

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import DatabaseNotEmpty, import_data


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
        try:
            import_data(file, force=force)
        except DatabaseNotEmpty as error:
            raise CommandError(
                f"The database already holds data ({error}). Import into an empty database "
                "(after migrate), or use --force."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
