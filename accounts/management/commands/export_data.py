"""``manage.py export_data FILE``: the whole database content as portable JSON."""

from django.core.management.base import BaseCommand

from accounts.backup import export_data


class Command(BaseCommand):
    help = "Export the whole database content to a portable JSON file (see import_data)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write, e.g. backup-2026-01-31.json")

    def handle(self, *args, file, **options):
        export_data(file)
        self.stdout.write(self.style.SUCCESS(f"Exported to {file}."))
