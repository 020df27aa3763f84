"""``manage.py render_report <slug> <year> --format pdf|xlsx --output FILE``.

Writes exactly what the web download gives: the same stored file for the same data (rendered now,
synchronously, and kept for the web if there is none yet).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from programs.models import Programme, ReportingYear
from reports.builder import LAYOUTS
from reports.exporters import EXPORTERS
from reports.rendering import render_and_store


class Command(BaseCommand):
    help = "Render a programme's yearly report to a PDF or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("year", type=int)
        parser.add_argument("--format", dest="file_format", choices=sorted(EXPORTERS),
                            default="pdf")
        parser.add_argument("--layout", choices=LAYOUTS, default=None,
                            help="table or monitoring (default: chosen by the data)")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")

    def handle(self, *args, slug, year, file_format, layout, output, **options):
        try:
            programme = Programme.objects.get(slug=slug)
        except Programme.DoesNotExist:
            raise CommandError(_("There is no programme „%(slug)s”.") % {"slug": slug}) from None
        try:
            reporting_year = ReportingYear.objects.select_related("prepared_by").get(
                programme=programme, year=year
            )
        except ReportingYear.DoesNotExist:
            raise CommandError(
                _("Programme „%(slug)s” has no reporting year %(year)d.")
                % {"slug": slug, "year": year}
            ) from None
        rendered = render_and_store(programme, reporting_year, layout=layout,
                                    file_format=file_format)
        content = bytes(rendered.content)
        if output == "-":
            self.stdout.buffer.write(content)  # type: ignore[attr-defined]
            return
        Path(output).write_bytes(content)
        pages = f", {rendered.pages} pp." if rendered.pages else ""
        self.stderr.write(f"{output}: {len(content)} B{pages}")
