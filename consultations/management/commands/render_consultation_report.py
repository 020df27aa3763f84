from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.models import Consultation
from consultations.report import EXPORTERS


class Command(BaseCommand):
    help = (
        "Write the report of a consultation to a file: PDF, or printable HTML when the file "
        "name ends with .html (or with --format html)."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation_id", type=int)
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default=None)

    def handle(self, *args, consultation_id, output, format=None, **options):
        try:
            consultation = Consultation.objects.get(pk=consultation_id)
        except Consultation.DoesNotExist:
            raise CommandError(f"Nie ma konsultacji o numerze {consultation_id}.") from None
        path = Path(output)
        fmt = format or ("html" if path.suffix.lower() in (".html", ".htm") else "pdf")
        _, _, content = EXPORTERS[fmt](consultation).render()
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Nie można zapisać pliku {path}: {error}") from error
        self.stdout.write(f"Raport zapisano w {path} ({len(content)} B, {fmt.upper()}).")
